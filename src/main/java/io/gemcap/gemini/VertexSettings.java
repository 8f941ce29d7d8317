package io.gemcap.gemini;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Calling Gemini through Vertex AI instead of the Gemini API ({@code gemcap.vertex.*}, {@code --vertex}):
 * billed to a Google Cloud project, authorised by Application Default Credentials instead of an API key.
 * {@code GOOGLE_CLOUD_PROJECT} and {@code GOOGLE_CLOUD_LOCATION} win over the project and location set here.
 *
 * @param enabled call Vertex AI
 * @param project the Google Cloud project
 * @param location the region, e.g. {@code us-central1}, or {@code global}
 * @param apiVersion Vertex AI's path version
 */
@ConfigurationProperties("gemcap.vertex")
public record VertexSettings(boolean enabled, String project, String location, String apiVersion) {

    public VertexSettings {
        if (apiVersion == null || apiVersion.isBlank()) {
            apiVersion = "v1";
        }
    }
}
