package io.gemcap.gemini.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.Client;
import com.google.genai.types.BatchJob;
import com.google.genai.types.BatchJobSource;
import com.google.genai.types.Content;
import com.google.genai.types.CreateBatchJobConfig;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.InlinedRequest;
import com.google.genai.types.InlinedResponse;
import com.google.genai.types.JobState;
import com.google.genai.types.Part;
import com.google.genai.types.UploadFileConfig;
import io.gemcap.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's Files API and Batch Mode, driven by the real google-genai client over HTTP. */
class EmulatorBatchModeTests {

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private Client client;

    @BeforeEach
    void start() {
        emulator = GeminiEmulator.builder().build().start();
        client = Client.builder().apiKey(GeminiEmulator.DEFAULT_KEY)
                .httpOptions(HttpOptions.builder().baseUrl(emulator.baseUrl()).apiVersion("v1beta").build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private static String requestLine(String key, byte[] png) {
        return "{\"key\":\"" + key + "\",\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Caption this.\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + Base64.getEncoder().encodeToString(png) + "\"}}]}],"
                + "\"generationConfig\":{\"maxOutputTokens\":256}}}";
    }

    @Test
    void aFileUploadedInChunksIsABatchsInputAndItsResultsFileAnswersEveryKey() throws Exception {
        // given a JSONL file over one 8 MiB upload chunk, so the client sends it in two
        StringBuilder jsonl = new StringBuilder();
        List<String> keys = new ArrayList<>();
        byte[] big = TestImages.png(1200, 1200, 99);
        for (int i = 0; i < 12; i++) {
            String key = "img-" + i;
            keys.add(key);
            jsonl.append(requestLine(key, i == 0 ? TestImages.png(40, 30, i) : big)).append('\n');
        }
        byte[] bytes = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(8 * 1024 * 1024);
        com.google.genai.types.File file = client.files.upload(bytes,
                UploadFileConfig.builder().mimeType("application/jsonl").displayName("gemcap job 1 shard 1").build());
        assertThat(file.name()).hasValueSatisfying(name -> assertThat(name).startsWith("files/"));
        assertThat(emulator.bytesUploaded()).isEqualTo(bytes.length);

        emulator.setBatchTurnaround(Duration.ofMillis(400));
        BatchJob created = client.batches.create("gemini-2.5-flash-lite", BatchJobSource.builder().fileName(file.name().get()).build(),
                CreateBatchJobConfig.builder().displayName("gemcap job 1 shard 1").build());
        assertThat(created.state().get().knownEnum()).isIn(JobState.Known.JOB_STATE_PENDING, JobState.Known.JOB_STATE_RUNNING);
        assertThat(created.displayName()).hasValue("gemcap job 1 shard 1");

        BatchJob done = created;
        for (int i = 0; i < 100 && !done.state().get().knownEnum().equals(JobState.Known.JOB_STATE_SUCCEEDED); i++) {
            Thread.sleep(50);
            done = client.batches.get(created.name().get(), null);
        }
        assertThat(done.state().get().knownEnum()).isEqualTo(JobState.Known.JOB_STATE_SUCCEEDED);
        String results = done.dest().get().fileName().get();
        Path downloaded = dir.resolve("results.jsonl");
        client.files.download(results, downloaded.toString(), null);
        List<String> lines = Files.readAllLines(downloaded);
        assertThat(lines).hasSize(12);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("\"response\"").contains("usageMetadata"));
        assertThat(lines.stream().map(line -> line.replaceAll("^\\{\"key\":\"([^\"]+)\".*", "$1")).toList())
                .containsExactlyInAnyOrderElementsOf(keys);

        client.files.delete(file.name().get(), null);
        client.files.delete(results, null);
        assertThat(emulator.filesStored()).isZero();
    }

    @Test
    void inlineRequestsComeBackAsInlinedResponsesWithTheirKeysAndPerRequestErrors() {
        List<InlinedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requests.add(InlinedRequest.builder()
                    .contents(Content.fromParts(Part.fromText("Caption this."), Part.fromBytes(TestImages.png(20, 20, i), "image/png")))
                    .metadata(Map.of("key", "k" + i)).build());
        }
        requests.add(InlinedRequest.builder().contents(Content.fromParts(Part.fromText("Caption this."),
                Part.fromBytes("not an image".getBytes(StandardCharsets.UTF_8), "image/png"))).metadata(Map.of("key", "bad")).build());
        emulator.failRequestsOfNextBatch(1);

        BatchJob created = client.batches.create("gemini-2.5-flash-lite", BatchJobSource.builder().inlinedRequests(requests).build(),
                CreateBatchJobConfig.builder().displayName("inline").build());
        BatchJob done = client.batches.get(created.name().get(), null);

        assertThat(done.state().get().knownEnum()).isEqualTo(JobState.Known.JOB_STATE_SUCCEEDED);
        List<InlinedResponse> responses = done.dest().get().inlinedResponses().get();
        assertThat(responses).hasSize(4);
        assertThat(responses.get(0).error()).isPresent();
        assertThat(responses.get(1).response()).isPresent();
        assertThat(responses.get(1).metadata()).hasValue(Map.of("key", "k1"));
        assertThat(responses.get(3).error()).hasValueSatisfying(e -> assertThat(e.message().orElse("")).contains("Unable to process input image"));
    }

    @Test
    void aBatchCanFailExpireBeCancelledAndIsFoundByListing() {
        List<InlinedRequest> one = List.of(InlinedRequest.builder()
                .contents(Content.fromParts(Part.fromText("Caption this."), Part.fromBytes(TestImages.png(20, 20, 7), "image/png")))
                .metadata(Map.of("key", "k")).build());
        emulator.failNextBatch("BATCH_STATE_FAILED");
        BatchJob failed = client.batches.create("gemini-2.5-flash-lite", BatchJobSource.builder().inlinedRequests(one).build(),
                CreateBatchJobConfig.builder().displayName("gemcap a").build());
        emulator.failNextBatch("BATCH_STATE_EXPIRED");
        BatchJob expired = client.batches.create("gemini-2.5-flash-lite", BatchJobSource.builder().inlinedRequests(one).build(),
                CreateBatchJobConfig.builder().displayName("gemcap b").build());
        emulator.holdBatches(true);
        BatchJob running = client.batches.create("gemini-2.5-flash-lite", BatchJobSource.builder().inlinedRequests(one).build(),
                CreateBatchJobConfig.builder().displayName("gemcap c").build());

        assertThat(client.batches.get(failed.name().get(), null).state().get().knownEnum()).isEqualTo(JobState.Known.JOB_STATE_FAILED);
        assertThat(client.batches.get(expired.name().get(), null).state().get().knownEnum()).isEqualTo(JobState.Known.JOB_STATE_EXPIRED);
        assertThat(client.batches.get(running.name().get(), null).state().get().knownEnum()).isEqualTo(JobState.Known.JOB_STATE_RUNNING);
        List<String> listed = new ArrayList<>();
        client.batches.list(com.google.genai.types.ListBatchJobsConfig.builder().pageSize(2).build())
                .forEach(batch -> listed.add(batch.displayName().orElse("")));
        assertThat(listed).containsExactlyInAnyOrder("gemcap a", "gemcap b", "gemcap c");

        client.batches.cancel(running.name().get(), null);
        assertThat(client.batches.get(running.name().get(), null).state().get().knownEnum()).isEqualTo(JobState.Known.JOB_STATE_CANCELLED);
        assertThat(emulator.batchesPending()).isZero();
    }
}
