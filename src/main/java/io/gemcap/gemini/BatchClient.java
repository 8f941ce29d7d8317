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

    /**
     * What one request of a batch came to.
     *
     * @param transientError whether it is a request error another attempt may cure (5xx, 429, deadline): its outcome
     *     is then the failed row it would leave if not sent again
     */
    public record RequestResult(String key, CallOutcome outcome, boolean transientError) {
    }

    /** Receives a batch's results, one request at a time. */
    @FunctionalInterface
    public interface Results {
        void accept(RequestResult result) throws IOException;
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
                results.accept(inlined.response().isPresent()
                        ? new RequestResult(key, OutcomeClassifier.fromResponse(inlined.response().get(), 0, model), false)
                        : fromError(key, inlined.error().flatMap(e -> e.code()).orElse(GRPC_INTERNAL),
                                inlined.error().flatMap(e -> e.message()).orElse("no response")));
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
                results.accept(result.has("response")
                        ? new RequestResult(key, OutcomeClassifier.fromResponse(
                                GenerateContentResponse.fromJson(result.get("response").toString()), 0, model), false)
                        : fromError(key, result.path("error").path("code").asInt(GRPC_INTERNAL),
                                result.path("error").path("message").asText("no response")));
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

    private static final int GRPC_INTERNAL = 13;

    /**
     * A per-request error, classified as online once its code is read as the HTTP status it stands for: one about the
     * image is final, one another attempt may cure is transient.
     */
    private RequestResult fromError(String key, int code, String message) {
        ApiException error = new ApiException(httpStatus(code), code < 100 ? grpcName(code) : "", redact.apply(message));
        try {
            return new RequestResult(key, OutcomeClassifier.fromError(error, 0, model), false);
        } catch (TransientCallException | DailyQuotaExhaustedException retry) {
            String said = code < 100 ? code + " " + grpcName(code) : String.valueOf(code);
            return new RequestResult(key, new CallOutcome.Failed(said + ": " + redact.apply(message), 0), true);
        }
    }

    /**
     * The HTTP status a result's error code stands for: the service writes a {@code google.rpc.Status}, whose code is
     * gRPC's (13 INTERNAL, 3 INVALID_ARGUMENT, ...), mapped as Google's APIs map them; an HTTP status passes as it is.
     */
    private static int httpStatus(int code) {
        return switch (code) {
            case 1 -> 499;
            case 2, 13, 15 -> 500;
            case 3, 9, 11 -> 400;
            case 4 -> 504;
            case 5 -> 404;
            case 6, 10 -> 409;
            case 7 -> 403;
            case 8 -> 429;
            case 12 -> 501;
            case 14 -> 503;
            case 16 -> 401;
            default -> code;
        };
    }

    private static String grpcName(int code) {
        return switch (code) {
            case 1 -> "CANCELLED";
            case 2 -> "UNKNOWN";
            case 3 -> "INVALID_ARGUMENT";
            case 4 -> "DEADLINE_EXCEEDED";
            case 5 -> "NOT_FOUND";
            case 6 -> "ALREADY_EXISTS";
            case 7 -> "PERMISSION_DENIED";
            case 8 -> "RESOURCE_EXHAUSTED";
            case 9 -> "FAILED_PRECONDITION";
            case 10 -> "ABORTED";
            case 11 -> "OUT_OF_RANGE";
            case 12 -> "UNIMPLEMENTED";
            case 13 -> "INTERNAL";
            case 14 -> "UNAVAILABLE";
            case 15 -> "DATA_LOSS";
            case 16 -> "UNAUTHENTICATED";
            default -> "";
        };
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
