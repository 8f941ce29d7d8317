package io.gemcap.gemini.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import io.gemcap.image.ImageInspector;
import io.gemcap.testing.HeifLayouts;
import io.gemcap.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator as the real google-genai client sees it over HTTP. */
class GeminiEmulatorTests {

    private GeminiEmulator emulator;
    private Client client;

    @BeforeEach
    void start() {
        emulator = GeminiEmulator.builder().build().start();
        client = client(GeminiEmulator.DEFAULT_KEY);
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private Client client(String key) {
        return Client.builder().vertexAI(false).apiKey(key).httpOptions(HttpOptions.builder().baseUrl(emulator.baseUrl())
                .apiVersion("v1beta").timeout(10_000).retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }

    private static Content request(byte[] image, String mime) {
        return Content.fromParts(Part.fromText("Describe this image."), Part.fromBytes(image, mime));
    }

    @Test
    void captionIsDerivedFromTheImageAndUsageCountsImageTokens() {
        byte[] png = TestImages.png(100, 80, 1);
        GenerateContentResponse response = client.models.generateContent("gemini-2.5-flash", request(png, "image/png"), null);
        assertThat(response.text()).contains("100x80 PNG").contains(ImageInspector.sha256(png).substring(0, 12));
        assertThat(response.finishReason().toString()).isEqualTo("STOP");
        // "Describe this image." is 20 characters: 5 text tokens, plus 258 for a small image
        assertThat(response.usageMetadata().orElseThrow().promptTokenCount()).contains(5 + 258);
        assertThat(emulator.callsFor(ImageInspector.sha256(png))).isEqualTo(1);
    }

    @Test
    void theAverageColourInACaptionIsTheOneAViewerSeesForGreyWithAlpha() throws Exception {
        // given an opaque grey+alpha PNG of grey 141, which Java's linear grey would show as 194
        java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false, java.awt.Transparency.TRANSLUCENT,
                java.awt.image.DataBuffer.TYPE_BYTE);
        java.awt.image.WritableRaster raster = model.createCompatibleWritableRaster(40, 30);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                raster.setPixel(x, y, new int[] {141, 255});
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(model, raster, false, null), "png", png);

        // when
        GenerateContentResponse response = client.models.generateContent("gemini-2.5-flash", request(png.toByteArray(), "image/png"), null);

        // then
        assertThat(response.text()).contains("mostly #8d8d8d");
    }

    @Test
    void largeImagesCost258TokensPerTile() {
        assertThat(EmulatorImages.imageTokens(new io.gemcap.image.Dimensions(384, 384), "gemini-2.5-flash", "")).isEqualTo(258);
        assertThat(EmulatorImages.imageTokens(new io.gemcap.image.Dimensions(1000, 800), "gemini-2.5-flash", "")).isEqualTo(4 * 258);
    }

    @Test
    void gemini3CountsAnImageByTheRequestsMediaResolutionWhateverItsSize() {
        io.gemcap.image.Dimensions huge = new io.gemcap.image.Dimensions(4000, 3000);
        assertThat(EmulatorImages.imageTokens(huge, "gemini-3-flash-preview", "MEDIA_RESOLUTION_LOW")).isEqualTo(280);
        assertThat(EmulatorImages.imageTokens(huge, "gemini-3-flash-preview", "MEDIA_RESOLUTION_MEDIUM")).isEqualTo(560);
        assertThat(EmulatorImages.imageTokens(huge, "gemini-3-flash-preview", "")).isEqualTo(1120);
    }

