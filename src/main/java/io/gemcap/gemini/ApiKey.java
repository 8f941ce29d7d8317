package io.gemcap.gemini;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Gemini API key. It is held only here and handed only to the client: {@link #toString()} never
 * shows it, so it cannot leak through a log line, an exception or a job parameter.
 */
public final class ApiKey {

    private final String value;

    public ApiKey(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("API key is empty");
        }
        this.value = value.strip();
    }

    /** {@code GOOGLE_API_KEY} wins over {@code GEMINI_API_KEY}, as in the official client. */
    public static Optional<ApiKey> fromEnvironment(Map<String, String> environment) {
        for (String name : new String[] {"GOOGLE_API_KEY", "GEMINI_API_KEY"}) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new ApiKey(value));
            }
        }
        return Optional.empty();
    }

    String value() {
        return value;
    }

    /**
     * The quota pool of this key unless one is configured: "key-" and the first 16 hex digits of the key's SHA-256,
     * which names the key in the job database without revealing it.
     */
    public String pool() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "key-" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code text} with every occurrence of the key replaced: a server (a gateway, a proxy) may echo it in a message. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, "[redacted]");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
