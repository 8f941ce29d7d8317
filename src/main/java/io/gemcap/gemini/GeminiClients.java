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
        HttpOptions http = HttpOptions.builder()
                .baseUrl(settings.endpoint())
                .apiVersion(settings.apiVersion())
                .timeout(Math.toIntExact(settings.timeout().toMillis()))
                .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build();
        return Client.builder()
                .vertexAI(false)
                .apiKey(key.value())
                .httpOptions(http)
                .clientOptions(ClientOptions.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .maxConnectionsPerHost(MAX_CONNECTIONS)
                        .build())
                .build();
    }
}
