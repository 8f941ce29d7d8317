package io.gemcap.cli;

import io.gemcap.gemini.ApiKey;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.Detail;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Flags every command that calls Gemini shares: where to call, with which model and prompt. */
final class KeyOptions {

    static final String MISSING_KEY = "GEMINI_API_KEY is not set: export it, pass --vertex to call Vertex AI with Google"
            + " credentials, or pass --emulator to try gemcap offline";

    @Option(names = "--endpoint", paramLabel = "URL", description = "Base URL of a Gemini-compatible service (default: the real one).")
    String endpoint;

    @Option(names = "--model", description = "Gemini model (default from config/application.yml).")
    String model;

    @Option(names = "--prompt", description = "Instruction sent with each image (default from config/application.yml).")
    String prompt;

    @Option(names = "--detail", paramLabel = "LEVEL", converter = DetailConverter.class,
            description = "How much of each image is sent: low, medium, high or original (default from config/application.yml: low).")
    Detail detail;

    @Option(names = "--no-resize", description = "Send each file's own bytes at its own size (--detail original).")
    boolean noResize;

    @Option(names = "--thinking-budget", paramLabel = "N",
            description = "Thinking tokens the model may spend (0: off, -1: the model decides; default: off, or the family's least).")
    Integer thinkingBudget;

    @Option(names = "--max-output-tokens", paramLabel = "N",
            description = "The longest answer paid for (0: the model's default; default from config/application.yml).")
    Integer maxOutputTokens;

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

    /**
     * Starts the application context for a command that calls a model: the key (or Vertex AI) and these
     * flags' settings, then {@code extra} settings of the command's own.
     */
    ConfigurableApplicationContext start(Map<String, String> environment, Map<String, String> extra) {
        Map<String, String> properties = properties(environment);
        properties.putAll(extra);
        return SpringLauncher.start(key(environment).orElse(null), properties, environment);
    }

    private Map<String, String> properties(Map<String, String> environment) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (vertex(environment)) {
            properties.put("gemcap.vertex.enabled", "true");
        }
        if (endpoint != null) {
            properties.put("gemcap.gemini.endpoint", endpoint);
        }
        if (model != null) {
            properties.put("gemcap.gemini.model", model);
        }
        if (prompt != null) {
            properties.put("gemcap.gemini.prompt", prompt);
        }
        if (emulator) {
            properties.put("gemcap.emulator.enabled", "true");
        }
        if (noResize || detail != null) {
            properties.put("gemcap.image.detail", noResize ? Detail.ORIGINAL.label() : detail.label());
        }
        if (thinkingBudget != null) {
            properties.put("gemcap.gemini.thinking-budget", thinkingBudget.toString());
        }
        if (maxOutputTokens != null) {
            properties.put("gemcap.gemini.max-output-tokens", maxOutputTokens.toString());
        }
        return properties;
    }

    static final class DetailConverter implements ITypeConverter<Detail> {
        @Override
        public Detail convert(String value) {
            try {
                return Detail.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
