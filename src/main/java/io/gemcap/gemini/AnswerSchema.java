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
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
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
        Optional<String> loop = inPlaceLoop(schema);
        if (loop.isPresent()) {
            throw new IllegalArgumentException("the schema " + source + " " + loop.get());
        }
        try {
            return new AnswerSchema(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema " + source + " is not a JSON Schema: " + e.getMessage());
        }
    }

    /** Keywords whose values are data, not schemas: an object inside them is never applied to an answer. */
    private static final Set<String> DATA_KEYWORDS = Set.of("enum", "const", "default", "examples", "example");
    /** Keywords applying their subschemas to the same place of the answer as the schema holding them. */
    private static final List<String> IN_PLACE_ARRAYS = List.of("allOf", "anyOf", "oneOf");
    private static final List<String> IN_PLACE_SCHEMAS = List.of("not", "if", "then", "else");
    /** Keywords naming another schema by URI. */
    private static final List<String> REFERENCES = List.of("$ref", "$dynamicRef", "$recursiveRef");

    /**
     * What is wrong when some subschemas apply only each other to the same place of an answer ({@code x -> y -> x}
     * through {@code $ref}, {@code allOf} and the like): checking any answer against them would never end (the validator
     * runs out of stack), so every paid answer would be lost with the run. Recursion through {@code properties} or
     * {@code items} moves deeper into the answer at each turn and ends with it: that is fine. A local {@code $ref} to
     * nothing is refused too, and so is a reference outside the file.
     */
    private static Optional<String> inPlaceLoop(JsonNode root) {
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        collect(root, "", schemas);
        Map<String, List<String>> next = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> schema : schemas.entrySet()) {
            List<String> targets = new ArrayList<>();
            for (String keyword : REFERENCES) {
                JsonNode reference = schema.getValue().get(keyword);
                if (reference != null && reference.isTextual() && !reference.asText().startsWith("#")) {
                    // The validator would fetch it while answers are checked, after they were paid: a URL, a file.
                    return Optional.of("has a " + keyword + " outside the file: " + reference.asText() + " (at "
                            + display(schema.getKey()) + "); gemcap reads no other schema: put the definition under $defs");
                }
            }
            JsonNode ref = schema.getValue().get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                String target = java.net.URLDecoder.decode(ref.asText().substring(1), StandardCharsets.UTF_8);
                if (target.startsWith("/") && root.at(target).isMissingNode()) {
                    return Optional.of("has a $ref to nothing: " + ref.asText() + " (at " + display(schema.getKey()) + ")");
                }
                targets.add(target);
            }
            for (String keyword : IN_PLACE_ARRAYS) {
                JsonNode all = schema.getValue().path(keyword);
                for (int i = 0; i < all.size(); i++) {
                    targets.add(schema.getKey() + "/" + keyword + "/" + i);
                }
            }
            for (String keyword : IN_PLACE_SCHEMAS) {
                if (schema.getValue().path(keyword).isObject()) {
                    targets.add(schema.getKey() + "/" + keyword);
                }
            }
            next.put(schema.getKey(), targets);
        }
        // Depth first without recursion: a chain of thousands of $refs must not overflow this thread's stack either.
        Map<String, Boolean> finished = new HashMap<>();
        for (String start : next.keySet()) {
            if (finished.containsKey(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> pending = new ArrayDeque<>();
            path.addLast(start);
            pending.addLast(next.getOrDefault(start, List.of()).iterator());
            finished.put(start, false);
            while (!pending.isEmpty()) {
                if (!pending.peekLast().hasNext()) {
                    pending.removeLast();
                    finished.put(path.removeLast(), true);
                    continue;
                }
                String target = pending.peekLast().next();
                Boolean seen = finished.get(target);
                if (seen == null) {
                    finished.put(target, false);
                    path.addLast(target);
                    pending.addLast(next.getOrDefault(target, List.of()).iterator());
                } else if (!seen) {
                    List<String> loop = new ArrayList<>(path);
                    loop = loop.subList(loop.indexOf(target), loop.size());
                    loop.add(target);
                    return Optional.of("loops: " + loop.stream().map(AnswerSchema::display).collect(Collectors.joining(" -> "))
                            + " apply only each other to the same value, so checking an answer against it would never end (a"
                            + " schema may refer back to itself only from inside properties or items)");
                }
            }
        }
        return Optional.empty();
    }

    /** Every object of the document that may be a schema, by its JSON pointer. */
    private static void collect(JsonNode node, String pointer, Map<String, JsonNode> schemas) {
        if (node.isObject()) {
            schemas.put(pointer, node);
            node.fields().forEachRemaining(field -> {
                if (!DATA_KEYWORDS.contains(field.getKey())) {
                    collect(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), schemas);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, schemas);
            }
        }
    }

    private static String display(String pointer) {
        return "#" + pointer;
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
        Set<ValidationMessage> broken;
        try {
            broken = validator.validate(document);
        } catch (RuntimeException | StackOverflowError e) {
            // A paid answer the check cannot finish on (a pattern whose matching overflows the stack on a long answer) is
            // the image's failed row like any other broken answer, not the run's end.
            return Optional.of("the answer could not be checked against the schema (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
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
