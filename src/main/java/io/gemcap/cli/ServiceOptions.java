package io.gemcap.cli;

import io.gemcap.gemini.ApiKey;
import io.gemcap.gemini.emulator.GeminiEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Option;

/**
 * Flags that say where Gemini is called and with which credentials: all that a command needs which talks to the
 * service without sending images ({@code stop --cancel}).
 */
final class ServiceOptions {

    static final String MISSING_KEY = "GEMINI_API_KEY is not set: export it, pass --vertex to call Vertex AI with Google"
            + " credentials, or pass --emulator to try gemcap offline";

    @Option(names = "--endpoint", paramLabel = "URL", description = "Base URL of a Gemini-compatible service (default: the real one).")
    String endpoint;

    @Option(names = "--vertex", description = "Call Gemini through Vertex AI with Application Default Credentials;"
            + " project and location from GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION (or config).")
    boolean vertex;

    @Option(names = "--emulator", description = "Start the bundled Gemini emulator in-process and use it; no key needed.")
    boolean emulator;

    /** Vertex AI mode: {@code --vertex}, or {@code GOOGLE_GENAI_USE_VERTEXAI=true} as the official clients read it. */
    boolean vertex(Map<String, String> environment) {
        return vertex || Boolean.parseBoolean(environment.getOrDefault("GOOGLE_GENAI_USE_VERTEXAI", "false").strip());
    }

    /**
     * Whether the command can call a model: with a key, or in Vertex AI mode (its credentials are looked up
     * when the client is built).
     */
    boolean canCall(Map<String, String> environment) {
        return vertex(environment) || key(environment).isPresent();
    }

    /** The key to use, from GOOGLE_API_KEY or GEMINI_API_KEY, or the emulator's own. */
    Optional<ApiKey> key(Map<String, String> environment) {
        if (emulator) {
            return Optional.of(new ApiKey(GeminiEmulator.DEFAULT_KEY));
        }
        return ApiKey.fromEnvironment(environment);
    }

    /** Starts the application context with the key (or Vertex AI), these flags' settings, then {@code extra} settings. */
    ConfigurableApplicationContext start(Map<String, String> environment, Map<String, String> extra) {
        Map<String, String> properties = properties(environment);
        properties.putAll(extra);
        return SpringLauncher.start(key(environment).orElse(null), properties, environment);
    }

    /** These flags' settings. */
    Map<String, String> properties(Map<String, String> environment) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (vertex(environment)) {
            properties.put("gemcap.vertex.enabled", "true");
        }
        if (endpoint != null) {
            properties.put("gemcap.gemini.endpoint", endpoint);
        }
        if (emulator) {
            properties.put("gemcap.emulator.enabled", "true");
        }
        return properties;
    }
}
