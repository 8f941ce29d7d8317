package io.gemcap;

import java.util.Map;
import java.util.Optional;

/**
 * The environment variables a command was started with: the process's own, or a map in tests. Storage
 * clients and Vertex AI read their standard variables ({@code AWS_ENDPOINT_URL}, {@code GOOGLE_CLOUD_PROJECT},
 * ...) from here rather than from {@link System#getenv()}, so tests can set them.
 */
public record ProcessEnvironment(Map<String, String> variables) {

    public ProcessEnvironment {
        variables = Map.copyOf(variables);
    }

    public static ProcessEnvironment system() {
        return new ProcessEnvironment(System.getenv());
    }

    /** The first of {@code names} that is set and not blank. */
    public Optional<String> get(String... names) {
        for (String name : names) {
            String value = variables.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }
}
