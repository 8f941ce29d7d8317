package io.gemcap.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.BatchJob;
import com.google.genai.types.BatchJobSource;
import com.google.genai.types.CreateBatchJobConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.InlinedResponse;
import com.google.genai.types.ListBatchJobsConfig;
import com.google.genai.types.UploadFileConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Batch Mode through the official client: a shard file uploaded with the Files API, a batch created from it,
 * its state, and its results classified by the same table as online calls. Thread-safe as the client is.
 */
public final class BatchClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A batch's state, whichever spelling the service or the client uses ({@code BATCH_STATE_*}, {@code JOB_STATE_*}). */
    public enum State {
        PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED, UNKNOWN;

        public static State of(String wire) {
            if (wire == null) {
                return UNKNOWN;
            }
            String name = wire.toUpperCase(Locale.ROOT).replace("BATCH_STATE_", "").replace("JOB_STATE_", "");
            return switch (name) {
                case "PENDING", "QUEUED" -> PENDING;
                case "RUNNING" -> RUNNING;
                case "SUCCEEDED" -> SUCCEEDED;
                case "FAILED" -> FAILED;
                case "CANCELLED", "CANCELLING" -> CANCELLED;
                case "EXPIRED" -> EXPIRED;
                default -> UNKNOWN;
            };
        }

        public boolean ended() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == EXPIRED;
        }
    }

    /** What one request of a batch came to. */
    @FunctionalInterface
    public interface Results {
        void accept(String key, CallOutcome outcome) throws IOException;
    }

    private final Client client;
    private final String model;
    private final UnaryOperator<String> redact;

    public BatchClient(Client client, String model, UnaryOperator<String> redact) {
        this.client = Objects.requireNonNull(client, "client");
        this.model = Objects.requireNonNull(model, "model");
        this.redact = Objects.requireNonNull(redact, "redact");
    }

    /** Uploads a shard (resumable upload, in the client's chunks) and returns the file's name ({@code files/…}). */
    public String upload(Path shard, String displayName) {
        return call(() -> client.files.upload(shard.toString(), UploadFileConfig.builder().mimeType("application/jsonl")
                .displayName(displayName).build()).name().orElseThrow(() -> new IllegalStateException("the upload returned no file name")));
    }

    /** Creates a batch from an uploaded shard; not idempotent: look for it by name first after a crash. */
    public String create(String fileName, String displayName) {
        return call(() -> client.batches.create(model, BatchJobSource.builder().fileName(fileName).build(),
                CreateBatchJobConfig.builder().displayName(displayName).build()).name()
                .orElseThrow(() -> new IllegalStateException("the service returned no batch name")));
    }

    /** The batch of this display name, if one was created (by a run that crashed before it could record it). */
    public Optional<String> find(String displayName) {
        return call(() -> {
            for (BatchJob batch : client.batches.list(ListBatchJobsConfig.builder().pageSize(100).build())) {
                if (batch.displayName().filter(displayName::equals).isPresent()) {
                    return batch.name();
                }
            }
            return Optional.empty();
        });
    }

    public State state(String batchName) {
        return call(() -> client.batches.get(batchName, null).state().map(s -> State.of(s.toString())).orElse(State.UNKNOWN));
    }

    /**
     * Reads a finished batch's results (a results file is downloaded to {@code workFolder} and streamed, then
     * deleted there; on the service it stays until {@link #deleteResults}) and hands each request's outcome to
     * {@code results}, by key.
     *
     * @throws GeminiFatalException when a result concerns the whole job (key rejected, model not found)
     */
    public void results(String batchName, Path workFolder, Results results) throws IOException {
        BatchJob batch = call(() -> client.batches.get(batchName, null));
        var destination = batch.dest().orElseThrow(() -> new IOException("batch " + batchName + " has no results"));
        if (destination.inlinedResponses().isPresent()) {
            for (InlinedResponse inlined : destination.inlinedResponses().get()) {
                String key = inlined.metadata().map(m -> m.get("key")).orElse(null);
                CallOutcome outcome = inlined.response().isPresent() ? OutcomeClassifier.fromResponse(inlined.response().get(), 0, model)
                        : fromError(inlined.error().flatMap(e -> e.code()).orElse(500), null,
                                inlined.error().flatMap(e -> e.message()).orElse("no response"));
                results.accept(key, outcome);
            }
            return;
        }
        String fileName = destination.fileName().orElseThrow(() -> new IOException("batch " + batchName + " has no results file"));
        Files.createDirectories(workFolder);
        Path downloaded = workFolder.resolve(fileName.replace('/', '-') + ".jsonl");
        call(() -> {
            client.files.download(fileName, downloaded.toString(), null);
            return null;
        });
        try (BufferedReader lines = Files.newBufferedReader(downloaded, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode result = JSON.readTree(line);
                String key = result.path("key").asText(null);
                CallOutcome outcome = result.has("response")
                        ? OutcomeClassifier.fromResponse(GenerateContentResponse.fromJson(result.get("response").toString()), 0, model)
                        : fromError(result.path("error").path("code").asInt(500), result.path("error").path("status").asText(null),
                                result.path("error").path("message").asText("no response"));
                results.accept(key, outcome);
            }
        } finally {
            Files.deleteIfExists(downloaded);
        }
    }

    /** Deletes a finished batch's results file on the service, once its rows are committed. */
    public void deleteResults(String batchName) {
        BatchJob batch = call(() -> client.batches.get(batchName, null));
        batch.dest().flatMap(d -> d.fileName()).ifPresent(this::deleteFile);
    }

    /** Cancels a batch that is still pending or running. */
    public void cancel(String batchName) {
        call(() -> {
            client.batches.cancel(batchName, null);
            return null;
        });
    }

    /** Deletes a file of the Files API; one already gone is fine. */
    public void deleteFile(String fileName) {
        try {
            client.files.delete(fileName, null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw new IllegalStateException("could not delete " + fileName + ": " + redact.apply(e.getMessage()), e);
            }
        }
    }

    /** A per-request error, classified as online: one about the image is final, one a retry may cure fails the row for now. */
    private CallOutcome fromError(int code, String status, String message) {
        try {
            return OutcomeClassifier.fromError(new ApiException(code, status == null ? "" : status, redact.apply(message)), 0, model);
        } catch (TransientCallException | DailyQuotaExhaustedException retry) {
            return new CallOutcome.Failed(retry.getMessage() + " (in Batch Mode; sent again by the next run)", 0);
        }
    }

    private <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ApiException e) {
            OutcomeClassifier.fromError(new ApiException(e.code(), e.status(), redact.apply(e.message())), 0, model);
            throw new IllegalStateException("Batch Mode call failed: " + redact.apply(e.getMessage()), e);
        }
    }
}
