package io.gemcap.gemini;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gemcap.image.SendableImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * Writes Batch Mode's input: one JSON line per image, {@code {"key": …, "request": GenerateContentRequest}} in
 * the public wire format (camelCase, {@code generationConfig}), as the service reads an uploaded JSONL file. The
 * client's own request converter is not public, so the request is written here from the run's
 * {@link RequestSettings}, the same settings the online call sends. Streams: a shard is never held whole.
 */
public final class BatchRequestWriter implements AutoCloseable {

    /** Each line's generator leaves the shard open when it is closed (it flushes). */
    private static final JsonFactory JSON = new com.fasterxml.jackson.databind.MappingJsonFactory()
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final RequestSettings settings;
    private final OutputStream out;

    public BatchRequestWriter(RequestSettings settings, OutputStream out) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Appends one request line. */
    public void write(String key, SendableImage image) throws IOException {
        write(key, settings.prompt(), image);
    }

    /** Appends one request line whose image has a prompt of its own (a template filled for it). */
    public void write(String key, String prompt, SendableImage image) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("key", key);
            json.writeObjectFieldStart("request");
            json.writeArrayFieldStart("contents");
            json.writeStartObject();
            json.writeStringField("role", "user");
            json.writeArrayFieldStart("parts");
            json.writeStartObject();
            json.writeStringField("text", prompt);
            json.writeEndObject();
            json.writeStartObject();
            json.writeObjectFieldStart("inlineData");
            json.writeStringField("mimeType", image.mime());
            json.writeStringField("data", Base64.getEncoder().encodeToString(image.bytes()));
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            writeGenerationConfig(json);
            json.writeEndObject();
            json.writeEndObject();
        }
        out.write('\n');
    }

    /**
     * Copies the request lines of {@code keys} from an earlier shard, byte for byte: a request sent again is the
     * request sent first. Reads only each line's key (written first), not its image.
     *
     * @return the keys whose lines were copied
     */
    public static Set<String> copy(Path shard, Set<String> keys, OutputStream out) throws IOException {
        Set<String> copied = new java.util.HashSet<>();
        try (BufferedReader lines = Files.newBufferedReader(shard, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String key = key(line);
                if (key != null && keys.contains(key) && copied.add(key)) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            }
        }
        return copied;
    }

    /** The key of a request line, or {@code null} when the line does not start with one. */
    private static String key(String line) throws IOException {
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() == JsonToken.START_OBJECT
                    && json.nextToken() == JsonToken.FIELD_NAME && json.currentName().equals("key")
                    && json.nextToken() == JsonToken.VALUE_STRING) {
                return json.getText();
            }
            return null;
        }
    }

    private void writeGenerationConfig(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("generationConfig");
        if (settings.maxOutputTokens() != null) {
            json.writeNumberField("maxOutputTokens", settings.maxOutputTokens());
        }
        if (settings.thinkingLevel() != null || settings.thinkingBudget() != null) {
            json.writeObjectFieldStart("thinkingConfig");
            if (settings.thinkingLevel() != null) {
                json.writeStringField("thinkingLevel", settings.thinkingLevel());
            } else {
                json.writeNumberField("thinkingBudget", settings.thinkingBudget());
            }
            json.writeEndObject();
        }
        if (settings.mediaResolution() != null) {
            json.writeStringField("mediaResolution", settings.mediaResolution());
        }
        if (settings.schema() != null) {
            json.writeStringField("responseMimeType", "application/json");
            json.writeFieldName("responseJsonSchema");
            json.writeTree(settings.schema().node());
        }
        json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
