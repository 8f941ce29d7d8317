package io.gemcap.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * A small Google Cloud Storage JSON API server for tests, reached by the real client through
 * {@code STORAGE_EMULATOR_HOST}: object listing in key order with {@code maxResults}, {@code pageToken},
 * {@code prefix} and {@code startOffset}; object metadata with generation, etag and hashes; media downloads
 * (pinned to a generation when asked); resumable and multipart uploads. It counts downloads and listing
 * calls, and answers 503 to reads on request.
 */
public final class GcsStub implements AutoCloseable {

    private record StoredObject(String name, byte[] bytes, long generation) {
    }

    /** GCS orders names by their UTF-8 bytes. */
    private static final Comparator<String> NAME_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8));

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayUpload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
    private final AtomicInteger failReads = new AtomicInteger();
    private final List<String> downloaded = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, String>> listings = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> replaceAfterListing = new ConcurrentHashMap<>();

    private static final class ByteArrayUpload {
        final String bucket;
        final String name;
        final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();

        ByteArrayUpload(String bucket, String name) {
            this.bucket = bucket;
            this.name = name;
        }
    }

    public GcsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The value for {@code STORAGE_EMULATOR_HOST}. */
    public String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void createBucket(String bucket) {
        buckets.put(bucket, new ConcurrentSkipListMap<>(NAME_ORDER));
    }

    /** Stores a new generation of {@code name}. */
    public void put(String bucket, String name, byte[] bytes) {
        buckets.get(bucket).put(name, new StoredObject(name, bytes, generations.incrementAndGet()));
    }

    public byte[] get(String bucket, String name) {
        StoredObject object = buckets.get(bucket).get(name);
        return object == null ? null : object.bytes();
    }

    public int downloads() {
        return downloaded.size();
    }

    public List<String> downloadedNames() {
        return List.copyOf(downloaded);
    }

    /** The query parameters of each listing call served so far. */
    public List<Map<String, String>> listings() {
        return List.copyOf(listings);
    }

    /** Writes a new generation of {@code name} as soon as a listing has shown the current one, as a concurrent upload would. */
    public void replaceAfterListing(String bucket, String name, byte[] bytes) {
        replaceAfterListing.put(bucket + "/" + name, bytes);
    }

    public void failNextReads(int n) {
        failReads.set(n);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            if (path.startsWith("/upload/storage/v1/b/")) {
                upload(exchange, segment(path, 5), query);
                return;
            }
            if (path.startsWith("/resumable/")) {
                resumableChunk(exchange, path.substring("/resumable/".length()));
                return;
            }
            if (path.startsWith("/download/")) {
                path = path.substring("/download".length());
            }
            if (!path.startsWith("/storage/v1/b/")) {
                error(exchange, 404, "Not Found");
                return;
            }
            String bucket = segment(path, 4);
            NavigableMap<String, StoredObject> objects = buckets.get(bucket);
            if (objects == null) {
                error(exchange, 404, "The specified bucket does not exist.");
                return;
            }
            String objectsPrefix = "/storage/v1/b/" + path.split("/")[4] + "/o";
            if (path.equals(objectsPrefix) || path.equals(objectsPrefix + "/")) {
                list(exchange, bucket, objects, query);
                return;
            }
            String name = decode(path.substring(objectsPrefix.length() + 1));
            if (!method.equals("GET")) {
                error(exchange, 405, "method not supported by the stub");
                return;
            }
            StoredObject object = objects.get(name);
            String generation = query.get("generation");
            if (object == null || (generation != null && Long.parseLong(generation) != object.generation())) {
                error(exchange, 404, "No such object: " + bucket + "/" + name);
                return;
            }
            if ("media".equals(query.get("alt"))) {
                if (failReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    error(exchange, 503, "Service Unavailable");
                    return;
                }
                downloaded.add(name);
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.getResponseHeaders().set("x-goog-generation", String.valueOf(object.generation()));
                exchange.getResponseHeaders().set("x-goog-hash", "crc32c=" + crc32c(object.bytes()) + ",md5=" + md5(object.bytes()));
                send(exchange, 200, object.bytes(), "application/octet-stream");
                return;
            }
            sendJson(exchange, 200, metadata(bucket, object));
        } catch (RuntimeException e) {
            error(exchange, 500, String.valueOf(e));
        }
    }

    private void list(HttpExchange exchange, String bucket, NavigableMap<String, StoredObject> objects, Map<String, String> query)
            throws IOException {
        listings.add(query);
        String prefix = query.getOrDefault("prefix", "");
        int max = Integer.parseInt(query.getOrDefault("maxResults", "1000"));
        String token = query.get("pageToken");
        NavigableMap<String, StoredObject> from = objects;
        if (token != null) {
            from = objects.tailMap(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8), false);
        } else if (query.get("startOffset") != null) {
            from = objects.tailMap(query.get("startOffset"), true);
        }
        List<Object> items = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (StoredObject object : from.values()) {
            if (!object.name().startsWith(prefix)) {
                if (NAME_ORDER.compare(object.name(), prefix) > 0) {
                    break;
                }
                continue;
            }
            if (items.size() == max) {
                more = true;
                break;
            }
            items.add(metadata(bucket, object));
            last = object.name();
        }
        for (Object item : items) {
            String name = (String) ((Map<?, ?>) item).get("name");
            byte[] replacement = replaceAfterListing.remove(bucket + "/" + name);
            if (replacement != null) {
                put(bucket, name, replacement);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "storage#objects");
        body.put("items", items);
        if (more) {
            body.put("nextPageToken", Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        sendJson(exchange, 200, body);
    }

    private void upload(HttpExchange exchange, String bucket, Map<String, String> query) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!buckets.containsKey(bucket)) {
            error(exchange, 404, "The specified bucket does not exist.");
            return;
        }
        String type = query.getOrDefault("uploadType", "");
        if (type.equals("resumable")) {
            Map<?, ?> metadata = json.readValue(body, Map.class);
            String name = metadata.get("name") != null ? (String) metadata.get("name") : query.get("name");
            String id = UUID.randomUUID().toString();
            uploads.put(id, new ByteArrayUpload(bucket, name));
            exchange.getResponseHeaders().set("Location", host() + "/resumable/" + id);
            send(exchange, 200, new byte[0], "application/json");
            return;
        }
        if (type.equals("multipart")) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()).replace("\"", "");
            List<byte[]> parts = multipart(body, boundary);
            Map<?, ?> metadata = json.readValue(parts.get(0), Map.class);
            String name = (String) metadata.get("name");
            put(bucket, name, parts.get(1));
            sendJson(exchange, 200, metadata(bucket, buckets.get(bucket).get(name)));
            return;
        }
        error(exchange, 400, "uploadType " + type + " is not supported by the stub");
    }

    private void resumableChunk(HttpExchange exchange, String id) throws IOException {
        ByteArrayUpload upload = uploads.get(id);
        if (upload == null) {
            error(exchange, 404, "No such upload");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        upload.received.write(body);
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        String total = range == null ? String.valueOf(upload.received.size()) : range.substring(range.indexOf('/') + 1);
        if (total.equals("*")) {
            exchange.getResponseHeaders().set("Range", "bytes=0-" + (upload.received.size() - 1));
            send(exchange, 308, new byte[0], "text/plain");
            return;
        }
        put(upload.bucket, upload.name, upload.received.toByteArray());
        uploads.remove(id);
        sendJson(exchange, 200, metadata(upload.bucket, buckets.get(upload.bucket).get(upload.name)));
    }

    private static List<byte[]> multipart(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        for (String part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
            int start = part.indexOf("\r\n\r\n");
            if (start < 0) {
                continue;
            }
            String content = part.substring(start + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            parts.add(content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return parts;
    }

    private static Map<String, Object> metadata(String bucket, StoredObject object) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "storage#object");
        m.put("id", bucket + "/" + object.name() + "/" + object.generation());
        m.put("name", object.name());
        m.put("bucket", bucket);
        m.put("generation", String.valueOf(object.generation()));
        m.put("metageneration", "1");
        m.put("size", String.valueOf(object.bytes().length));
        m.put("etag", Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(object.generation()).array()));
        m.put("md5Hash", md5(object.bytes()));
        m.put("crc32c", crc32c(object.bytes()));
        m.put("contentType", "application/octet-stream");
        m.put("storageClass", "STANDARD");
        m.put("timeCreated", "2026-11-28T00:00:00.000Z");
        m.put("updated", "2026-11-28T00:00:00.000Z");
        return m;
    }

    private static String md5(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, json.writeValueAsBytes(body), "application/json; charset=UTF-8");
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> error = Map.of("error", Map.of("code", status, "message", message,
                "errors", List.of(Map.of("message", message, "domain", "global", "reason", status == 404 ? "notFound" : "backendError"))));
        sendJson(exchange, status, error);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** The {@code index}-th segment of a raw path, decoded. */
    private static String segment(String rawPath, int index) {
        return decode(rawPath.split("/")[index]);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
