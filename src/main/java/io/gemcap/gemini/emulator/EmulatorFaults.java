package io.gemcap.gemini.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's bad behaviour, settable while the emulator runs: request quotas over sliding
 * windows, random error rates per status, calls that hang, outages for a period, and the next
 * calls failing with a given status. Thread-safe.
 */
public final class EmulatorFaults {

    /** What the emulator should do with one call before answering it. */
    sealed interface Decision {
        record Answer() implements Decision {
        }

        record Fail(int status) implements Decision {
        }

        record RateLimited(Duration retryAfter, SlidingWindowQuota quota) implements Decision {
        }

        record Hang(Duration duration) implements Decision {
        }

        record Refuse(String status, String message) implements Decision {
        }
    }

    private final Map<Duration, SlidingWindowQuota> quotas = new ConcurrentHashMap<>();
    private final Map<Integer, Double> errorRates = new ConcurrentHashMap<>();
    private final AtomicInteger failNextCount = new AtomicInteger();
    private volatile int failNextStatus;
    private volatile double hangRate;
    private volatile Duration hangFor = Duration.ZERO;
    private volatile long outageUntilNanos;
    private final AtomicInteger hangNextCount = new AtomicInteger();
    private volatile Decision.Refuse refusal;
    private volatile boolean html;
    private volatile boolean wrongShape;
    private volatile boolean echoKey;
    private volatile double notJsonShare;
    private volatile double missingRequiredShare;
    private volatile String answerNoise = "";
    private volatile BatchRequestErrors batchRequestErrors;
    private final Map<String, AtomicInteger> batchRequestErrorsSent = new ConcurrentHashMap<>();

    /** Which batch requests fail, with which code, how many times per image. */
    private record BatchRequestErrors(int code, java.util.function.Predicate<String> images, int times) {
    }

    /** How an answer asked to follow a schema breaks it. */
    enum BrokenAnswer {
        NONE, NOT_JSON, MISSING_REQUIRED
    }

    /** At most {@code requests} calls in any sliding {@code window}; more are answered 429 with RetryInfo. */
    public EmulatorFaults quota(int requests, Duration window) {
        quotas.put(window, new SlidingWindowQuota(requests, window));
        return this;
    }

    /** Each call is answered {@code status} (429, 500, 503, 504) with this probability. */
    public EmulatorFaults errorRate(int status, double probability) {
        errorRates.put(status, probability);
        return this;
    }

    /** Each call hangs for {@code duration} before being answered, with this probability. */
    public EmulatorFaults hang(double probability, Duration duration) {
        hangFor = duration;
        hangRate = probability;
        return this;
    }

    /** The next {@code count} calls hang for {@code duration} before being answered. */
    public EmulatorFaults hangNext(int count, Duration duration) {
        hangFor = duration;
        hangNextCount.set(count);
        return this;
    }

    /** Every call is answered 503 UNAVAILABLE for the next {@code period}. */
    public EmulatorFaults outage(Duration period) {
        outageUntilNanos = System.nanoTime() + period.toNanos();
        return this;
    }

    /** The next {@code count} calls are answered {@code status}. */
    public EmulatorFaults failNext(int count, int status) {
        failNextStatus = status;
        failNextCount.set(count);
        return this;
    }

    /**
     * Every generate call is answered 400 with this status and message, about the request rather than any image
     * (a setting the model refuses, {@code FAILED_PRECONDITION} "User location is not supported for the API use.").
     */
    public EmulatorFaults refuseRequests(String status, String message) {
        refusal = new Decision.Refuse(status, message);
        return this;
    }

    /** Every request is answered 200 with an HTML page, as a captive portal or a misconfigured proxy does. */
    public EmulatorFaults answerHtml() {
        html = true;
        return this;
    }

    /**
     * Every generate call of a run (not gemcap's start-up check) is generated and billed, then answered 200 with JSON
     * that is not Gemini's shape ({@code {"candidates":[{"content":17}],"usageMetadata":"lots"}}), as a gateway that
     * mangles answers does.
     */
    public EmulatorFaults answerWrongShape() {
        wrongShape = true;
        return this;
    }

    boolean wrongShape() {
        return wrongShape;
    }

    /**
     * Of the answers asked to follow a schema, this share is not JSON at all (cut short, as at the token limit), and this
     * share leaves out a required property.
     */
    public EmulatorFaults brokenAnswers(double notJson, double missingRequired) {
        notJsonShare = notJson;
        missingRequiredShare = missingRequired;
        return this;
    }

