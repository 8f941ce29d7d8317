package io.gemcap.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateContentResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The classification table, on responses parsed by the client from the service's JSON. */
class OutcomeClassifierTests {

    private static CallOutcome classify(String json) {
        return OutcomeClassifier.fromResponse(GenerateContentResponse.fromJson(json), 10, "gemini-2.5-flash");
    }

    @Test
    void a429CarriesTheServersRetryDelayFromTheDetailsTheClientAppends() {
        String message = "You exceeded your current quota.\nDetails: [{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\"},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"17.250s\"}]";
        assertThatThrownBy(() -> OutcomeClassifier.fromError(new ClientException(429, "Too Many Requests", message), 1, "m"))
                .isInstanceOfSatisfying(TransientCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransientCallException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(java.time.Duration.ofMillis(17250));
                    assertThat(e.getMessage()).isEqualTo("429 You exceeded your current quota.");
                });
    }

    @Test
    void a429ForThePerDayQuotaStopsTheJobUntilItResets() {
        String message = "Quota exceeded.\nDetails: {\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel\"}";
        assertThatThrownBy(() -> OutcomeClassifier.fromError(new ClientException(429, "Too Many Requests", message), 1, "m"))
                .isInstanceOf(DailyQuotaExhaustedException.class)
                .hasMessageContaining("resets at midnight Pacific time");
    }

    @Test
    void maxTokensKeepsTheTextAndSaysItWasCut() {
        CallOutcome outcome = classify("""
                {"candidates":[{"content":{"parts":[{"text":"A red bicycle leaning on"}],"role":"model"},"finishReason":"MAX_TOKENS"}],
                 "usageMetadata":{"promptTokenCount":270,"candidatesTokenCount":6,"thoughtsTokenCount":40}}""");
        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Captioned.class, c -> {
            assertThat(c.text()).isEqualTo("A red bicycle leaning on");
            assertThat(c.note()).contains("MAX_TOKENS");
            assertThat(c.tokens()).isEqualTo(new Tokens(270, 6, 40));
        });
    }

    @Test
    void thoughtPartsAreNotPartOfTheCaption() {
        CallOutcome outcome = classify("""
                {"candidates":[{"content":{"parts":[{"text":"Let me look...","thought":true},{"text":"A cat on a sofa."}]},"finishReason":"STOP"}]}""");
        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Captioned.class, c -> assertThat(c.text()).isEqualTo("A cat on a sofa."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY", "OTHER"})
    void stoppedCandidatesAreBlockedWithTheReason(String reason) {
        CallOutcome outcome = classify("{\"candidates\":[{\"finishReason\":\"" + reason + "\"}]}");
        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Blocked.class, b -> {
            assertThat(b.reason()).isEqualTo("response stopped: " + reason);
            assertThat(b.finishReason()).isEqualTo(reason);
        });
    }

    @Test
    void blockedPromptHasNoCandidateAndNamesTheReason() {
        CallOutcome outcome = classify("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}");
        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Blocked.class,
                b -> assertThat(b.reason()).isEqualTo("prompt blocked: PROHIBITED_CONTENT"));
    }

    @Test
    void errorsAreFatalPermanentOrTransientByTheTable() {
        assertThatThrownBy(() -> OutcomeClassifier.fromError(new ClientException(401, "Unauthorized", "bad credentials"), 1, "m"))
                .isInstanceOfSatisfying(GeminiFatalException.class, e -> assertThat(e.reason()).isEqualTo(GeminiFatalException.Cause.KEY_REJECTED));
        assertThatThrownBy(() -> OutcomeClassifier.fromError(new ClientException(403, "Forbidden", "denied"), 1, "m"))
                .isInstanceOf(GeminiFatalException.class);
        assertThatThrownBy(() -> OutcomeClassifier.fromError(new ClientException(404, "Not Found", "no model"), 1, "m"))
                .isInstanceOfSatisfying(GeminiFatalException.class, e -> assertThat(e.reason()).isEqualTo(GeminiFatalException.Cause.MODEL_NOT_FOUND));
        assertThat(OutcomeClassifier.fromError(new ClientException(400, "Bad Request", "Unable to process input image.\nDetails: {}"), 1, "m"))
                .isEqualTo(new CallOutcome.Refused("the service refused the image: Unable to process input image.", 1));
        for (int code : new int[] {408, 500, 503, 504}) {
            var error = code < 500 ? new ClientException(code, "x", "busy") : new ServerException(code, "x", "busy");
            assertThatThrownBy(() -> OutcomeClassifier.fromError(error, 1, "m")).isInstanceOfSatisfying(TransientCallException.class,
                    e -> assertThat(e.kind()).isEqualTo(TransientCallException.Kind.SERVER));
        }
        assertThat(OutcomeClassifier.fromError(new ClientException(409, "Conflict", "odd"), 1, "m")).isInstanceOf(CallOutcome.Failed.class);
    }

    @Test
    void a400IsFinalOnlyWhenItIsAboutTheImage() {
        // about the image: the row is rejected for good
        assertThat(OutcomeClassifier.fromError(new ClientException(400, "Bad Request", "Unsupported MIME type: image/gif"), 1, "m"))
                .isInstanceOf(CallOutcome.Refused.class);
        assertThat(OutcomeClassifier.fromError(new ClientException(400, "Bad Request",
                "Request payload size exceeds the limit: 20971520 bytes."), 1, "m")).isInstanceOf(CallOutcome.Refused.class);
        // about the request (a setting, the region): the image is tried again later
        assertThat(OutcomeClassifier.fromError(new ClientException(400, "Bad Request", "User location is not supported for the"
                + " API use."), 1, "m")).isEqualTo(new CallOutcome.RequestRefused("the service refused the request (not the image):"
                + " User location is not supported for the API use.", 1));
        assertThat(OutcomeClassifier.fromError(new ClientException(400, "Bad Request", "Unknown name \"thinkingBudget\""), 1, "m"))
                .isInstanceOf(CallOutcome.RequestRefused.class);
        // a body that is not Gemini's error (a proxy's page): not the service's word on the image
        assertThat(OutcomeClassifier.fromError(new ClientException(400, "Bad Request", ""), 1, "m"))
                .isInstanceOfSatisfying(CallOutcome.Failed.class, failed -> assertThat(failed.reason())
                        .contains("not the Gemini API"));
    }
}
