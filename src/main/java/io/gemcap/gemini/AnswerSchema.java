package io.gemcap.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.gemcap.image.ImageInspector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON Schema an answer must follow ({@code --schema}): sent as the request's {@code responseJsonSchema}, checked on
 * every answer (JSON Schema 2020-12: required, enum, types, lengths...), and turned into one column per top-level
 * property. Immutable and thread-safe.
 */
public final class AnswerSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode schema;
    private final JsonSchema validator;
    private final List<String> properties;
    private final String sha256;

    private AnswerSchema(JsonNode schema) {
        this.schema = schema;
        this.validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        this.properties = Collections.unmodifiableList(names);
        // The schema's meaning, not its spacing, keys the ledger: the canonical JSON of the parsed document.
        this.sha256 = ImageInspector.sha256(canonical(schema, false).toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a schema file: a JSON object of {@code "type": "object"} with {@code properties}.
     *
     * @throws IllegalArgumentException saying in one line what is wrong with the file
     */
    public static AnswerSchema read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("the schema " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the schema " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** A schema from its text; {@code source} names it in errors. */
    public static AnswerSchema parse(String text, String source) {
        JsonNode schema;
        try {
            schema = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the schema " + source + " is not JSON: " + e.getOriginalMessage());
        }
        if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asText())
                || !schema.path("properties").isObject() || schema.path("properties").isEmpty()) {
            throw new IllegalArgumentException("the schema " + source + " must be a JSON object with \"type\": \"object\" and"
                    + " \"properties\": each top-level property becomes a column");
        }
        try {
            return new AnswerSchema(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema " + source + " is not a JSON Schema: " + e.getMessage());
        }
    }

    /** The top-level properties in the schema's order: the answer's columns. */
    public List<String> properties() {
        return properties;
    }

    /** The hash of the schema's canonical JSON: part of the request's fingerprint. */
    public String sha256() {
        return sha256;
    }

    /** The schema as the request's {@code responseJsonSchema}. */
    public Map<String, Object> wire() {
        return JSON.convertValue(schema, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    }

    /** The schema itself. */
    public JsonNode node() {
        return schema;
    }

    /** Why an answer does not do, or empty when it is a JSON document that follows the schema. */
    public Optional<String> problem(String answer) {
        JsonNode document;
        try {
            document = JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            return Optional.of("the answer is not valid JSON: " + e.getOriginalMessage());
        }
        if (document == null) {
            return Optional.of("the answer is empty, not JSON");
        }
        Set<ValidationMessage> broken = validator.validate(document);
        if (broken.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the answer breaks the schema: " + broken.stream().map(ValidationMessage::getMessage).sorted()
                .limit(3).collect(Collectors.joining("; ")));
    }

    /**
     * The answer's cells, property by property in the schema's order: text as it is, arrays joined with {@code "; "},
     * objects as JSON text, absent properties empty. An answer that is not a JSON object gives empty cells.
     */
    public List<String> cells(String answer) {
        JsonNode document;
        try {
            document = answer == null ? null : JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            document = null;
        }
        List<String> cells = new ArrayList<>(properties.size());
        for (String property : properties) {
            JsonNode value = document == null || !document.isObject() ? null : document.get(property);
            cells.add(cell(value));
        }
        return cells;
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            return String.join("; ", items);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** Keys sorted at every level, except a {@code properties} object's, whose order is the columns'. */
    private static JsonNode canonical(JsonNode node, boolean keepOrder) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            if (!keepOrder) {
                Collections.sort(names);
            }
            ObjectNode canonical = JSON.createObjectNode();
            for (String name : names) {
                canonical.set(name, canonical(node.get(name), name.equals("properties")));
            }
            return canonical;
        }
        if (node.isArray()) {
            ArrayNode canonical = JSON.createArrayNode();
            node.forEach(item -> canonical.add(canonical(item, false)));
            return canonical;
        }
        return node;
    }
}