    @Test
    void wrongKeyMissingModelAndRevokedKeyAnswerLikeTheService() {
        byte[] png = TestImages.png(10, 10, 2);
        try (Client wrong = client("not-a-key")) {
            assertThatThrownBy(() -> wrong.models.generateContent("gemini-2.5-flash", request(png, "image/png"), null))
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.message()).startsWith("API key not valid. Please pass a valid API key.");
                    });
        }
        assertThatThrownBy(() -> client.models.generateContent("gemini-9-nope", request(png, "image/png"), null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(404));
        emulator.revokeKey(GeminiEmulator.DEFAULT_KEY);
        assertThatThrownBy(() -> client.models.generateContent("gemini-2.5-flash", request(png, "image/png"), null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(403));
    }

    @Test
    void aHeicWhoseMediaDataHasA64BitSizeOrRunsToTheEndIsTaken() {
        byte[] heic = TestImages.heic();

        for (byte[] image : new byte[][] {HeifLayouts.withLargeSizeMediaData(heic), HeifLayouts.withMediaDataToTheEnd(heic)}) {
            GenerateContentResponse response = client.models.generateContent("gemini-2.5-flash", request(image, "image/heic"), null);
            assertThat(response.text()).contains("A 240x180 HEIC image");
        }
    }

    @Test
    void imagesItCannotReadAre400InvalidArgument() {
        byte[] png = TestImages.png(50, 50, 3);
        byte[] jpeg = TestImages.jpeg(50, 50, 4);
        assertThatThrownBy(() -> client.models.generateContent("gemini-2.5-flash", request(png, "image/jpeg"), null))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.message()).contains("does not match");
                });
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> client.models.generateContent("gemini-2.5-flash", request(truncated, "image/jpeg"), null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.message()).contains("Unable to process input image"));
        byte[] text = "just text".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.models.generateContent("gemini-2.5-flash", request(text, "image/png"), null))
                .isInstanceOf(ClientException.class);
    }

    @Test
    void requestsOverTwentyMegabytesAreRefused() {
        byte[] huge = new byte[16 * 1024 * 1024];
        assertThatThrownBy(() -> client.models.generateContent("gemini-2.5-flash", request(huge, "image/png"), null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.message()).contains("exceeds the limit"));
    }

    @Test
    void safetyBlocksComeInBothShapes() {
        byte[] blockedPrompt = GeminiEmulatorTestImages.withMarker(TestImages.png(20, 20, 5), GeminiEmulator.BLOCK_PROMPT_MARKER);
        GenerateContentResponse prompt = client.models.generateContent("gemini-2.5-flash", request(blockedPrompt, "image/png"), null);
        assertThat(prompt.candidates()).isEmpty();
        assertThat(prompt.promptFeedback().orElseThrow().blockReason().orElseThrow().toString()).isEqualTo("SAFETY");

        byte[] stopped = GeminiEmulatorTestImages.withMarker(TestImages.png(20, 20, 6), GeminiEmulator.STOP_SAFETY_MARKER);
        GenerateContentResponse candidate = client.models.generateContent("gemini-2.5-flash", request(stopped, "image/png"), null);
        assertThat(candidate.finishReason().toString()).isEqualTo("SAFETY");
    }

    @Test
    void streamingDeliversTheCaptionInPieces() {
        byte[] png = TestImages.png(64, 48, 7);
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        try (ResponseStream<GenerateContentResponse> stream =
                     client.models.generateContentStream("gemini-2.5-flash", request(png, "image/png"), null)) {
            for (GenerateContentResponse chunk : stream) {
                text.append(chunk.text());
                chunks++;
            }
        }
        assertThat(chunks).isGreaterThan(1);
        assertThat(text.toString()).contains("64x48 PNG").contains(ImageInspector.sha256(png).substring(0, 12));
    }

    @Test
    void goesAwayAndComesBackOnTheSamePort() {
        byte[] png = TestImages.png(10, 10, 8);
        int port = emulator.port();
        emulator.stop();
        assertThatThrownBy(() -> client.models.generateContent("gemini-2.5-flash", request(png, "image/png"), null))
                .isInstanceOf(GenAiIOException.class);
        emulator.start();
        assertThat(emulator.port()).isEqualTo(port);
        assertThat(client.models.generateContent("gemini-2.5-flash", request(png, "image/png"), null).text()).contains("10x10");
    }

    private Client vertexClient(String accessToken) {
        return Client.builder().vertexAI(true).project("demo-project").location("us-central1")
                .credentials(GoogleCredentials.create(new AccessToken(accessToken, null)))
                .httpOptions(HttpOptions.builder().baseUrl(emulator.baseUrl()).apiVersion("v1").timeout(10_000)
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }

    @Test
    void vertexPathsTakeABearerAccessTokenInsteadOfAKey() {
        byte[] png = TestImages.png(40, 30, 5);
        try (Client vertex = vertexClient(GeminiEmulator.DEFAULT_ACCESS_TOKEN)) {
            assertThat(vertex.models.get("gemini-2.5-flash", null).name()).contains("publishers/google/models/gemini-2.5-flash");
            assertThat(vertex.models.generateContent("gemini-2.5-flash", request(png, "image/png"), null).text()).contains("40x30 PNG");
        }
        try (Client wrong = vertexClient("expired-token")) {
            assertThatThrownBy(() -> wrong.models.generateContent("gemini-2.5-flash", request(png, "image/png"), null))
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo(401);
                        assertThat(e.status()).isEqualTo("UNAUTHENTICATED");
                    });
        }
        assertThat(emulator.callsFor(ImageInspector.sha256(png))).isEqualTo(1);
    }
}
