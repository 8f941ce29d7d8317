package io.gemcap.gemini;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;

/** Builds the official client the way gemcap needs it. */
public final class GeminiClients {

    /** Enough connections that the client's pool never caps gemcap's own concurrency. */
    private static final int MAX_CONNECTIONS = 256;

    private GeminiClients() {
    }

    /**
     * A client for the settings' endpoint and API version, with a per-call timeout (the client's
     * default is none) and the client's own retries off, because gemcap's retry policy owns retrying.
     */
    public static Client create(GeminiSettings settings, ApiKey key) {
        return Client.builder()
                .vertexAI(false)
                .apiKey(key.value())
                .httpOptions(http(settings.endpoint(), settings.apiVersion(), settings))
                .clientOptions(pool())
                .build();
    }

    /**
     * A client in Vertex AI mode. The settings' endpoint is used only when it is not the Gemini API's own
     * (an emulator, a private endpoint); otherwise the client picks the location's Vertex AI host.
     */
    public static Client createVertex(GeminiSettings settings, VertexSettings vertex, VertexAccess access) {
        String endpoint = settings.endpoint().equals(GeminiSettings.GEMINI_API) ? null : settings.endpoint();
        return Client.builder()
                .vertexAI(true)
                .project(access.project())
                .location(access.location())
                .credentials(access.credentials())
                .httpOptions(http(endpoint, vertex.apiVersion(), settings))
                .clientOptions(pool())
                .build();
    }

    private static HttpOptions http(String baseUrl, String apiVersion, GeminiSettings settings) {
        HttpOptions.Builder http = HttpOptions.builder()
                .apiVersion(apiVersion)
                .timeout(Math.toIntExact(settings.timeout().toMillis()))
                .retryOptions(HttpRetryOptions.builder().attempts(1).build());
        if (baseUrl != null) {
            http.baseUrl(baseUrl);
        }
        return http.build();
    }

    private static ClientOptions pool() {
        return ClientOptions.builder().maxConnections(MAX_CONNECTIONS).maxConnectionsPerHost(MAX_CONNECTIONS).build();
    }
}
