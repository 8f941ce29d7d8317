package io.gemcap.gemini;

import com.google.genai.errors.ApiException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides what a response or an error means. The README's classification table
 * mirrors this class.
 *
 * <table>
 * <tr><th>outcome</th><th>row</th><th>job</th></tr>
 * <tr><td>finish STOP (or unspecified with text)</td><td>ok</td><td>goes on</td></tr>
 * <tr><td>finish MAX_TOKENS</td><td>ok, text kept, error says it was cut</td><td>goes on</td></tr>
 * <tr><td>prompt blocked (promptFeedback.blockReason)</td><td>blocked</td><td>goes on, no retry</td></tr>
 * <tr><td>finish SAFETY, RECITATION, PROHIBITED_CONTENT, BLOCKLIST, SPII, IMAGE_*, LANGUAGE, OTHER</td><td>blocked</td><td>goes on, no retry</td></tr>
 * <tr><td>400 naming the API key, 401, 403 (key or Vertex AI credentials)</td><td>none</td><td>stops, exit 2</td></tr>
 * <tr><td>404</td><td>none</td><td>stops, exit 2 (unknown model)</td></tr>
 * <tr><td>400 about the image (undecodable, MIME type, size), 413</td><td>rejected with the service's message</td><td>goes on</td></tr>
 * <tr><td>other 400 (a setting, the region)</td><td>failed, tried again next run</td><td>the same on 3 images in a row: stops, exit 2</td></tr>
 * <tr><td>400 whose body is not Gemini's error (a proxy's)</td><td>failed, tried again next run</td><td>goes on</td></tr>
 * <tr><td>429 with a per-day quota</td><td>none</td><td>stops, exit 4, resumable after midnight Pacific</td></tr>
 * <tr><td>429</td><td>retried after RetryInfo's delay, every worker paused; failed only past the longest wait</td><td>goes on, pace slowed</td></tr>
 * <tr><td>408, 5xx, time-out, connection refused/reset</td><td>retried with backoff; failed when attempts run out</td><td>breaker opens on a run of them: waits, stops (exit 1) past the patience</td></tr>
 * <tr><td>other 4xx</td><td>failed</td><td>goes on</td></tr>
 * </table>
 */
public final class OutcomeClassifier {

    /** How a blocked prompt's reason begins, before the block reason ("prompt blocked: SAFETY"). */
    public static final String PROMPT_BLOCKED = "prompt blocked: ";
    /** How a blocked answer's reason begins, before the finish reason ("response stopped: RECITATION"). */
    public static final String RESPONSE_STOPPED = "response stopped: ";
    /** How a refused image's reason begins, before the service's message. */
    public static final String IMAGE_REFUSED = "the service refused the image: ";
    /** How a refused request's reason begins, before the service's message. */
    public static final String REQUEST_REFUSED = "the service refused the request (not the image): ";

