package io.gemcap.gemini.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batch Mode as the Gemini API speaks it: {@code models/{m}:batchGenerateContent} creates a batch from an
 * uploaded JSONL file ({@code inputConfig.fileName}) or inline requests ({@code inputConfig.requests.requests}),
 * {@code batches/{id}} reports it as an operation ({@code metadata.state} {@code BATCH_STATE_*},
 * {@code metadata.batchStats}, and when done {@code metadata.output}: a results file or inlined responses),
 * {@code batches} lists them, {@code :cancel} cancels one. A batch waits {@code turnaround} (half pending,
 * half running), then every request is answered as {@code generateContent} would answer it; a request's error carries
 * gRPC's code, as the service's does. Faults: the next batches may fail or expire, requests of the next batch may fail
 * with 14 UNAVAILABLE, and requests of chosen images with a code of {@link EmulatorFaults#failBatchRequests}. Thread-safe.
 */
final class EmulatorBatches {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREATE = Pattern.compile("^/(v1beta|v1alpha)/models/([^/:]+):batchGenerateContent$");
    private static final Pattern BATCH = Pattern.compile("^/(v1beta|v1alpha)/batches/([^/:]+)(:cancel)?$");
    private static final Pattern LIST = Pattern.compile("^/(v1beta|v1alpha)/batches$");
    private static final int GRPC_INVALID_ARGUMENT = 3;
    private static final int GRPC_UNAVAILABLE = 14;
    /** The service's messages for the gRPC codes of transient request errors. */
    private static final Map<Integer, String> MESSAGES = Map.of(13, "Internal error encountered.", 14,
            "The model is overloaded. Please try again later.", 8, "Resource has been exhausted (e.g. check quota).", 4,
            "Deadline expired before operation could complete.");

    /** One request of a batch: its key and the {@code GenerateContentRequest}. */
    private record Request(String key, JsonNode request) {
    }

    private static final class Batch {
        final String id;
        final String model;
        final String displayName;
        final boolean inline;
        final List<Request> requests;
        final long createdNanos;
        final Instant created = Instant.now();
        String state = "BATCH_STATE_PENDING";
        volatile boolean held;
        ObjectNode output;
        String error;
        int succeeded;
        int failed;
        final String fault;
        final int failingRequests;

        Batch(String id, String model, String displayName, boolean inline, List<Request> requests, long createdNanos, String fault,
                int failingRequests) {
            this.id = id;
            this.model = model;
            this.displayName = displayName;
            this.inline = inline;
            this.requests = requests;
            this.createdNanos = createdNanos;
            this.fault = fault;
            this.failingRequests = failingRequests;
        }
    }

    private final GeminiEmulator emulator;
    private final EmulatorFiles files;
    private final LongSupplier nanoTime;
    private final Map<String, Batch> batches = new ConcurrentSkipListMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final java.util.Queue<String> faults = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger failingRequests = new AtomicInteger();
    private volatile Duration turnaround = Duration.ZERO;
    private volatile Duration createDelay = Duration.ZERO;
    private volatile boolean reverseResults;
    private volatile long enqueuedTokenLimit;
    private final AtomicInteger refusedCreates = new AtomicInteger();
    private final AtomicInteger answeredRequests = new AtomicInteger();
    private final AtomicInteger createRequests = new AtomicInteger();
    private volatile boolean held;

    EmulatorBatches(GeminiEmulator emulator, EmulatorFiles files, LongSupplier nanoTime) {
        this.emulator = emulator;
        this.files = files;
        this.nanoTime = nanoTime;
    }

    void turnaround(Duration value) {
        turnaround = value;
    }

    /** How long a create request takes before the batch exists (it is made even if the caller has gone by then). */
    void createDelay(Duration value) {
        createDelay = value;
    }

    int createRequests() {
        return createRequests.get();
    }

    /** Answers come back in the reverse of the requests' order, as the service does not keep it. */
    void reverseResults(boolean value) {
        reverseResults = value;
    }

    /**
     * The most input tokens of pending and running batches per project and model (0: none): a batch that would pass it
     * is refused with a 429, as the service does.
     */
    void enqueuedTokenLimit(long value) {
        enqueuedTokenLimit = value;
    }

    int refusedCreates() {
        return refusedCreates.get();
    }

    int answeredRequests() {
        return answeredRequests.get();
    }

    /** A request's input tokens, about as the service counts them: its text by four characters, 258 per image. */
    private static long tokens(JsonNode request) {
        long tokens = 0;
        for (JsonNode content : request.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                tokens += part.has("text") ? Math.max(1, (part.get("text").asText().length() + 3) / 4) : 258;
            }
        }
        return tokens;
    }

    private long enqueuedTokens(String model) {
        return batches.values().stream().filter(b -> b.model.equals(model)
                && (b.state.equals("BATCH_STATE_PENDING") || b.state.equals("BATCH_STATE_RUNNING")))
                .mapToLong(b -> b.requests.stream().mapToLong(r -> tokens(r.request())).sum()).sum();
    }

    /**
     * While on, batches created stay running whatever their turnaround, until released: for a test that acts while
     * they wait. Turning it off releases them all.
     */
    void hold(boolean value) {
        held = value;
        if (!value) {
            releaseHeld();
        }
    }

    /** Lets the batches held so far finish; batches created from now on are still held while {@link #hold} is on. */
    void releaseHeld() {
        batches.values().forEach(batch -> batch.held = false);
    }

    /** The next batch created ends {@code BATCH_STATE_FAILED} (or {@code BATCH_STATE_EXPIRED}) instead of answering. */
    void failNext(String endState) {
        faults.add(endState);
    }

    /** The first {@code count} requests of the next batch are answered with a 14 UNAVAILABLE error each. */
    void failRequestsOfNext(int count) {
        failingRequests.set(count);
    }

    int created() {
        return created.get();
    }

    /** The batches not yet ended. */
    long pending() {
        return batches.values().stream().filter(b -> b.state.equals("BATCH_STATE_PENDING") || b.state.equals("BATCH_STATE_RUNNING"))
                .count();
    }

    boolean handle(HttpExchange exchange, String path, String method, byte[] body) throws IOException {
        Matcher create = CREATE.matcher(path);
        if (create.matches() && method.equals("POST")) {
            create(exchange, create.group(2), body);
            return true;
        }
        if (LIST.matcher(path).matches() && method.equals("GET")) {
            list(exchange);
            return true;
        }
        Matcher one = BATCH.matcher(path);
        if (!one.matches()) {
            return false;
        }
        Batch batch = batches.get(one.group(2));
        if (batch == null) {
            GeminiEmulator.sendError(exchange, 404, "NOT_FOUND", "Batch batches/" + one.group(2) + " was not found.");
            return true;
        }
        if (one.group(3) != null && method.equals("POST")) {
            synchronized (batch) {
                advance(batch);
                if (batch.state.equals("BATCH_STATE_PENDING") || batch.state.equals("BATCH_STATE_RUNNING")) {
                    batch.state = "BATCH_STATE_CANCELLED";
                }
            }
            GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", "{}".getBytes());
        } else if (method.equals("GET")) {
            GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(operation(batch)));
        } else if (method.equals("DELETE")) {
            batches.remove(batch.id);
            GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", "{}".getBytes());
        } else {
            GeminiEmulator.sendError(exchange, 405, "INVALID_ARGUMENT", "Method " + method + " is not allowed on batches.");
        }
        return true;
    }

    private void create(HttpExchange exchange, String model, byte[] body) throws IOException {
        createRequests.incrementAndGet();
        if (!createDelay.isZero()) {
            try {
                Thread.sleep(createDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        JsonNode batch = JSON.readTree(body).path("batch");
        JsonNode input = batch.path("inputConfig");
        List<Request> requests = new ArrayList<>();
        boolean inline = input.has("requests");
        if (inline) {
            for (JsonNode item : input.path("requests").path("requests")) {
                requests.add(new Request(item.path("metadata").path("key").asText(""), item.path("request")));
            }
        } else {
            String fileName = input.path("fileName").asText("");
            var file = files.get(fileName);
            if (file.isEmpty()) {
                GeminiEmulator.sendError(exchange, 400, "INVALID_ARGUMENT", "Input file " + fileName + " was not found.");
                return;
            }
            for (String line : new String(file.get().content(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item;
                try {
                    item = JSON.readTree(line);
                } catch (IOException e) {
                    GeminiEmulator.sendError(exchange, 400, "INVALID_ARGUMENT", "Input file " + fileName
                            + " holds a line that is not JSON.");
                    return;
                }
                requests.add(new Request(item.path("key").asText(""), item.path("request")));
            }
        }
        if (requests.isEmpty()) {
            GeminiEmulator.sendError(exchange, 400, "INVALID_ARGUMENT", "A batch needs at least one request.");
            return;
        }
        if (enqueuedTokenLimit > 0) {
            synchronized (this) {
                for (Batch existing : batches.values()) {
                    synchronized (existing) {
                        advance(existing);
                    }
                }
                long adding = requests.stream().mapToLong(r -> tokens(r.request())).sum();
                if (enqueuedTokens(model) + adding > enqueuedTokenLimit) {
                    refusedCreates.incrementAndGet();
                    GeminiEmulator.sendError(exchange, 429, "RESOURCE_EXHAUSTED", "Enqueued tokens would exceed the limit of "
                            + enqueuedTokenLimit + " for model " + model + ".");
                    return;
                }
            }
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Batch made = new Batch(id, model, batch.path("displayName").asText(""), inline, requests, nanoTime.getAsLong(), faults.poll(),
                failingRequests.getAndSet(0));
        made.held = held;
        batches.put(id, made);
        created.incrementAndGet();
        GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(operation(made)));
    }

    private void list(HttpExchange exchange) throws IOException {
        int pageSize = Integer.parseInt(java.util.Optional.ofNullable(GeminiEmulator.queryParameter(exchange.getRequestURI(), "pageSize"))
                .orElse("50"));
        String token = GeminiEmulator.queryParameter(exchange.getRequestURI(), "pageToken");
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode operations = answer.putArray("operations");
        String last = null;
        int listed = 0;
        for (Batch batch : batches.values()) {
            if (token != null && batch.id.compareTo(token) <= 0) {
                continue;
            }
            if (listed == pageSize) {
                answer.put("nextPageToken", last);
                break;
            }
            operations.add(operation(batch));
            last = batch.id;
            listed++;
        }
        GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(answer));
    }

    /** The batch as the service reports it: an operation whose metadata is the batch. */
    private ObjectNode operation(Batch batch) throws IOException {
        synchronized (batch) {
            advance(batch);
            ObjectNode operation = JSON.createObjectNode();
            operation.put("name", "batches/" + batch.id);
            ObjectNode metadata = operation.putObject("metadata");
            metadata.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch");
            metadata.put("model", "models/" + batch.model);
            metadata.put("displayName", batch.displayName);
            metadata.put("createTime", batch.created.toString());
            metadata.put("updateTime", Instant.now().toString());
            metadata.put("state", batch.state);
            ObjectNode stats = metadata.putObject("batchStats");
            stats.put("requestCount", String.valueOf(batch.requests.size()));
            boolean ended = !batch.state.equals("BATCH_STATE_PENDING") && !batch.state.equals("BATCH_STATE_RUNNING");
            if (batch.state.equals("BATCH_STATE_SUCCEEDED")) {
                stats.put("successfulRequestCount", String.valueOf(batch.succeeded));
                stats.put("failedRequestCount", String.valueOf(batch.failed));
                metadata.set("output", batch.output);
                operation.put("done", true);
                ObjectNode response = operation.putObject("response");
                response.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput");
                response.setAll(batch.output.deepCopy());
            } else if (ended) {
                operation.put("done", true);
                if (batch.error != null) {
                    ObjectNode error = operation.putObject("error");
                    error.put("code", 13);
                    error.put("message", batch.error);
                }
            } else {
                stats.put("pendingRequestCount", String.valueOf(batch.requests.size()));
            }
            return operation;
        }
    }

    /** A request's error as the service writes it in a batch's results: a {@code google.rpc.Status}, with gRPC's code. */
    private static void error(ObjectNode line, int code, String message) {
        ObjectNode error = line.putObject("error");
        error.put("code", code);
        error.put("message", message);
    }

    /** The SHA-256 of the first image a request carries, or {@code null}. */
    private static String imageSha256(JsonNode request) {
        for (JsonNode content : request.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.get("inline_data");
                if (inline != null) {
                    try {
                        return io.gemcap.image.ImageInspector.sha256(java.util.Base64.getDecoder().decode(inline.path("data").asText()));
                    } catch (IllegalArgumentException notBase64) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** Moves the batch on by the time passed; answers its requests when it is due. */
    private void advance(Batch batch) throws IOException {
        if (!batch.state.equals("BATCH_STATE_PENDING") && !batch.state.equals("BATCH_STATE_RUNNING")) {
            return;
        }
        long elapsed = nanoTime.getAsLong() - batch.createdNanos;
        long due = turnaround.toNanos();
        if (batch.held || elapsed < due) {
            batch.state = elapsed < due / 2 && !batch.held ? "BATCH_STATE_PENDING" : "BATCH_STATE_RUNNING";
            return;
        }
        if (batch.fault != null) {
            batch.state = batch.fault;
            batch.error = batch.fault.equals("BATCH_STATE_EXPIRED") ? "The batch was not done within 48 hours."
                    : "The batch failed: an internal error occurred.";
            return;
        }
        ArrayNode inlined = JSON.createArrayNode();
        ByteArrayOutputStream results = new ByteArrayOutputStream();
        int index = 0;
        List<Request> answered = new ArrayList<>(batch.requests);
        if (reverseResults) {
            java.util.Collections.reverse(answered);
        }
        for (Request request : answered) {
            ObjectNode line = JSON.createObjectNode();
            java.util.OptionalInt fault = index++ < batch.failingRequests ? java.util.OptionalInt.of(GRPC_UNAVAILABLE)
                    : emulator.faults().batchRequestError(imageSha256(request.request()));
            if (fault.isPresent()) {
                error(line, fault.getAsInt(), fault.getAsInt() == GRPC_INVALID_ARGUMENT ? "Unable to process input image. Please retry or"
                        + " report in https://developers.generativeai.google/guide/troubleshooting" : MESSAGES.getOrDefault(fault.getAsInt(),
                        "Internal error encountered."));
                batch.failed++;
            } else {
                GeminiEmulator.Generated generated = emulator.generate(batch.model, request.request(), true);
                if (generated.refusal() != null) {
                    error(line, GRPC_INVALID_ARGUMENT, generated.refusal());
                    batch.failed++;
                } else {
                    line.set("response", generated.response());
                    emulator.billBatchRequest(batch.model, generated.response());
                    batch.succeeded++;
                }
            }
            if (batch.inline) {
                line.putObject("metadata").put("key", request.key());
                inlined.add(line);
            } else {
                ObjectNode keyed = JSON.createObjectNode();
                keyed.put("key", request.key());
                keyed.setAll(line);
                results.write(JSON.writeValueAsBytes(keyed));
                results.write('\n');
            }
        }
        answeredRequests.addAndGet(batch.requests.size());
        batch.output = JSON.createObjectNode();
        if (batch.inline) {
            batch.output.putObject("inlinedResponses").set("inlinedResponses", inlined);
        } else {
            var file = files.store("batch-" + batch.id, "results of " + batch.displayName, "application/jsonl", results.toByteArray());
            batch.output.put("responsesFile", file.name());
        }
        batch.state = "BATCH_STATE_SUCCEEDED";
    }
}