    BrokenAnswer brokenAnswer() {
        double draw = ThreadLocalRandom.current().nextDouble();
        if (draw < notJsonShare) {
            return BrokenAnswer.NOT_JSON;
        }
        return draw < notJsonShare + missingRequiredShare ? BrokenAnswer.MISSING_REQUIRED : BrokenAnswer.NONE;
    }

    /**
     * Requests of batches that carry images of this share (chosen by content, so the same images each time) are answered
     * with a per-request error of this gRPC code (13 INTERNAL, 14 UNAVAILABLE, 8 RESOURCE_EXHAUSTED, 4 DEADLINE_EXCEEDED,
     * 3 INVALID_ARGUMENT about the image), the first {@code times} times each image is sent.
     */
    public EmulatorFaults failBatchRequests(int code, double share, int times) {
        batchRequestErrors = new BatchRequestErrors(code, sha256 -> Math.floorMod(sha256.hashCode(), 1000) < share * 1000, times);
        batchRequestErrorsSent.clear();
        return this;
    }

    /** As {@link #failBatchRequests(int, double, int)}, for the images of these contents (SHA-256 of the bytes sent). */
    public EmulatorFaults failBatchRequestsFor(int code, java.util.Set<String> sha256s, int times) {
        java.util.Set<String> named = java.util.Set.copyOf(sha256s);
        batchRequestErrors = new BatchRequestErrors(code, named::contains, times);
        batchRequestErrorsSent.clear();
        return this;
    }

    /** The gRPC code a batch request carrying this image is answered with instead of an answer, if any. */
    java.util.OptionalInt batchRequestError(String sha256) {
        BatchRequestErrors errors = batchRequestErrors;
        if (errors == null || sha256 == null || !errors.images().test(sha256)) {
            return java.util.OptionalInt.empty();
        }
        int sent = batchRequestErrorsSent.computeIfAbsent(sha256, sha -> new AtomicInteger()).getAndIncrement();
        return sent < errors.times() ? java.util.OptionalInt.of(errors.code()) : java.util.OptionalInt.empty();
    }

    /** Every answer's text starts with {@code characters} (a NUL, a terminal's escape sequence), as a model's sometimes does. */
    public EmulatorFaults answerNoise(String characters) {
        answerNoise = characters;
        return this;
    }

    String answerNoise() {
        return answerNoise;
    }

    /** Error messages repeat the API key the request carried, as a misconfigured gateway's do. */
    public EmulatorFaults echoKeyInErrors() {
        echoKey = true;
        return this;
    }

    Decision.Refuse refusal() {
        return refusal;
    }

    boolean html() {
        return html;
    }

    boolean echoKey() {
        return echoKey;
    }

    /** Back to a well-behaved service. */
    public EmulatorFaults clear() {
        refusal = null;
        html = false;
        wrongShape = false;
        echoKey = false;
        quotas.clear();
        errorRates.clear();
        failNextCount.set(0);
        hangRate = 0;
        hangNextCount.set(0);
        outageUntilNanos = 0;
        notJsonShare = 0;
        missingRequiredShare = 0;
        answerNoise = "";
        batchRequestErrors = null;
        batchRequestErrorsSent.clear();
        return this;
    }

    Decision decide() {
        long now = System.nanoTime();
        for (SlidingWindowQuota quota : quotas.values()) {
            Optional<Duration> wait = quota.tryAdmit(now);
            if (wait.isPresent()) {
                return new Decision.RateLimited(wait.get(), quota);
            }
        }
        Decision.Refuse refused = refusal;
        if (refused != null) {
            return refused;
        }
        if (outageUntilNanos != 0 && now < outageUntilNanos) {
            return new Decision.Fail(503);
        }
        if (failNextCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Decision.Fail(failNextStatus);
        }
        if (hangNextCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Decision.Hang(hangFor);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (Map.Entry<Integer, Double> rate : errorRates.entrySet()) {
            if (random.nextDouble() < rate.getValue()) {
                return new Decision.Fail(rate.getKey());
            }
        }
        if (hangRate > 0 && random.nextDouble() < hangRate) {
            return new Decision.Hang(hangFor);
        }
        return new Decision.Answer();
    }
}