    private static final Set<String> BLOCKING_FINISH_REASONS = Set.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT",
            "BLOCKLIST", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER",
            "LANGUAGE", "OTHER");

    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"([0-9]+(?:\\.[0-9]+)?)s\"");

    private OutcomeClassifier() {
    }

    /** What a 2xx response means for the row. */
    public static CallOutcome fromResponse(GenerateContentResponse response, long latencyMs, String model) {
        Tokens tokens = tokens(response);
        String servedModel = response.modelVersion().orElse(model);
        var feedback = response.promptFeedback();
        if (feedback.isPresent() && feedback.get().blockReason().isPresent()) {
            String reason = PROMPT_BLOCKED + feedback.get().blockReason().get()
                    + feedback.get().blockReasonMessage().map(m -> " (" + m + ")").orElse("");
            return new CallOutcome.Blocked(reason, null, tokens, latencyMs, servedModel);
        }
        List<Candidate> candidates = response.candidates().orElse(List.of());
        if (candidates.isEmpty()) {
            return new CallOutcome.Failed("the response had no candidate and no block reason", latencyMs);
        }
        Candidate candidate = candidates.get(0);
        String finish = candidate.finishReason().map(FinishReason::toString).orElse("FINISH_REASON_UNSPECIFIED");
        String text = text(candidate);
        if (BLOCKING_FINISH_REASONS.contains(finish)) {
            String reason = RESPONSE_STOPPED + finish + candidate.finishMessage().map(m -> " (" + m + ")").orElse("");
            return new CallOutcome.Blocked(reason, finish, tokens, latencyMs, servedModel);
        }
        if (text.isBlank()) {
            return new CallOutcome.Failed("the response had no text (finish reason " + finish + ")", latencyMs);
        }
        String note = finish.equals("MAX_TOKENS") ? "caption cut at the output token limit (MAX_TOKENS)" : null;
        return new CallOutcome.Captioned(text.strip(), finish, tokens, latencyMs, servedModel, note);
    }

    /**
     * What an error response means.
     *
     * @return the row's outcome for a permanent per-image error
     * @throws GeminiFatalException when the error concerns the whole job
     * @throws TransientCallException when another attempt may succeed
     */
    public static CallOutcome fromError(ApiException error, long latencyMs, String model) {
        int code = error.code();
        String message = summary(error);
        if (code == 401 || (code == 403 && message.contains("aiplatform"))) {
            throw new GeminiFatalException(GeminiFatalException.Cause.KEY_REJECTED, "Vertex AI refused the credentials (" + code + ": "
                    + message + "): check the Google credentials (gcloud auth application-default login, GOOGLE_APPLICATION_CREDENTIALS)"
                    + " and the project's Vertex AI access, then run the same command to resume");
        }
        if (code == 403 || (code == 400 && message.toLowerCase(Locale.ROOT).contains("api key"))) {
            throw new GeminiFatalException(GeminiFatalException.Cause.KEY_REJECTED,
                    "the API key was rejected (" + code + ": " + message + "): check GEMINI_API_KEY, then run the same command to resume");
        }
        if (code == 404) {
            throw new GeminiFatalException(GeminiFatalException.Cause.MODEL_NOT_FOUND,
                    "model " + model + " was not found (" + message + "): pass --model with a model your key can use");
        }
        if (code == 400 || code == 413) {
            if (error.message() == null || error.message().isBlank()) {
                // Not Gemini's error shape ({"error": {"message": ...}}): a proxy or gateway answered, not the service.
                return new CallOutcome.Failed(code + " from something that is not the Gemini API (" + message + ")", latencyMs);
            }
            if (code == 413 || aboutTheImage(message)) {
                return new CallOutcome.Refused(IMAGE_REFUSED + message, latencyMs);
            }
            return new CallOutcome.RequestRefused(REQUEST_REFUSED + message, latencyMs);
        }
        if (code == 429) {
            String details = error.message() == null ? "" : error.message();
            if (details.contains("PerDay")) {
                throw new DailyQuotaExhaustedException("the service's requests-per-day quota is used up (429: " + message + ")");
            }
            throw new TransientCallException(TransientCallException.Kind.RATE_LIMITED, "429 " + message, retryDelay(details));
        }
        if (code == 408 || code >= 500) {
            throw new TransientCallException(TransientCallException.Kind.SERVER, code + " " + message, null);
        }
        return new CallOutcome.Failed(code + " " + message, latencyMs);
    }

    /** Words of the service's 400 messages that are about the image sent (its data, type or size) rather than the request. */
    private static final List<String> ABOUT_THE_IMAGE = List.of("image", "mime", "inline_data", "inlinedata", "payload size",
            "base64", "too large", "document", "media");

    static boolean aboutTheImage(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return ABOUT_THE_IMAGE.stream().anyMatch(lower::contains);
    }

    /** The RetryInfo delay ({@code "retryDelay": "17s"}) among the details the client appends to the message, or {@code null}. */
    static Duration retryDelay(String details) {
        Matcher delay = RETRY_DELAY.matcher(details);
        if (!delay.find()) {
            return null;
        }
        return Duration.ofNanos((long) (Double.parseDouble(delay.group(1)) * 1e9));
    }

    /** The service's message without the details JSON the client appends after it. */
    static String summary(ApiException error) {
        String message = error.message() == null || error.message().isBlank() ? error.getMessage() : error.message();
        int details = message.indexOf("\nDetails:");
        return (details >= 0 ? message.substring(0, details) : message).strip();
    }

    /** The answer's text without thought parts; empty when there is none. Never throws, unlike {@code response.text()}. */
    static String text(GenerateContentResponse response) {
        List<Candidate> candidates = response.candidates().orElse(List.of());
        return candidates.isEmpty() ? "" : text(candidates.get(0));
    }

    private static String text(Candidate candidate) {
        StringBuilder text = new StringBuilder();
        for (Part part : candidate.content().flatMap(Content::parts).orElse(List.of())) {
            if (!part.thought().orElse(false)) {
                part.text().ifPresent(text::append);
            }
        }
        return text.toString();
    }

    static Tokens tokens(GenerateContentResponse response) {
        return response.usageMetadata()
                .map(usage -> new Tokens(usage.promptTokenCount().orElse(null),
                        usage.candidatesTokenCount().orElse(null), usage.thoughtsTokenCount().orElse(null)))
                .orElse(Tokens.NONE);
    }
}
