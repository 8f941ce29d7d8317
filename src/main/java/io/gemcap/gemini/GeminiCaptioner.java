package io.gemcap.gemini;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import io.gemcap.image.SendableImage;
import io.gemcap.policy.CallPolicy;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Captions one prepared image with {@code generateContent}, under the {@link CallPolicy} (breaker,
 * quota pacing, retry), with the run's {@link RequestSettings}. Thread-safe: one instance serves all workers.
 */
public final class GeminiCaptioner {

    /** Marks gemcap's start-up check, so that whoever watches the wire (the emulator's counts) can tell it from a run's calls. */
    public static final String STARTUP_CHECK_HEADER = "x-gemcap-check";

    /** How the reason of a call that timed out begins, before the timeout ("no answer within 60000 ms"). */
    public static final String NO_ANSWER_WITHIN = "no answer within ";
    /** How the reason of a call that found no connection begins, before the endpoint and what the network said. */
    public static final String CANNOT_REACH = "cannot reach ";

    /** How many different images refused in a row with the same 400 about the request stop the job. */
    static final int REFUSALS_IN_A_ROW = 3;
    private static final byte[] ONE_PIXEL_PNG = onePixelPng();

    private final Client client;
    private final GeminiSettings settings;
    private final CallPolicy policy;
    private final GenerateContentConfig config;
    private final Part promptPart;
    private final String prompt;
    private final int maxOutputTokens;
    private final UnaryOperator<String> redact;
    private final RequestRefusals refusals = new RequestRefusals(REFUSALS_IN_A_ROW);

