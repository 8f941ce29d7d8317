package io.gemcap.cli;

import io.gemcap.gemini.ApiKey;
import io.gemcap.gemini.emulator.GeminiEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Flags every command that calls Gemini shares: where to call, with which model and prompt. */
final class KeyOptions {

    static final String MISSING_KEY = "GEMINI_API_KEY is not set: export it, or pass --emulator to try gemcap offline";

    @Option(names = "--endpoint", paramLabel = "URL", description = "Base URL of a Gemini-compatible service (default: the real one).")
    String endpoint;

    @Option(names = "--model", description = "Gemini model (default from config/application.yml).")
    String model;

    @Option(names = "--prompt", description = "Instruction sent with each image (default from config/application.yml).")
    String prompt;

    @Option(names = "--emulator", description = "Start the bundled Gemini emulator in-process and use it; no key needed.")
    boolean emulator;

    /** The key to use, from GOOGLE_API_KEY or GEMINI_API_KEY, or the emulator's own. */
    Optional<ApiKey> key(Map<String, String> environment) {
        if (emulator) {
            return Optional.of(new ApiKey(GeminiEmulator.DEFAULT_KEY));
        }
        return ApiKey.fromEnvironment(environment);
    }

    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
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
        return properties;
    }
}
