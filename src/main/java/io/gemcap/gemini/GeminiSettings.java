package io.gemcap.gemini;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how to call Gemini ({@code gemcap.gemini.*} in {@code config/application.yml}).
 *
 * @param endpoint base URL of a Gemini-compatible service
 * @param apiVersion path version the client puts before {@code models/...}
 * @param model model name, e.g. {@code gemini-2.5-flash}
 * @param prompt the instruction sent with every image
 * @param timeout the longest one HTTP call may take before it is abandoned
 * @param maxOutputTokens cap on a caption's length in tokens, or {@code null} (or 0) for the model's default
 * @param thinkingBudget tokens the model may spend thinking (billed as output): 0 turns thinking off, -1 lets the model
 *     decide, {@code null} takes the model family's default ({@code gemcap.models})
 * @param schema a JSON Schema file the answer must follow, one column per top-level property ({@code --schema}), or
 *     {@code null} for a free caption
 */
@ConfigurationProperties("gemcap.gemini")
public record GeminiSettings(String endpoint, String apiVersion, String model, String prompt, Duration timeout,
        Integer maxOutputTokens, Integer thinkingBudget, String schema) {

    /** The Gemini API's own base URL, the default endpoint. */
    public static final String GEMINI_API = "https://generativelanguage.googleapis.com";

    public GeminiSettings {
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = GEMINI_API;
        }
        if (apiVersion == null || apiVersion.isBlank()) {
            apiVersion = "v1beta";
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("gemcap.gemini.model is empty: set a model such as gemini-2.5-flash-lite");
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("gemcap.gemini.prompt is empty: set the instruction sent with each image");
        }
        if (timeout == null) {
            timeout = Duration.ofSeconds(60);
        }
        if (maxOutputTokens != null && maxOutputTokens < 0) {
            throw new IllegalArgumentException("gemcap.gemini.max-output-tokens must be 0 (the model's default) or more, was "
                    + maxOutputTokens);
        }
        if (maxOutputTokens != null && maxOutputTokens == 0) {
            maxOutputTokens = null;
        }
        if (schema != null && schema.isBlank()) {
            schema = null;
        }
        if (thinkingBudget != null && thinkingBudget < -1) {
            throw new IllegalArgumentException("gemcap.gemini.thinking-budget must be 0 (off), -1 (dynamic) or a token count, was "
                    + thinkingBudget);
        }
    }

    public GeminiSettings withEndpoint(String newEndpoint) {
        return new GeminiSettings(newEndpoint, apiVersion, model, prompt, timeout, maxOutputTokens, thinkingBudget, schema);
    }
}