    /** @param redact removes the credentials from what a server said, before it is stored or shown */
    public GeminiCaptioner(Client client, GeminiSettings settings, RequestSettings request, CallPolicy policy,
            UnaryOperator<String> redact) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.redact = Objects.requireNonNull(redact, "redact");
        this.config = request.config();
        this.prompt = request.prompt();
        this.promptPart = Part.fromText(prompt);
        this.maxOutputTokens = request.longestAnswer();
    }

    /** The request for one image: the run's prompt (built once at start-up) or its own, then the image inline. */
    private Content content(SendableImage image, String own) {
        Part text = own == null || own.equals(prompt) ? promptPart : Part.fromText(own);
        return Content.fromParts(text, Part.fromBytes(image.bytes(), image.mime()));
    }

    public String model() {
        return settings.model();
    }

    /** The longest answer a request may get, thinking included: what a budget reserves for each call's output. */
    public int maxOutputTokens() {
        return maxOutputTokens;
    }

    public CallPolicy policy() {
        return policy;
    }

    /**
     * Checks, before any image of the run is sent, that the endpoint is the Gemini API and takes the run's
     * request: it asks about the model ({@code GET models/{model}}, which no generate quota counts), then
     * sends the run's prompt and settings once with a one-pixel image (marked with the
     * {@code x-gemcap-check} header; it costs one small call). A rejected key, an unknown model, an answer
     * that is not the service's (an HTML page, TLS against a plain-HTTP port) or a refusal of the request
     * stops the job before it starts; a service that is busy or unreachable is left to the run's policy.
     * It also warms the client's code, so the first paced calls do not bunch up behind its start-up.
     *
     * @return the tokens the service reported for the check's answer, or {@code null} when it gave none (a busy or
     *     unreachable service, left to the run)
     * @throws GeminiFatalException when the job cannot run as configured
     */
    public Tokens preflight() {
        try {
            client.models.get(settings.model(), null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                classifyAtStart(e);
            }
        } catch (GenAiIOException e) {
            notTheService(e);
        }
        GenerateContentConfig marked = config.toBuilder()
                .httpOptions(HttpOptions.builder().headers(Map.of(STARTUP_CHECK_HEADER, "start-up")).build()).build();
        try {
            return OutcomeClassifier.tokens(client.models.generateContent(settings.model(),
                    Content.fromParts(promptPart, Part.fromBytes(ONE_PIXEL_PNG, "image/png")), marked));
        } catch (ApiException e) {
            CallOutcome outcome = classifyAtStart(e);
            if (outcome instanceof CallOutcome.RequestRefused || outcome instanceof CallOutcome.Refused) {
                throw new GeminiFatalException(GeminiFatalException.Cause.REQUEST_REFUSED, "the service refused gemcap's start-up"
                        + " request (a one-pixel image with this run's prompt and settings): " + redact.apply(OutcomeClassifier.summary(e))
                        + ": check --model, --prompt and the settings in config/application.yml");
            }
        } catch (GenAiIOException e) {
            notTheService(e);
        }
        return null;
    }

    /** The outcome of an error at start; what concerns the whole job is thrown, what may pass is left to the run. */
    private CallOutcome classifyAtStart(ApiException e) {
        try {
            return OutcomeClassifier.fromError(redacted(e), 0, settings.model());
        } catch (TransientCallException | DailyQuotaExhaustedException passes) {
            return null;
        }
    }

    /** An answer the client could not read as JSON, or a TLS failure, means something other than the service answers. */
    private void notTheService(GenAiIOException e) {
        Throwable cause = e.getCause();
        if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            throw new GeminiFatalException(GeminiFatalException.Cause.NOT_THE_SERVICE, "what answers at " + settings.endpoint()
                    + " is not the Gemini API (its answer is not JSON, e.g. a proxy's login page): check --endpoint and the"
                    + " proxy settings");
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            throw new GeminiFatalException(GeminiFatalException.Cause.NOT_THE_SERVICE, "cannot speak TLS with " + settings.endpoint()
                    + " (" + cause.getMessage() + "): check --endpoint (http:// or https://)");
        }
    }

    /**
     * @throws GeminiFatalException when the job must stop (key rejected, unknown model, service down past the patience)
     * @throws DailyQuotaExhaustedException when the day's requests are used up
     */
    /**
     * @param estimate the input tokens predicted for the request, which the quota gate paces by
     * @param contentKey the image's content hash, to tell the same request refused for different images
     */
    public CallOutcome caption(SendableImage image, int estimate, String contentKey) {
        return caption(image, null, estimate, contentKey);
    }

    /** As {@link #caption(SendableImage, int, String)}, with the image's own prompt ({@code null}: the run's). */
    public CallOutcome caption(SendableImage image, String prompt, int estimate, String contentKey) {
        return caption(image, prompt, estimate, contentKey, () -> {
        });
    }

    /**
     * As {@link #caption(SendableImage, String, int, String)}, telling {@code sending} once, when the request first
     * goes out: after its rate-limit permit, so a call that waited and was given up before it went out is never told.
     */
    public CallOutcome caption(SendableImage image, String prompt, int estimate, String contentKey, Runnable sending) {
        Content content = content(image, prompt);
        long started = System.nanoTime();
        boolean[] sent = {false};
        boolean[] unanswered = {false};
        CallOutcome outcome;
        try {
            outcome = policy.execute(estimate, () -> {
                // Once per image, on its first attempt: what the resume counts is images sent, not attempts.
                if (!sent[0]) {
                    sent[0] = true;
                    sending.run();
                }
                try {
                    return attempt(content, estimate);
                } catch (TransientCallException e) {
                    unanswered[0] |= e.kind() == TransientCallException.Kind.TIMEOUT || e.kind() == TransientCallException.Kind.NETWORK;
                    throw e;
                }
            });
        } catch (TransientCallException e) {
            return new CallOutcome.Failed(e.getMessage(), elapsedMs(started), unanswered[0]);
        }
        refusals.record(contentKey, outcome);
        return outcome;
    }

    /** Streams one image's caption to {@code chunks} as it is generated; no retries, for interactive use. */
    public CallOutcome captionStreaming(SendableImage image, Consumer<String> chunks) {
        Content content = content(image, null);
        long started = System.nanoTime();
        StringBuilder text = new StringBuilder();
        GenerateContentResponse last = null;
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(settings.model(), content, config)) {
            for (GenerateContentResponse chunk : stream) {
                String piece = OutcomeClassifier.text(chunk);
                if (!piece.isEmpty()) {
                    chunks.accept(piece);
                    text.append(piece);
                }
                last = chunk;
            }
        } catch (ApiException e) {
            return OutcomeClassifier.fromError(redacted(e), elapsedMs(started), settings.model());
        } catch (GenAiIOException e) {
            String unreadable = unreadable(e);
            return unreadable != null ? new CallOutcome.Failed(unreadable, elapsedMs(started), true)
                    : new CallOutcome.Failed(transientFailure(e).getMessage(), elapsedMs(started));
        }
        if (last == null) {
            return new CallOutcome.Failed("the stream ended without a response", elapsedMs(started));
        }
        CallOutcome end = OutcomeClassifier.fromResponse(last, elapsedMs(started), settings.model());
        if (end instanceof CallOutcome.Blocked || text.toString().isBlank()) {
            return end;
        }
        String finish = last.finishReason().toString();
        return new CallOutcome.Captioned(text.toString().strip(), finish, OutcomeClassifier.tokens(last),
                elapsedMs(started), last.modelVersion().orElse(settings.model()), null);
    }

    private CallOutcome attempt(Content content, int estimate) {
        long started = System.nanoTime();
        try {
            GenerateContentResponse response = client.models.generateContent(settings.model(), content, config);
            CallOutcome outcome = OutcomeClassifier.fromResponse(response, elapsedMs(started), settings.model());
            policy.quota().succeeded(estimate, OutcomeClassifier.tokens(response).prompt());
            return outcome;
        } catch (ApiException e) {
            return OutcomeClassifier.fromError(redacted(e), elapsedMs(started), settings.model());
        } catch (GenAiIOException e) {
            String unreadable = unreadable(e);
            if (unreadable != null) {
                return new CallOutcome.Failed(unreadable, elapsedMs(started), true);
            }
            throw transientFailure(e);
        }
    }

    /**
     * An answer that came back as JSON but not of Gemini's shape (a gateway's mangling of it): the service was reached
     * and may have billed the call, so it is this image's failure, neither retried (a re-send would be billed again) nor
     * counted against the service's health. A body that is not JSON at all (a portal's HTML page) stays a failure to
     * reach the service. Returns the failure's reason, or {@code null} when the answer was not of that kind.
     */
    private String unreadable(GenAiIOException e) {
        if (!(e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException parse)) {
            return null;
        }
        String detail = parse.getOriginalMessage() == null ? parse.getClass().getSimpleName() : parse.getOriginalMessage().strip();
        int line = detail.indexOf('\n');
        return redact.apply("the answer was not Gemini's JSON (" + (line < 0 ? detail : detail.substring(0, line))
                + "); it may have been billed");
    }

    private TransientCallException transientFailure(GenAiIOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InterruptedIOException) {
            return new TransientCallException(TransientCallException.Kind.TIMEOUT,
                    NO_ANSWER_WITHIN + settings.timeout().toMillis() + " ms", null);
        }
        return new TransientCallException(TransientCallException.Kind.NETWORK, redact.apply(CANNOT_REACH + settings.endpoint() + " ("
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")"), null);
    }

    /** The error with the credentials taken out of its message. */
    private ApiException redacted(ApiException e) {
        String message = e.message();
        String clean = redact.apply(message);
        return clean == null || clean.equals(message) ? e : new ApiException(e.code(), e.status(), clean);
    }

    private static byte[] onePixelPng() {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
