package io.gemcap.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnswerSchemaTests {

    private static AnswerSchema parse(String json) {
        return AnswerSchema.parse(json.replace('\'', '"'), "s.json");
    }

    @Test
    void refsThatOnlyLeadToEachOtherAreRefusedWithOneLineNamingTheLoop() {
        assertThatThrownBy(() -> parse("{'type': 'object', 'properties': {'a': {'$ref': '#/$defs/x'}},"
                + " '$defs': {'x': {'$ref': '#/$defs/y'}, 'y': {'description': 'why', '$ref': '#/$defs/x'}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the schema s.json loops: #/$defs/x -> #/$defs/y -> #/$defs/x apply only each other")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> parse("{'type': 'object', 'properties': {'a': {'type': 'string'}}, 'allOf': [{'$ref': '#'}]}"))
                .hasMessageContaining("loops: # -> #/allOf/0 -> #");
        assertThatThrownBy(() -> parse("{'type': 'object', 'properties': {'a': {'anyOf': [{'type': 'string'}, {'not': {'$ref':"
                + " '#/properties/a'}}]}}}")).hasMessageContaining("loops: #/properties/a -> #/properties/a/anyOf/1");
    }

    @Test
    void aRefToNothingIsRefused() {
        assertThatThrownBy(() -> parse("{'type': 'object', 'properties': {'a': {'$ref': '#/$defs/missing'}}}"))
                .hasMessage("the schema s.json has a $ref to nothing: #/$defs/missing (at #/properties/a)");
    }

    @Test
    void aReferenceOutsideTheFileIsRefusedBeforeAnythingIsFetched() throws Exception {
        // given a server that would answer a schema, and counts who asks
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            byte[] body = "{\"type\": \"string\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.json";
            for (String reference : new String[] {url, "file:///etc/hostname", "other.json#/x"}) {
                assertThatThrownBy(() -> parse("{'type': 'object', 'properties': {'a': {'$ref': '" + reference + "'}}}"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("the schema s.json has a $ref outside the file: " + reference + " (at #/properties/a); gemcap"
                                + " reads no other schema: put the definition under $defs");
            }
            assertThat(asked).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void recursionThroughPropertiesOrItemsStaysValidAndChecksEveryLevel() {
        AnswerSchema tree = parse("{'type': 'object', 'properties': {'root': {'$ref': '#/$defs/node'}}, '$defs': {'node':"
                + " {'type': 'object', 'required': ['name'], 'properties': {'name': {'type': 'string'}, 'children': {'type': 'array',"
                + " 'items': {'$ref': '#/$defs/node'}}, 'parent': {'$ref': '#/$defs/node'}}}}}");

        assertThat(tree.problem("{\"root\": {\"name\": \"a\", \"children\": [{\"name\": \"b\", \"children\": [{\"name\": \"c\"}]}]}}"))
                .isEmpty();
        assertThat(tree.problem("{\"root\": {\"name\": \"a\", \"children\": [{\"name\": \"b\", \"children\": [{\"name\": 3}]}]}}"))
                .get().asString().contains("breaks the schema").contains("name");
        assertThat(parse("{'type': 'object', 'properties': {'self': {'$ref': '#'}, 'a': {'type': 'string'}}}")
                .problem("{\"a\": \"x\", \"self\": {\"a\": \"y\", \"self\": {\"a\": 1}}}")).get().asString().contains("integer");
    }

    @Test
    void anAnswerTheCheckCannotFinishOnIsAProblemNotAnError() {
        // Java's regex engine recurses once per repetition of a group: a long answer runs it out of stack.
        AnswerSchema patterned = parse("{'type': 'object', 'properties': {'text': {'type': 'string', 'pattern': '^(.|\\\\s)*$'}}}");

        assertThat(patterned.problem("{\"text\": \"" + ".".repeat(1_000_000) + "\"}")).get().asString()
                .startsWith("the answer could not be checked against the schema (StackOverflowError");
        assertThat(patterned.problem("{\"text\": \"short\"}")).isEmpty();
    }
}
