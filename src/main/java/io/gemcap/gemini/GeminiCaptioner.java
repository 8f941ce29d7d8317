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
import io.gemcap.image.TokenEstimate;
import io.gemcap.policy.CallPolicy;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Captions one prepared image with {@code generateContent}, under the {@link CallPolicy} (breaker,
 * quota pacing, retry). Thread-safe: one instance serves all workers.
 */
public final class GeminiCaptioner {

    private final Client client;
    private final GeminiSettings settings;
    private final CallPolicy policy;
    private final GenerateContentConfig config;
    private final int promptTokens;
    private final Part promptPart;

    public GeminiCaptioner(Client client, GeminiSettings settings, CallPolicy policy) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = Objects.requireNonNull(policy, "policy");
        GenerateContentConfig.Builder builder = GenerateContentConfig.builder();
        if (settings.maxOutputTokens() != null) {
            builder.maxOutputTokens(settings.maxOutputTokens());
        }
        this.config = builder.build();
        this.promptTokens = TokenEstimate.text(settings.prompt());
        this.promptPart = Part.fromText(settings.prompt());
    }

    /** The request for one image: the prompt, built once at start-up, then the image inline. */
    private Content content(PreparedImage image) {
        return Content.fromParts(promptPart, Part.fromBytes(image.bytes(), image.type().mime()));
    }

    public String model() {
        return settings.model();
    }

    public CallPolicy policy() {
        return policy;
    }

    /**
     * Asks the service about the model before any image is sent ({@code GET models/{model}}, which no
     * generate quota counts): a rejected key stops the job before it starts, and the client's code is
     * warm before paced calls begin, so the first of them do not bunch up behind its start-up. A
     * service that does not offer the lookup, or cannot be reached yet, is left to the run itself.
     *
     * @throws GeminiFatalException when the key is rejected
     */
    public void preflight() {
        try {
            client.models.get(settings.model(), null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                try {
                    OutcomeClassifier.fromError(e, 0, settings.model());
                } catch (TransientCallException | DailyQuotaExhaustedException ignored) {
                    // the run will meet it again and handle it under the policy
                }
            }
        } catch (GenAiIOException e) {
            // unreachable now: the run's breaker and patience decide
        }
        Content.fromParts(promptPart).toJson();
    }

    /**
     * @throws GeminiFatalException when the job must stop (key rejected, unknown model, service down past the patience)
     * @throws DailyQuotaExhaustedException when the day's requests are used up
     */
    public CallOutcome caption(PreparedImage image) {
        Content content = content(image);
        int estimate = promptTokens + TokenEstimate.image(image.dimensions(), settings.model());
        long started = System.nanoTime();
        try {
            return policy.execute(estimate, () -> attempt(content, estimate));
        } catch (TransientCallException e) {
            return new CallOutcome.Failed(e.getMessage(), elapsedMs(started));
        }
    }
    /** Streams one image's caption to {@code chunks} as it is generated; no retries, for interactive use. */
    public CallOutcome captionStreaming(PreparedImage image, Consumer<String> chunks) {
        Content content = content(image);
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
            return new CallOutcome.Failed(transientFailure(e).getMessage(), elapsedMs(started));
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
            policy.pacer().succeeded(estimate, OutcomeClassifier.tokens(response).prompt());
            return outcome;
        } catch (ApiException e) {
            return OutcomeClassifier.fromError(e, elapsedMs(started), settings.model());
        } catch (GenAiIOException e) {
            throw transientFailure(e);
        }
    }

    private TransientCallException transientFailure(GenAiIOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InterruptedIOException) {
            return new TransientCallException(TransientCallException.Kind.TIMEOUT,
                    "no answer within " + settings.timeout().toMillis() + " ms", null);
        }
        return new TransientCallException(TransientCallException.Kind.NETWORK, "cannot reach " + settings.endpoint() + " ("
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", null);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
