package io.gemcap.gemini.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Files API as the Gemini API speaks it: the resumable upload protocol ({@code POST /upload/v1beta/files}
 * with {@code X-Goog-Upload-Command: start}, then {@code upload} and {@code upload, finalize} chunks at the
 * offset so far, each answered with {@code X-Goog-Upload-Status}), a file's metadata, its deletion and its
 * download ({@code files/{id}:download?alt=media}, also under {@code /download/}). Files expire after 48 hours
 * on the service; here they stay until deleted. Thread-safe.
 */
final class EmulatorFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UPLOAD = Pattern.compile("^/upload/(v1beta|v1alpha|v1)/files$");
    private static final Pattern FILE = Pattern.compile("^(?:/download)?/(v1beta|v1alpha|v1)/files/([^/:]+)(:download)?$");

    /** A stored file: its metadata and content. */
    record StoredFile(String name, String displayName, String mimeType, byte[] content, Instant created) {
    }

    private record Upload(String displayName, String mimeType, long declaredLength, ByteArrayOutputStream received) {
    }

    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong bytesUploaded = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger downloads = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.time.Duration downloadDelay = java.time.Duration.ZERO;
    private volatile java.time.Duration uploadDelay = java.time.Duration.ZERO;
    private final java.util.concurrent.atomic.AtomicInteger uploadsStarted = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.function.Supplier<String> baseUrl;

    EmulatorFiles(java.util.function.Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Answers the request if it is for the Files API. */
    boolean handle(HttpExchange exchange, String path, String method, byte[] body) throws IOException {
        if (UPLOAD.matcher(path).matches() && method.equals("POST")) {
            upload(exchange, body);
            return true;
        }
        Matcher file = FILE.matcher(path);
        if (!file.matches()) {
            return false;
        }
        StoredFile stored = files.get(file.group(2));
        if (stored == null) {
            GeminiEmulator.sendError(exchange, 404, "NOT_FOUND", "File files/" + file.group(2) + " was not found.");
        } else if (file.group(3) != null && method.equals("GET")) {
            downloads.incrementAndGet();
            if (!downloadDelay.isZero()) {
                try {
                    Thread.sleep(downloadDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            GeminiEmulator.send(exchange, 200, stored.mimeType(), stored.content());
        } else if (method.equals("GET")) {
            GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(describe(stored)));
        } else if (method.equals("DELETE")) {
            files.remove(file.group(2));
            GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", "{}".getBytes());
        } else {
            GeminiEmulator.sendError(exchange, 405, "INVALID_ARGUMENT", "Method " + method + " is not allowed on files.");
        }
        return true;
    }

    private void upload(HttpExchange exchange, byte[] body) throws IOException {
        String command = header(exchange, "X-Goog-Upload-Command").orElse("");
        String uploadId = GeminiEmulator.queryParameter(exchange.getRequestURI(), "upload_id");
        if (command.equals("start")) {
            uploadsStarted.incrementAndGet();
            if (!"resumable".equals(header(exchange, "X-Goog-Upload-Protocol").orElse(""))) {
                GeminiEmulator.sendError(exchange, 400, "INVALID_ARGUMENT", "Only the resumable upload protocol is served here.");
                return;
            }
            JsonNode file = JSON.readTree(body.length == 0 ? "{}".getBytes() : body).path("file");
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            long length = Long.parseLong(header(exchange, "X-Goog-Upload-Header-Content-Length").orElse("-1"));
            uploads.put(id, new Upload(file.path("displayName").asText(""),
                    header(exchange, "X-Goog-Upload-Header-Content-Type").orElse("application/octet-stream"), length,
                    new ByteArrayOutputStream()));
            exchange.getResponseHeaders().set("X-Goog-Upload-URL", baseUrl.get() + "/upload/v1beta/files?upload_id=" + id);
            exchange.getResponseHeaders().set("X-Goog-Upload-Status", "active");
            GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", "{}".getBytes());
            return;
        }
        Upload upload = uploadId == null ? null : uploads.get(uploadId);
        if (upload == null) {
            GeminiEmulator.sendError(exchange, 404, "NOT_FOUND", "No upload session " + uploadId + ".");
            return;
        }
        if (!uploadDelay.isZero()) {
            try {
                Thread.sleep(uploadDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long offset = Long.parseLong(header(exchange, "X-Goog-Upload-Offset").orElse("-1"));
        synchronized (upload) {
            if (offset != upload.received().size()) {
                GeminiEmulator.sendError(exchange, 400, "INVALID_ARGUMENT", "Upload offset " + offset + " does not follow the "
                        + upload.received().size() + " bytes received.");
                return;
            }
            upload.received().write(body);
        }
        bytesUploaded.addAndGet(body.length);
        if (!command.contains("finalize")) {
            exchange.getResponseHeaders().set("X-Goog-Upload-Status", "active");
            GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", "{}".getBytes());
            return;
        }
        uploads.remove(uploadId);
        byte[] content = upload.received().toByteArray();
        if (upload.declaredLength() >= 0 && content.length != upload.declaredLength()) {
            GeminiEmulator.sendError(exchange, 400, "INVALID_ARGUMENT", "Received " + content.length + " bytes, " + upload.declaredLength()
                    + " declared.");
            return;
        }
        StoredFile stored = store(uploadId, upload.displayName(), upload.mimeType(), content);
        ObjectNode answer = JSON.createObjectNode();
        answer.set("file", describe(stored));
        exchange.getResponseHeaders().set("X-Goog-Upload-Status", "final");
        GeminiEmulator.send(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(answer));
    }

    /** Keeps a file made by the service itself (a batch's results). */
    StoredFile store(String id, String displayName, String mimeType, byte[] content) {
        StoredFile stored = new StoredFile("files/" + id, displayName, mimeType, content, Instant.now());
        files.put(id, stored);
        return stored;
    }

    /** The file named {@code files/{id}}, if stored. */
    Optional<StoredFile> get(String name) {
        return Optional.ofNullable(files.get(name.startsWith("files/") ? name.substring("files/".length()) : name));
    }

    /** How long a download takes before its bytes are sent. */
    void downloadDelay(java.time.Duration delay) {
        downloadDelay = delay;
    }

    /** How long each uploaded chunk takes before it is taken. */
    void uploadDelay(java.time.Duration delay) {
        uploadDelay = delay;
    }

    int uploadsStarted() {
        return uploadsStarted.get();
    }

    /** Downloads asked for so far, answered or not yet. */
    int downloads() {
        return downloads.get();
    }

    int count() {
        return files.size();
    }

    long bytesUploaded() {
        return bytesUploaded.get();
    }

    private ObjectNode describe(StoredFile stored) {
        ObjectNode file = JSON.createObjectNode();
        file.put("name", stored.name());
        file.put("displayName", stored.displayName());
        file.put("mimeType", stored.mimeType());
        file.put("sizeBytes", String.valueOf(stored.content().length));
        file.put("createTime", stored.created().toString());
        file.put("expirationTime", stored.created().plusSeconds(48 * 3600).toString());
        file.put("state", "ACTIVE");
        file.put("source", "UPLOADED");
        file.put("uri", baseUrl.get() + "/v1beta/" + stored.name());
        return file;
    }

    private static Optional<String> header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }
}
