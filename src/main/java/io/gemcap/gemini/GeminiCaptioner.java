package io.gemcap.gemini;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import io.gemcap.image.PreparedImage;
import io.github.resilience4j.retry.Retry;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Captions one prepared image with {@code generateContent}, under the retry policy. Thread-safe: the
 * count of calls in a row that could not reach the service is shared by all threads, since an
 * outage concerns them all.
 */
public final class GeminiCaptioner {

    private final Client client;
    private final GeminiSettings settings;
    private final Retry retry;
    private final int attemptsPerImage;
    private final int unreachableAfter;
    private final GenerateContentConfig config;
    private final AtomicInteger unreachableInARow = new AtomicInteger();

    public GeminiCaptioner(Client client, GeminiSettings settings, Retry retry, int attemptsPerImage, int unreachableAfter) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.attemptsPerImage = attemptsPerImage;
        this.unreachableAfter = unreachableAfter;
        GenerateContentConfig.Builder builder = GenerateContentConfig.builder();
        if (settings.maxOutputTokens() != null) {
            builder.maxOutputTokens(settings.maxOutputTokens());
        }
        this.config = builder.build();
    }

    public String model() {
        return settings.model();
    }

    /**
     * @throws GeminiFatalException when the job must stop (key rejected, unknown model, service unreachable)
     */
    public CallOutcome caption(PreparedImage image) {
        Content content = Content.fromParts(Part.fromText(settings.prompt()), Part.fromBytes(image.bytes(), image.type().mime()));
        AtomicInteger transientFailures = new AtomicInteger();
        long started = System.nanoTime();
        Supplier<CallOutcome> attempt = () -> attempt(content, transientFailures);
        try {
            return Retry.decorateSupplier(retry, attempt).get();
        } catch (TransientCallException e) {
            return new CallOutcome.Failed(e.getMessage() + " (gave up after " + transientFailures.get() + " attempts)",
                    elapsedMs(started));
        }
    }

    /** Streams one image's caption to {@code chunks} as it is generated; no retries, for interactive use. */
    public CallOutcome captionStreaming(PreparedImage image, Consumer<String> chunks) {
        Content content = Content.fromParts(Part.fromText(settings.prompt()), Part.fromBytes(image.bytes(), image.type().mime()));
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
            return OutcomeClassifier.fromError(e, elapsedMs(started), settings.model());
        } catch (GenAiIOException e) {
            throw unreachable(e);
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

    private CallOutcome attempt(Content content, AtomicInteger transientFailures) {
        long started = System.nanoTime();
        try {
            GenerateContentResponse response = client.models.generateContent(settings.model(), content, config);
            unreachableInARow.set(0);
            return OutcomeClassifier.fromResponse(response, elapsedMs(started), settings.model());
        } catch (ApiException e) {
            unreachableInARow.set(0);
            try {
                return OutcomeClassifier.fromError(e, elapsedMs(started), settings.model());
            } catch (TransientCallException t) {
                boolean more = transientFailures.incrementAndGet() < attemptsPerImage;
                throw new TransientCallException(t.getMessage(), more, t.retryAfter());
            }
        } catch (GenAiIOException e) {
            if (unreachableInARow.incrementAndGet() >= unreachableAfter) {
                throw unreachable(e);
            }
            transientFailures.incrementAndGet();
            throw new TransientCallException(describe(e), true, null);
        }
    }

    private GeminiFatalException unreachable(GenAiIOException e) {
        return new GeminiFatalException(GeminiFatalException.Cause.UNREACHABLE,
                "the Gemini service at " + settings.endpoint() + " could not be reached for " + unreachableAfter
                        + " calls in a row (" + describe(e) + "): run the same command to resume when it is back");
    }

    private String describe(GenAiIOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InterruptedIOException) {
            return "no answer within " + settings.timeout().toSeconds() + " s";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
