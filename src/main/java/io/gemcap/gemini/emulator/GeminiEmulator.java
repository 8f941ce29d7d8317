package io.gemcap.gemini.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.image.Dimensions;
import io.gemcap.image.ImageInspector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gemini-compatible service on loopback, speaking the public REST wire format of
 * {@code POST /{version}/models/{model}:generateContent} and {@code :streamGenerateContent}
 * ({@code ?alt=sse} or a JSON array), and {@code GET /{version}/models/{model}}.
 *
 * <p>It also answers Vertex AI's paths ({@code /v1/projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent},
 * {@code GET /v1/publishers/google/models/{m}}), which take an OAuth access token as {@code Authorization: Bearer}
 * instead of a key (401 UNAUTHENTICATED otherwise).
 *
 * <p>Like the service it checks {@code x-goog-api-key} (400 API_KEY_INVALID for a wrong key, 403
 * for a missing or revoked one), answers 404 for an unknown model, 400 INVALID_ARGUMENT for an image
 * it cannot decode or whose declared MIME type does not match its bytes, and for a request over
 * 20 MB. The caption is derived from the image (size, average colour, content fingerprint), so each
 * answer can be traced to its image; usage counts image tokens by the 258-per-tile rule. A file
 * containing {@value #BLOCK_PROMPT_MARKER} gets a blocked prompt; one containing
 * {@value #STOP_SAFETY_MARKER} a candidate stopped for SAFETY. It can go away ({@link #stop()}) and
 * come back on the same port ({@link #start()}). Thread-safe.
 */
public final class GeminiEmulator implements AutoCloseable {

    public static final String DEFAULT_KEY = "emulator-key";
    /** The header gemcap's start-up check carries, so that tests can tell it from the calls a run pays for per image. */
    public static final String STARTUP_CHECK_HEADER = GeminiCaptioner.STARTUP_CHECK_HEADER;
    public static final String BLOCK_PROMPT_MARKER = "gemcap-emulator:block-prompt";
    public static final String STOP_SAFETY_MARKER = "gemcap-emulator:stop-safety";
    public static final Set<String> DEFAULT_MODELS = Set.of("gemini-2.5-flash", "gemini-2.5-flash-lite",
            "gemini-2.5-pro", "gemini-2.0-flash", "gemini-3-flash-preview", "gemini-3-pro-preview");

    static final int MAX_REQUEST_BYTES = 20 * 1024 * 1024;
    /** What an injected 429 asks for: a short wait on a nominal quota. */
    static final Duration INJECTED_RETRY_DELAY = Duration.ofMillis(50);
    private static final SlidingWindowQuota INJECTED_QUOTA = new SlidingWindowQuota(1, Duration.ofSeconds(1));
    /**
     * Gemini API paths ({@code /v1beta/models/m}) and Vertex AI's
     * ({@code /v1/projects/p/locations/l/publishers/google/models/m}, and {@code /v1/publishers/google/models/m}
     * for a model's description); groups: version, Vertex resource prefix, model, method.
     */
    private static final Pattern PATH = Pattern.compile("^/(v1|v1beta|v1beta1|v1alpha)/"
            + "((?:projects/[^/]+/locations/[^/]+/)?publishers/google/)?models/([^/:]+)(?::(generateContent|streamGenerateContent))?$");
    public static final String DEFAULT_ACCESS_TOKEN = "emulator-access-token";
    /** The emulator's own counts as JSON (not a Gemini API path), for benchmarks that run it in another process. */
    public static final String STATS_PATH = "/_emulator/stats";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server leaves Nagle's algorithm on by default: each answer then waits ~40 ms for the client's
        // delayed ACK, which would make the emulator, not the latency it is told to add, set the pace.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Set<String> keys;
    private final Set<String> accessTokens;
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> models;
    private final int thoughtTokens;
    private final boolean checkImages;
    private volatile Duration latency;
    private final AtomicInteger calls = new AtomicInteger();
    private final java.util.Map<String, AtomicInteger> callsByKey = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger startupChecks = new AtomicInteger();
    private volatile String lastGenerationConfig = "{}";
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final java.util.Queue<CallEvent> events = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final EmulatorFaults faults = new EmulatorFaults();
    private final Map<String, AtomicInteger> callsPerImage = new ConcurrentHashMap<>();
    private final List<Dimensions> sentSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong promptTokensBilled = new java.util.concurrent.atomic.AtomicLong();
    private final List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final boolean keepImages;
    private final List<byte[]> receivedImages = java.util.Collections.synchronizedList(new ArrayList<>());
    private final EmulatorInvoice invoice = new EmulatorInvoice();
    private final EmulatorFiles files = new EmulatorFiles(this::baseUrl);
    private final EmulatorBatches batches = new EmulatorBatches(this, files, System::nanoTime);
    private int port;
    private HttpServer server;
    private ExecutorService workers;

    private GeminiEmulator(Builder builder) {
        this.keys = Set.copyOf(builder.keys);
        this.accessTokens = Set.copyOf(builder.accessTokens);
        this.models = Set.copyOf(builder.models);
        this.latency = builder.latency;
        this.thoughtTokens = builder.thoughtTokens;
        this.checkImages = builder.checkImages;
        this.keepImages = builder.keepImages;
        this.port = builder.port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening, or comes back on the same port after {@link #stop()}. */
    public synchronized GeminiEmulator start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("emulator cannot listen on port " + port, e);
        }
        workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "gemini-emulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    /** Goes away: the port refuses connections and calls in flight are cut, until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    public int port() {
        return port;
    }

    public void setLatency(Duration latency) {
        this.latency = latency;
    }

    /** From now on the key is answered 403, as when a key is revoked in the console. */
    public void revokeKey(String key) {
        revokedKeys.add(key);
    }

    /** The service's bad behaviour: quotas, error rates, hanging calls, outages. */
    public EmulatorFaults faults() {
        return faults;
    }

    /**
     * One authorised call as the emulator saw it: when it arrived, the status it was answered with,
     * and for a 429 the delay it asked for.
     */
    public record CallEvent(long arrivedNanos, int status, Duration retryAfter) {
    }

    /** Every authorised call so far, in arrival order. */
    public List<CallEvent> events() {
        return List.copyOf(events);
    }

    /** Calls answered 429 because a quota window was full. */
    public int rateLimited() {
        return rateLimited.get();
    }

    /** gemcap's start-up checks received (marked with {@value #STARTUP_CHECK_HEADER}); not counted in {@link #calls()}. */
    public int startupChecks() {
        return startupChecks.get();
    }

    /** The {@code generationConfig} of the last generate request answered, as JSON: what gemcap put on the wire. */
    public String lastGenerationConfig() {
        return lastGenerationConfig;
    }

    /** Authorised generate calls received, whatever their answer, but for start-up checks. */
    /** The pixel size of every image the emulator decoded in a generate call, in arrival order (start-up checks included). */
    public List<Dimensions> sentSizes() {
        synchronized (sentSizes) {
            return List.copyOf(sentSizes);
        }
    }

    /** The input tokens of every generate call answered, start-up checks aside: what the service would bill. */
    public long promptTokensBilled() {
        return promptTokensBilled.get();
    }

    /**
     * What the service would have billed so far: every generate request answered, start-up checks and answers nobody
     * waited for any more included, by model, online and in Batch Mode apart.
     */
    public EmulatorInvoice.Invoice invoice() {
        return invoice.invoice();
    }

    void billBatchRequest(String model, JsonNode response) {
        invoice.bill(model, true, response);
    }

    /** The prompt texts of the generate requests answered (billed), in arrival order. */
    public List<String> prompts() {
        return List.copyOf(prompts);
    }

    public int calls() {
        return calls.get();
    }

    /** The generate requests received with {@code key} (several processes of one project, each with its own key). */
    public int callsWith(String key) {
        AtomicInteger counted = callsByKey.get(key);
        return counted == null ? 0 : counted.get();
    }

    /**
     * The bytes of every image of the generate requests answered (billed: online calls and Batch Mode requests), in
     * arrival order, when the emulator was built to keep them; what the service would have received.
     */
    public List<byte[]> images() {
        synchronized (receivedImages) {
            return List.copyOf(receivedImages);
        }
    }

    /** Batches created so far (Batch Mode). */
    public int batchesCreated() {
        return batches.created();
    }

    /** Batches pending or running. */
    public long batchesPending() {
        return batches.pending();
    }

    /** How long a batch takes from creation to its answers (half of it pending, half running); zero by default. */
    public void setBatchTurnaround(Duration turnaround) {
        batches.turnaround(turnaround);
    }

    /** How long creating a batch takes; the batch is made even if the caller has gone by then. */
    public void setBatchCreateDelay(Duration delay) {
        batches.createDelay(delay);
    }

    /** Requests to create a batch received so far, answered or not yet. */
    public int batchCreateRequests() {
        return batches.createRequests();
    }

    /** While on, batches created stay running whatever their turnaround, until released; off releases them all. */
    public void holdBatches(boolean hold) {
        batches.hold(hold);
    }

    /** Answers of batches come back in the reverse of their requests' order. */
    public void reverseBatchResults(boolean reverse) {
        batches.reverseResults(reverse);
    }

    /** The most input tokens of pending and running batches per model (0: none); a batch past it is refused with a 429. */
    public void setEnqueuedTokenLimit(long limit) {
        batches.enqueuedTokenLimit(limit);
    }

    /** Requests of batches answered so far (each image sent in a batch once per batch). */
    public int batchRequestsAnswered() {
        return batches.answeredRequests();
    }

    /** Batch creations refused for the enqueued-token limit. */
    public int batchCreatesRefused() {
        return batches.refusedCreates();
    }

    /** Lets the batches held so far finish; those created from now on are held while {@link #holdBatches} is on. */
    public void releaseHeldBatches() {
        batches.releaseHeld();
    }

    /** The next batch created ends in this state ({@code BATCH_STATE_FAILED} or {@code BATCH_STATE_EXPIRED}) without answers. */
    public void failNextBatch(String endState) {
        batches.failNext(endState);
    }

    /** The first {@code count} requests of the next batch created are answered with a 14 UNAVAILABLE error each. */
    public void failRequestsOfNextBatch(int count) {
        batches.failRequestsOfNext(count);
    }

    /** How long a file download (a batch's results) takes before its bytes are sent. */
    public void setDownloadDelay(Duration delay) {
        files.downloadDelay(delay);
    }

    /** How long each uploaded chunk takes before it is taken (an upload cut midway leaves its session unfinished). */
    public void setUploadDelay(Duration delay) {
        files.uploadDelay(delay);
    }

    /** Resumable uploads started so far. */
    public int uploadsStarted() {
        return files.uploadsStarted();
    }

    /** File downloads asked for so far, answered or not yet. */
    public int fileDownloads() {
        return files.downloads();
    }

    /** Files held by the Files API (uploads and batch results not deleted). */
    public int filesStored() {
        return files.count();
    }

    /** Bytes received by resumable uploads. */
    public long bytesUploaded() {
        return files.bytesUploaded();
    }

    /** Authorised generate calls that carried an image with this content hash. */
    public int callsFor(String sha256) {
        AtomicInteger count = callsPerImage.get(sha256);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            if (faults.html()) {
                exchange.getRequestBody().readAllBytes();
                send(exchange, 200, "text/html; charset=UTF-8",
                        "<html><body><h1>Sign in to continue</h1></body></html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (uri.getPath().equals(STATS_PATH)) {
                ObjectNode stats = JSON.createObjectNode();
                stats.put("calls", calls.get());
                stats.put("batchesCreated", batches.created());
                stats.put("bytesUploaded", files.bytesUploaded());
                stats.put("promptTokensBilled", promptTokensBilled.get());
                stats.set("invoice", JSON.valueToTree(invoice.invoice().lines()));
                send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(stats));
                return;
            }
            if (isFilesOrBatches(uri.getPath())) {
                if (!authorizedByKey(exchange, uri)) {
                    return;
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                String method = exchange.getRequestMethod();
                if (!files.handle(exchange, uri.getPath(), method, body) && !batches.handle(exchange, uri.getPath(), method, body)) {
                    error(exchange, 404, "NOT_FOUND", "The requested URL " + uri.getPath() + " was not found on this server.");
                }
                return;
            }
            Matcher path = PATH.matcher(uri.getPath());
            boolean generate = path.matches() && path.group(4) != null && exchange.getRequestMethod().equals("POST");
            boolean getModel = path.matches() && path.group(4) == null && exchange.getRequestMethod().equals("GET");
            if (!generate && !getModel) {
                error(exchange, 404, "NOT_FOUND", "The requested URL " + uri.getPath() + " was not found on this server.");
                return;
            }
            boolean vertex = path.group(2) != null;
            if (vertex ? !authorizedByToken(exchange) : !authorizedByKey(exchange, uri)) {
                return;
            }
            String model = path.group(3);
            if (!models.contains(model)) {
                error(exchange, 404, "NOT_FOUND", "models/" + model + " is not found for API version " + path.group(1)
                        + ", or is not supported for generateContent. Call ListModels to see the list of available models"
                        + " and their supported methods.");
                return;
            }
            if (getModel) {
                ObjectNode description = JSON.createObjectNode();
                description.put("name", (vertex ? "publishers/google/models/" : "models/") + model);
                description.put("displayName", model);
                description.put("inputTokenLimit", 1048576);
                description.put("outputTokenLimit", 65536);
                description.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
                send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(description));
                return;
            }
            long arrived = System.nanoTime();
            byte[] body = readLimited(exchange.getRequestBody());
            if (exchange.getRequestHeaders().containsKey(STARTUP_CHECK_HEADER)) {
                startupChecks.incrementAndGet();
                EmulatorFaults.Decision.Refuse refuse = faults.refusal();
                if (refuse != null) {
                    error(exchange, 400, refuse.status(), refuse.message());
                } else {
                    answer(exchange, model, body, false, false);
                }
                return;
            }
            calls.incrementAndGet();
            String caller = exchange.getRequestHeaders().getFirst("x-goog-api-key");
            callsByKey.computeIfAbsent(caller == null ? "" : caller, k -> new AtomicInteger()).incrementAndGet();
            if (body == null) {
                error(exchange, 400, "INVALID_ARGUMENT", "Request payload size exceeds the limit: " + MAX_REQUEST_BYTES + " bytes.");
                return;
            }
            EmulatorFaults.Decision decision = faults.decide();
            if (decision instanceof EmulatorFaults.Decision.RateLimited limited) {
                rateLimited.incrementAndGet();
                events.add(new CallEvent(arrived, 429, limited.retryAfter()));
                quotaExceeded(exchange, limited.retryAfter(), limited.quota());
                return;
            }
            if (decision instanceof EmulatorFaults.Decision.Refuse refuse) {
                events.add(new CallEvent(arrived, 400, null));
                error(exchange, 400, refuse.status(), refuse.message());
                return;
            }
            sleep(latency);
            if (decision instanceof EmulatorFaults.Decision.Fail fail) {
                events.add(new CallEvent(arrived, fail.status(), fail.status() == 429 ? INJECTED_RETRY_DELAY : null));
                injectedError(exchange, fail.status());
                return;
            }
            events.add(new CallEvent(arrived, 200, null));
            if (decision instanceof EmulatorFaults.Decision.Hang hang) {
                sleep(hang.duration());
            }
            boolean stream = path.group(4).equals("streamGenerateContent");
            answer(exchange, model, body, stream, "sse".equals(queryParameter(uri, "alt")));
        } catch (IOException | RuntimeException e) {
            // The client went away or the emulator is stopping; nothing to answer.
        }
    }

    private static boolean isFilesOrBatches(String path) {
        return path.startsWith("/upload/") || path.startsWith("/download/") || path.matches("^/v1(beta|alpha)?/(files|batches)(/.*)?$")
                || path.endsWith(":batchGenerateContent");
    }

    /** The Gemini API's check: an API key in {@code x-goog-api-key} or {@code ?key=}; answers the refusal itself. */
    private boolean authorizedByKey(HttpExchange exchange, URI uri) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (key == null) {
            key = queryParameter(uri, "key");
        }
        if (key == null || key.isEmpty()) {
            error(exchange, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without"
                    + " established identity). Please use API Key or other form of API consumer identity to call this API.");
            return false;
        }
        if (revokedKeys.contains(key)) {
            error(exchange, 403, "PERMISSION_DENIED", "Permission denied: the API key has been revoked or suspended.");
            return false;
        }
        if (!keys.contains(key)) {
            errorWithReason(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID");
            return false;
        }
        return true;
    }

    /** Vertex AI's check: an OAuth access token in {@code Authorization: Bearer}; answers 401 itself otherwise. */
    private boolean authorizedByToken(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).strip() : null;
        if (token == null || !accessTokens.contains(token)) {
            error(exchange, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token,"
                    + " login cookie or other valid authentication credential.");
            return false;
        }
        return true;
    }

    private void answer(HttpExchange exchange, String model, byte[] body, boolean stream, boolean sse) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            error(exchange, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }
        Generated generated = generate(model, request, !exchange.getRequestHeaders().containsKey(STARTUP_CHECK_HEADER));
        if (generated.refusal() == null) {
            // Billed once generated, whether or not the caller is still there to read it (a killed process's call is paid).
            invoice.bill(model, false, generated.response());
        }
        if (generated.refusal() != null) {
            error(exchange, 400, "INVALID_ARGUMENT", generated.refusal());
        } else if (faults.wrongShape() && !exchange.getRequestHeaders().containsKey(STARTUP_CHECK_HEADER)) {
            send(exchange, 200, "application/json; charset=UTF-8",
                    "{\"candidates\":[{\"content\":17}],\"usageMetadata\":\"lots\"}".getBytes(StandardCharsets.UTF_8));
        } else if (!stream) {
            send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(generated.response()));
        } else {
            sendStream(exchange, generated.response(), generated.caption(), generated.promptTokens(), model, sse);
        }
    }

    /**
     * What the service answers one {@code GenerateContentRequest} with: a response, or the message of its 400.
     *
     * @param billed whether its input tokens count in {@link #promptTokensBilled()} (not for start-up checks)
     */
    Generated generate(String model, JsonNode request, boolean billed) {
        List<String> texts = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        List<String> mimes = new ArrayList<>();
        int contentIndex = 0;
        for (JsonNode content : request.path("contents")) {
            int partIndex = 0;
            for (JsonNode part : content.path("parts")) {
                JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.get("inline_data");
                if (part.hasNonNull("text")) {
                    texts.add(part.get("text").asText());
                } else if (inline != null) {
                    String mime = inline.has("mimeType") ? inline.path("mimeType").asText() : inline.path("mime_type").asText();
                    byte[] data;
                    try {
                        data = Base64.getDecoder().decode(inline.path("data").asText());
                    } catch (IllegalArgumentException e) {
                        return Generated.refused("Invalid value at 'contents[" + contentIndex + "].parts["
                                + partIndex + "].inline_data.data' (TYPE_BYTES), Base64 decoding failed");
                    }
                    images.add(data);
                    mimes.add(mime);
                    callsPerImage.computeIfAbsent(ImageInspector.sha256(data), sha -> new AtomicInteger()).incrementAndGet();
                }
                partIndex++;
            }
            contentIndex++;
        }
        if (texts.isEmpty() && images.isEmpty()) {
            return Generated.refused("* GenerateContentRequest.contents: contents is not specified");
        }
        int promptTokens = 0;
        for (String text : texts) {
            promptTokens += Math.max(1, (text.length() + 3) / 4);
        }
        List<String> descriptions = new ArrayList<>();
        String blockPrompt = null;
        String stopSafety = null;
        for (int i = 0; i < images.size(); i++) {
            byte[] image = images.get(i);
            String mime = mimes.get(i);
            if (!Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif").contains(mime)) {
                return Generated.refused("Unsupported MIME type: " + mime);
            }
            EmulatorImages.Seen seen = checkImages ? EmulatorImages.look(image, mime) : EmulatorImages.unchecked(image);
            if (seen.problem() != null) {
                return Generated.refused(seen.problem());
            }
            promptTokens += EmulatorImages.imageTokens(seen.size(), model, request.path("generationConfig").path("mediaResolution").asText(""));
            sentSizes.add(seen.size());
            String latin = new String(image, StandardCharsets.ISO_8859_1);
            if (latin.contains(BLOCK_PROMPT_MARKER)) {
                blockPrompt = "SAFETY";
            } else if (latin.contains(STOP_SAFETY_MARKER)) {
                stopSafety = "SAFETY";
            }
            descriptions.add(describe(seen, ImageInspector.sha256(image)));
        }
        String caption = faults.answerNoise() + (descriptions.isEmpty() ? "There is no image to describe." : String.join(" ", descriptions));
        JsonNode asked = request.path("generationConfig");
        JsonNode schema = asked.has("responseJsonSchema") ? asked.get("responseJsonSchema") : asked.get("responseSchema");
        if (schema != null && "application/json".equals(asked.path("responseMimeType").asText())) {
            caption = switch (faults.brokenAnswer()) {
                case NOT_JSON -> "{\"" + caption.replace("\"", "'");
                case MISSING_REQUIRED -> EmulatorAnswers.withoutRequired(schema, caption).toString();
                case NONE -> EmulatorAnswers.fitting(schema, caption).toString();
            };
        }
        if (billed) {
            promptTokensBilled.addAndGet(promptTokens);
            prompts.addAll(texts);
            if (keepImages) {
                receivedImages.addAll(images);
            }
        }
        ObjectNode response = blockPrompt != null ? blockedPrompt(blockPrompt, promptTokens, model)
                : stopSafety != null ? stoppedCandidate(promptTokens, model)
                : captioned(caption, promptTokens, model);
        JsonNode generationConfig = request.path("generationConfig");
        lastGenerationConfig = generationConfig.toString();
        if (generationConfig.path("thinkingConfig").path("thinkingBudget").asInt(-1) == 0) {
            // Like the service: a request that turns thinking off is billed no thought tokens.
            ObjectNode usage = (ObjectNode) response.get("usageMetadata");
            usage.put("totalTokenCount", usage.path("totalTokenCount").asInt() - usage.path("thoughtsTokenCount").asInt());
            usage.remove("thoughtsTokenCount");
        }
        return new Generated(response, caption, promptTokens, null);
    }

    /** One request's answer: the response with its caption and input tokens, or the message of a 400 refusal. */
    record Generated(ObjectNode response, String caption, int promptTokens, String refusal) {

        static Generated refused(String message) {
            return new Generated(null, null, 0, message);
        }
    }

    private static String describe(EmulatorImages.Seen seen, String sha256) {
        String colour = seen.colour() == null ? "" : ", mostly " + seen.colour();
        return "A " + seen.size().width() + "x" + seen.size().height() + " " + seen.type().name() + " image" + colour
                + " (fingerprint " + sha256.substring(0, 12) + ").";
    }

    private ObjectNode captioned(String caption, int promptTokens, String model) {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode candidate = response.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", caption);
        content.put("role", "model");
        candidate.put("finishReason", "STOP");
        candidate.put("index", 0);
        usage(response, promptTokens, (caption.length() + 3) / 4);
        response.put("modelVersion", model);
        response.put("responseId", UUID.randomUUID().toString());
        return response;
    }

    private ObjectNode blockedPrompt(String reason, int promptTokens, String model) {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode feedback = response.putObject("promptFeedback");
        feedback.put("blockReason", reason);
        ObjectNode rating = feedback.putArray("safetyRatings").addObject();
        rating.put("category", "HARM_CATEGORY_DANGEROUS_CONTENT");
        rating.put("probability", "HIGH");
        ObjectNode usage = response.putObject("usageMetadata");
        usage.put("promptTokenCount", promptTokens);
        usage.put("totalTokenCount", promptTokens);
        response.put("modelVersion", model);
        response.put("responseId", UUID.randomUUID().toString());
        return response;
    }

    private ObjectNode stoppedCandidate(int promptTokens, String model) {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode candidate = response.putArray("candidates").addObject();
        candidate.put("finishReason", "SAFETY");
        candidate.put("index", 0);
        ObjectNode rating = candidate.putArray("safetyRatings").addObject();
        rating.put("category", "HARM_CATEGORY_SEXUALLY_EXPLICIT");
        rating.put("probability", "HIGH");
        rating.put("blocked", true);
        usage(response, promptTokens, 0);
        response.put("modelVersion", model);
        response.put("responseId", UUID.randomUUID().toString());
        return response;
    }

    private void usage(ObjectNode response, int promptTokens, int outputTokens) {
        ObjectNode usage = response.putObject("usageMetadata");
        usage.put("promptTokenCount", promptTokens);
        usage.put("candidatesTokenCount", outputTokens);
        if (thoughtTokens > 0) {
            usage.put("thoughtsTokenCount", thoughtTokens);
        }
        usage.put("totalTokenCount", promptTokens + outputTokens + thoughtTokens);
    }

    private void sendStream(HttpExchange exchange, ObjectNode whole, String caption, int promptTokens, String model,
            boolean sse) throws IOException {
        List<ObjectNode> chunks = new ArrayList<>();
        if (whole.has("candidates") && "STOP".equals(whole.path("candidates").path(0).path("finishReason").asText())) {
            String[] words = caption.split("(?<= )");
            int per = Math.max(1, (words.length + 2) / 3);
            for (int start = 0; start < words.length; start += per) {
                String piece = String.join("", java.util.Arrays.copyOfRange(words, start, Math.min(words.length, start + per)));
                ObjectNode chunk = captioned(piece, promptTokens, model);
                if (start + per < words.length) {
                    ((ObjectNode) chunk.path("candidates").path(0)).remove("finishReason");
                }
                chunks.add(chunk);
            }
        } else {
            chunks.add(whole);
        }
        exchange.getResponseHeaders().set("Content-Type", sse ? "text/event-stream" : "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (sse) {
                for (ObjectNode chunk : chunks) {
                    out.write(("data: " + JSON.writeValueAsString(chunk) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } else {
                ArrayNode array = JSON.createArrayNode();
                chunks.forEach(array::add);
                out.write(JSON.writeValueAsBytes(array));
            }
        }
    }

    /** 429 as the service sends it: QuotaFailure naming the quota, and RetryInfo with the delay. */
    private static void quotaExceeded(HttpExchange exchange, Duration retryAfter, SlidingWindowQuota quota) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", 429);
        error.put("message", "You exceeded your current quota, please check your plan and billing details. For more"
                + " information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.");
        error.put("status", "RESOURCE_EXHAUSTED");
        ArrayNode details = error.putArray("details");
        ObjectNode failure = details.addObject();
        failure.put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
        ObjectNode violation = failure.putArray("violations").addObject();
        violation.put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests");
        violation.put("quotaId", quota.window().compareTo(Duration.ofDays(1)) >= 0 ? "GenerateRequestsPerDayPerProjectPerModel"
                : "GenerateRequestsPer" + quota.window().toMillis() + "msPerProjectPerModel");
        violation.put("quotaValue", String.valueOf(quota.limit()));
        ObjectNode retry = details.addObject();
        retry.put("@type", "type.googleapis.com/google.rpc.RetryInfo");
        long millis = Math.max(1, retryAfter.toMillis());
        retry.put("retryDelay", String.format(java.util.Locale.ROOT, "%d.%03ds", millis / 1000, millis % 1000));
        send(exchange, 429, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
    }

    private void injectedError(HttpExchange exchange, int code) throws IOException {
        switch (code) {
            case 429 -> quotaExceeded(exchange, INJECTED_RETRY_DELAY, INJECTED_QUOTA);
            case 500 -> error(exchange, 500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
            case 503 -> error(exchange, 503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            case 504 -> error(exchange, 504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.");
            default -> error(exchange, code, "UNKNOWN", "Injected error " + code + ".");
        }
    }

    private void error(HttpExchange exchange, int code, String status, String message) throws IOException {
        errorWithReason(exchange, code, status, message, null);
    }

    /** A Google API error body: {@code {"error": {"code", "message", "status"}}}. */
    static void sendError(HttpExchange exchange, int code, String status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        send(exchange, code, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
    }

    private void errorWithReason(HttpExchange exchange, int code, String status, String message, String reason)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        error.put("message", faults.echoKey() && key != null ? message + " (request key: " + key + ")" : message);
        error.put("status", status);
        if (reason != null) {
            ObjectNode info = error.putArray("details").addObject();
            info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
            info.put("reason", reason);
            info.put("domain", "googleapis.com");
        }
        send(exchange, code, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The body, or {@code null} when it is over the service's request limit. */
    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return body;
    }

    static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("emulator stopping", e);
        }
    }

    /** Settings for a new emulator. */
    public static final class Builder {
        private final Set<String> keys = new HashSet<>(Set.of(DEFAULT_KEY));
        private final Set<String> accessTokens = new HashSet<>(Set.of(DEFAULT_ACCESS_TOKEN));
        private final Set<String> models = new HashSet<>(DEFAULT_MODELS);
        private Duration latency = Duration.ZERO;
        private int thoughtTokens;
        private int port;
        private boolean checkImages = true;
        private boolean keepImages;

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Accepts this key in addition to {@link #DEFAULT_KEY}. */
        public Builder apiKey(String key) {
            keys.add(key);
            return this;
        }

        /** Accepts this OAuth access token on Vertex AI paths, in addition to {@link #DEFAULT_ACCESS_TOKEN}. */
        public Builder accessToken(String token) {
            accessTokens.add(token);
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Thinking tokens reported with each answer (billed as output by the service). */
        public Builder thoughtTokens(int thoughtTokens) {
            this.thoughtTokens = thoughtTokens;
            return this;
        }

        /**
         * Whether to decode each image as the service does (the default). Off, images are taken at
         * their word, so that a benchmark measures gemcap rather than the emulator's decoder.
         */
        public Builder checkImages(boolean checkImages) {
            this.checkImages = checkImages;
            return this;
        }

        /** Whether to keep the bytes of every image received, for {@link #images()} (off: a long benchmark would hold them all). */
        public Builder keepImages(boolean keepImages) {
            this.keepImages = keepImages;
            return this;
        }

        public GeminiEmulator build() {
            return new GeminiEmulator(this);
        }
    }
}
