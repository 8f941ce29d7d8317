package io.gemcap.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.Client;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.Detail;
import io.gemcap.image.Dimensions;
import io.gemcap.image.SendableImage;
import io.gemcap.testing.TestImages;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchClientTests {

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private Client client;
    private BatchClient batches;
    private final RequestSettings request = new RequestSettings("gemini-2.5-flash-lite", "Caption this.", Detail.LOW, null, 0, null, 256, null);

    @BeforeEach
    void start() {
        emulator = GeminiEmulator.builder().build().start();
        GeminiSettings settings = new GeminiSettings(emulator.baseUrl(), "v1beta", request.model(), request.prompt(), null, 256, null, null);
        client = GeminiClients.create(settings, new ApiKey(GeminiEmulator.DEFAULT_KEY));
        batches = new BatchClient(client, request.model(), UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private Path shard(Map<String, byte[]> images) throws Exception {
        Path shard = dir.resolve("shard.jsonl");
        try (OutputStream out = Files.newOutputStream(shard); BatchRequestWriter writer = new BatchRequestWriter(request, out)) {
            for (var image : images.entrySet()) {
                writer.write(image.getKey(), new SendableImage(image.getValue(), "image/png", new Dimensions(1, 1), null));
            }
        }
        return shard;
    }

    @Test
    void aShardWrittenInTheWireFormatIsAnsweredKeyByKeyWithTheRunsSettings() throws Exception {
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("p0", TestImages.png(30, 20, 1));
        images.put("p1", TestImages.png(40, 20, 2));
        images.put("p2", "not an image".getBytes(StandardCharsets.UTF_8));
        emulator.failRequestsOfNextBatch(0);
        Path shard = shard(images);
        assertThat(Files.readAllLines(shard)).hasSize(3).first().asString()
                .contains("\"generationConfig\":{\"maxOutputTokens\":256,\"thinkingConfig\":{\"thinkingBudget\":0}}");

        String file = batches.upload(shard, "gemcap job-a shard 0");
        String batch = batches.create(file, "gemcap job-a shard 0");

        assertThat(batches.find("gemcap job-a shard 0")).hasValue(batch);
        assertThat(batches.find("gemcap job-a shard 9")).isEmpty();
        assertThat(batches.state(batch)).isEqualTo(BatchClient.State.SUCCEEDED);
        Map<String, CallOutcome> outcomes = new LinkedHashMap<>();
        batches.results(batch, dir.resolve("work"), result -> outcomes.put(result.key(), result.outcome()));
        assertThat(outcomes).containsOnlyKeys("p0", "p1", "p2");
        assertThat(outcomes.get("p0")).isInstanceOfSatisfying(CallOutcome.Captioned.class, c -> assertThat(c.text()).contains("30x20 PNG"));
        assertThat(outcomes.get("p2")).isInstanceOf(CallOutcome.Refused.class);
        // the downloaded results are deleted once read; on the service once the caller says so
        assertThat(dir.resolve("work")).isEmptyDirectory();
        assertThat(emulator.filesStored()).isEqualTo(2);
        batches.deleteResults(batch);
        batches.deleteFile(file);
        assertThat(emulator.filesStored()).isZero();
    }

    @Test
    void aRequestErrorAnotherAttemptMayCureIsTransientAndOneAboutTheImageIsFinal() throws Exception {
        // given a batch whose results carry gRPC-coded errors, as the service writes them: 14 UNAVAILABLE, 13 INTERNAL
        // and 3 INVALID_ARGUMENT about the image
        byte[] internal = TestImages.png(10, 10, 4);
        byte[] invalid = TestImages.png(10, 10, 5);
        emulator.failRequestsOfNextBatch(1);
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("p0", TestImages.png(10, 10, 3));
        images.put("p1", internal);
        images.put("p2", TestImages.png(10, 10, 6));
        emulator.faults().failBatchRequestsFor(13, java.util.Set.of(io.gemcap.image.ImageInspector.sha256(internal)), 1);
        String batch = batches.create(batches.upload(shard(images), "s"), "s");

        Map<String, BatchClient.RequestResult> results = new LinkedHashMap<>();
        batches.results(batch, dir.resolve("work"), result -> results.put(result.key(), result));

        assertThat(results.get("p0").transientError()).isTrue();
        assertThat(results.get("p0").outcome()).isInstanceOfSatisfying(CallOutcome.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("14 UNAVAILABLE: The model is overloaded. Please try again later."));
        assertThat(results.get("p1").transientError()).isTrue();
        assertThat(results.get("p1").outcome()).isInstanceOfSatisfying(CallOutcome.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("13 INTERNAL: Internal error encountered."));
        assertThat(results.get("p2").transientError()).isFalse();
        assertThat(results.get("p2").outcome()).isInstanceOf(CallOutcome.Captioned.class);

        emulator.faults().failBatchRequestsFor(3, java.util.Set.of(io.gemcap.image.ImageInspector.sha256(invalid)), 1);
        String refused = batches.create(batches.upload(shard(Map.of("p0", invalid)), "t"), "t");
        results.clear();
        batches.results(refused, dir.resolve("work"), result -> results.put(result.key(), result));
        assertThat(results.get("p0").transientError()).isFalse();
        assertThat(results.get("p0").outcome()).isInstanceOfSatisfying(CallOutcome.Refused.class,
                r -> assertThat(r.message()).contains("Unable to process input image"));
    }

    @Test
    void bothStateSpellingsAreRead() {
        assertThat(BatchClient.State.of("BATCH_STATE_EXPIRED")).isEqualTo(BatchClient.State.EXPIRED);
        assertThat(BatchClient.State.of("JOB_STATE_SUCCEEDED")).isEqualTo(BatchClient.State.SUCCEEDED);
    }
}
