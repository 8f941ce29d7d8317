package io.gemcap.gemini.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A JSON answer that fits the schema a request asked for ({@code responseJsonSchema}, or the OpenAPI-style
 * {@code responseSchema}), with values derived from the image's own description, so the same image gets the same
 * answer: strings cut or padded to their lengths, the first of an enum, arrays of their least number of items (at
 * least one), numbers within their bounds.
 */
final class EmulatorAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmulatorAnswers() {
    }

    /** The answer to a request whose schema is {@code schema}, for an image described by {@code description}. */
    static JsonNode fitting(JsonNode schema, String description) {
        return value(schema, "answer", description);
    }

    /** The answer without the first property its schema requires: an answer that breaks the schema. */
    static JsonNode withoutRequired(JsonNode schema, String description) {
        JsonNode answer = fitting(schema, description);
        JsonNode required = schema.path("required");
        if (answer instanceof ObjectNode object && required.isArray() && !required.isEmpty()) {
            object.remove(required.get(0).asText());
        }
        return answer;
    }

    private static JsonNode value(JsonNode schema, String name, String description) {
        JsonNode enumeration = schema.path("enum");
        if (enumeration.isArray() && !enumeration.isEmpty()) {
            return enumeration.get(0);
        }
        String type = schema.path("type").asText("string").toLowerCase(java.util.Locale.ROOT);
        switch (type) {
            case "object" -> {
                ObjectNode object = JSON.createObjectNode();
                schema.path("properties").fields().forEachRemaining(property ->
                        object.set(property.getKey(), value(property.getValue(), property.getKey(), description)));
                return object;
            }
            case "array" -> {
                ArrayNode array = JSON.createArrayNode();
                int items = Math.max(1, schema.path("minItems").asInt(3));
                int most = schema.path("maxItems").asInt(Integer.MAX_VALUE);
                List<String> words = List.of(description.replaceAll("[^\\p{L}\\p{N} ]", " ").trim().split("\\s+"));
                for (int i = 0; i < Math.min(items, most); i++) {
                    JsonNode item = schema.path("items");
                    array.add(item.path("type").asText("string").equals("string") && item.path("enum").isMissingNode()
                            ? JSON.getNodeFactory().textNode(text(item, words.get(i % words.size()).toLowerCase(java.util.Locale.ROOT)))
                            : value(item, name, description));
                }
                return array;
            }
            case "integer", "number" -> {
                long least = schema.path("minimum").asLong(0);
                long most = schema.path("maximum").asLong(Math.max(least, 100));
                return JSON.getNodeFactory().numberNode(Math.min(most, least + Math.floorMod(description.hashCode(), 10)));
            }
            case "boolean" -> {
                return JSON.getNodeFactory().booleanNode(description.hashCode() % 2 == 0);
            }
            default -> {
                return JSON.getNodeFactory().textNode(text(schema, name + ": " + description));
            }
        }
    }

    private static String text(JsonNode schema, String text) {
        int most = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        int least = schema.path("minLength").asInt(0);
        String cut = text.length() > most ? text.substring(0, most) : text;
        return cut.length() < least ? cut + ".".repeat(least - cut.length()) : cut;
    }
}
