package io.gemcap.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.gemini.emulator.GeminiEmulatorTestImages;
import io.gemcap.image.ImageInspector;
import io.gemcap.image.ImageLimits;
import io.gemcap.image.PreparedImage;
import io.gemcap.image.SendableImage;
import io.gemcap.image.Detail;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.CallPolicy;
import io.gemcap.policy.LimitSettings;
import io.gemcap.policy.QuotaGate;
import io.gemcap.policy.RetrySettings;
import io.gemcap.source.ImageRef;
import io.gemcap.testing.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The call through the real client against the emulator, with the retry policy. */
class GeminiCaptionerTests {

    private static final RetrySettings FAST_RETRY = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(30));
    private static final BreakerSettings QUICK_BREAKER = new BreakerSettings(4, 50, Duration.ofMillis(200), Duration.ofSeconds(1));

    private GeminiEmulator emulator;
    private Client client;

    @BeforeEach
    void start() {
        emulator = GeminiEmulator.builder().thoughtTokens(7).build().start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        emulator.close();
    }

    private GeminiCaptioner captioner(String key, String model, Duration timeout) {
        return captioner(key, model, timeout, QUICK_BREAKER);
    }

    private GeminiCaptioner captioner(String key, String model, Duration timeout, BreakerSettings breaker) {
        GeminiSettings settings = new GeminiSettings(emulator.baseUrl(), "v1beta", model, "Caption this.", timeout, null, null, null);
        client = GeminiClients.create(settings, new ApiKey(key));
        CallPolicy policy = new CallPolicy(FAST_RETRY, breaker, QuotaGate.inMemory(LimitSettings.unlimited(4)), emulator.baseUrl());
        RequestSettings request = new RequestSettings(model, settings.prompt(), Detail.ORIGINAL, null, null, null, null, null);
        return new GeminiCaptioner(client, settings, request, policy, java.util.function.UnaryOperator.identity());
    }

    private GeminiCaptioner captioner() {
        return captioner(GeminiEmulator.DEFAULT_KEY, "gemini-2.5-flash", Duration.ofSeconds(10));
    }

    private static SendableImage prepared(byte[] bytes) {
        PreparedImage image = (PreparedImage) new ImageInspector(ImageLimits.GEMINI_INLINE).inspect(ImageRef.file("a.png", bytes.length), bytes);
        return new SendableImage(image.bytes(), image.type().mime(), image.dimensions(), null);
    }

    private static CallOutcome call(GeminiCaptioner captioner, SendableImage image) {
        return captioner.caption(image, 300, sha256(image));
    }

    private static String sha256(SendableImage image) {
        return ImageInspector.sha256(image.bytes());
    }

    @Test
    void captionCarriesTextFinishReasonTokensAndModel() {
        SendableImage image = prepared(TestImages.png(30, 20, 1));
        CallOutcome outcome = call(captioner(), image);
        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Captioned.class, c -> {
            assertThat(c.text()).contains(sha256(image).substring(0, 12));
            assertThat(c.finishReason()).isEqualTo("STOP");
            assertThat(c.tokens().prompt()).isEqualTo(4 + 258);
            assertThat(c.tokens().output()).isPositive();
            assertThat(c.tokens().thought()).isEqualTo(7);
            assertThat(c.model()).isEqualTo("gemini-2.5-flash");
        });
    }

    @Test
    void blockedPromptAndSafetyStopAreBlockedAndCalledOnce() {
        SendableImage prompt = prepared(GeminiEmulatorTestImages.withMarker(TestImages.png(20, 20, 2), GeminiEmulator.BLOCK_PROMPT_MARKER));
        SendableImage stopped = prepared(GeminiEmulatorTestImages.withMarker(TestImages.png(20, 20, 3), GeminiEmulator.STOP_SAFETY_MARKER));
        GeminiCaptioner captioner = captioner();
        assertThat(call(captioner, prompt)).isInstanceOfSatisfying(CallOutcome.Blocked.class,
                b -> assertThat(b.reason()).isEqualTo("prompt blocked: SAFETY"));
        assertThat(call(captioner, stopped)).isInstanceOfSatisfying(CallOutcome.Blocked.class, b -> {
            assertThat(b.reason()).isEqualTo("response stopped: SAFETY");
            assertThat(b.finishReason()).isEqualTo("SAFETY");
        });
        assertThat(emulator.callsFor(sha256(prompt))).isEqualTo(1);
        assertThat(emulator.callsFor(sha256(stopped))).isEqualTo(1);
    }

    @Test
    void streamingGivesTheSameCaptionInPieces() {
        SendableImage image = prepared(TestImages.png(30, 20, 4));
        StringBuilder seen = new StringBuilder();
        CallOutcome outcome = captioner().captionStreaming(image, seen::append);
        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Captioned.class,
                c -> assertThat(c.text()).isEqualTo(seen.toString().strip()).contains("30x20 PNG"));
    }

    @Test
    void transientErrorsAreRetriedAndAnImageThatKeepsFailingBecomesFailed() {
        // (a breaker over a long window, so that this one image's failures do not read as an outage)
        GeminiCaptioner captioner = captioner(GeminiEmulator.DEFAULT_KEY, "gemini-2.5-flash", Duration.ofSeconds(10),
                new BreakerSettings(50, 50, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        // given two 503s then a good answer: retried to ok
        emulator.faults().failNext(2, 503);
        assertThat(call(captioner, prepared(TestImages.png(10, 10, 8)))).isInstanceOf(CallOutcome.Captioned.class);
        assertThat(emulator.calls()).isEqualTo(3);
        // given more 500s than the attempts allowed: failed with the reason, the service asked 3 times
        emulator.faults().failNext(3, 500);
        assertThat(call(captioner, prepared(TestImages.png(10, 10, 9)))).isInstanceOfSatisfying(CallOutcome.Failed.class,
                f -> assertThat(f.reason()).startsWith("500 An internal error has occurred").endsWith("(gave up after 3 attempts)"));
        assertThat(emulator.calls()).isEqualTo(6);
    }

    @Test
    void anImageTheServiceRefusesIsRefusedWithItsMessageAndNotRetried() {
        // given bytes the service cannot take as the type they are sent as
        byte[] png = TestImages.png(16, 16, 10);
        SendableImage mislabelled = new SendableImage(png, "image/jpeg", new io.gemcap.image.Dimensions(16, 16), null);
        // when captioned
        CallOutcome outcome = call(captioner(), mislabelled);
        // then the 400 is the row's reason and the call was made once
        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Refused.class,
                r -> assertThat(r.message()).startsWith("the service refused the image: Unable to process input image"));
        assertThat(emulator.calls()).isEqualTo(1);
    }

    @Test
    void rejectedKeyAndUnknownModelStopTheJob() {
        SendableImage image = prepared(TestImages.png(10, 10, 5));
        assertThatThrownBy(() -> call(captioner("wrong-key-123", "gemini-2.5-flash", Duration.ofSeconds(5)), image))
                .isInstanceOfSatisfying(GeminiFatalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(GeminiFatalException.Cause.KEY_REJECTED);
                    assertThat(e.getMessage()).doesNotContain("wrong-key-123").contains("API key not valid");
                });
        assertThatThrownBy(() -> call(captioner(GeminiEmulator.DEFAULT_KEY, "gemini-0-nope", Duration.ofSeconds(5)), image))
                .isInstanceOfSatisfying(GeminiFatalException.class,
                        e -> assertThat(e.reason()).isEqualTo(GeminiFatalException.Cause.MODEL_NOT_FOUND));
    }

    @Test
    void anUnreachableServiceOpensTheBreakerAndStopsTheJobPastThePatience() {
        GeminiCaptioner captioner = captioner();
        emulator.stop();
        long started = System.nanoTime();
        assertThatThrownBy(() -> call(captioner, prepared(TestImages.png(10, 10, 6))))
                .isInstanceOfSatisfying(GeminiFatalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(GeminiFatalException.Cause.UNREACHABLE);
                    assertThat(e.getMessage()).contains("has been failing for over 1 s").contains("cannot reach");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aHangingCallIsAbandonedAtTheTimeoutAndRetried() {
        emulator.faults().hangNext(1, Duration.ofSeconds(5));
        GeminiCaptioner captioner = captioner(GeminiEmulator.DEFAULT_KEY, "gemini-2.5-flash", Duration.ofMillis(300));
        CallOutcome outcome = call(captioner, prepared(TestImages.png(10, 10, 7)));
        assertThat(outcome).isInstanceOf(CallOutcome.Captioned.class);
        assertThat(emulator.calls()).isEqualTo(2);
    }

    @Test
    void theCallIsNotedOnceWhenItGoesOutAndNeverWhenItIsGivenUpBeforeSending() {
        SendableImage image = prepared(TestImages.png(30, 20, 5));
        // given a service that fails the first attempt, so the image is sent twice
        emulator.faults().failNext(1, 503);
        java.util.concurrent.atomic.AtomicInteger noted = new java.util.concurrent.atomic.AtomicInteger();
        GeminiCaptioner captioner = captioner();

        // when it is captioned, then its call is noted once, as the image it is, and answered
        CallOutcome outcome = captioner.caption(image, null, 300, sha256(image), noted::incrementAndGet);
        assertThat(outcome).isInstanceOf(CallOutcome.Captioned.class);
        assertThat(emulator.events()).extracting(e -> e.status()).containsExactly(503, 200);
        assertThat(noted.get()).isEqualTo(1);

        // and a call given up (the run stopped) before it could go out is not noted
        captioner.policy().stopSending();
        assertThatThrownBy(() -> captioner.caption(image, null, 300, sha256(image), noted::incrementAndGet))
                .isInstanceOf(io.gemcap.policy.CallAbandonedException.class);
        assertThat(noted.get()).isEqualTo(1);
        assertThat(emulator.events()).hasSize(2);
    }
}
