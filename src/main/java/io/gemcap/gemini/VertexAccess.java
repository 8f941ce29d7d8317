package io.gemcap.gemini;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.gemcap.ProcessEnvironment;
import java.io.IOException;
import java.util.Optional;

/**
 * Where and as whom Vertex AI is called: the project and location, and the credentials. The credentials are
 * Application Default Credentials, or a ready access token from {@code GOOGLE_OAUTH_ACCESS_TOKEN} (for
 * example {@code gcloud auth print-access-token} in a CI job).
 */
public final class VertexAccess {

    static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private final String project;
    private final String location;
    private final GoogleCredentials credentials;

    private VertexAccess(String project, String location, GoogleCredentials credentials) {
        this.project = project;
        this.location = location;
        this.credentials = credentials;
    }

    /**
     * @throws IllegalStateException with one line saying what to set, when the project, the location or the
     *     credentials cannot be found
     */
    public static VertexAccess resolve(VertexSettings settings, ProcessEnvironment environment) {
        String project = environment.get("GOOGLE_CLOUD_PROJECT").or(() -> blank(settings.project()))
                .orElseThrow(() -> new IllegalStateException("--vertex needs a Google Cloud project: set GOOGLE_CLOUD_PROJECT"
                        + " (or gemcap.vertex.project in config/application.yml)"));
        String location = environment.get("GOOGLE_CLOUD_LOCATION").or(() -> blank(settings.location()))
                .orElseThrow(() -> new IllegalStateException("--vertex needs a location: set GOOGLE_CLOUD_LOCATION, e.g. us-central1"
                        + " (or gemcap.vertex.location in config/application.yml)"));
        Optional<String> token = environment.get("GOOGLE_OAUTH_ACCESS_TOKEN");
        if (token.isPresent()) {
            return new VertexAccess(project, location, GoogleCredentials.create(new AccessToken(token.get(), null)));
        }
        try {
            return new VertexAccess(project, location, GoogleCredentials.getApplicationDefault().createScoped(CLOUD_PLATFORM_SCOPE));
        } catch (IOException e) {
            throw new IllegalStateException("--vertex found no Google credentials: run gcloud auth application-default login,"
                    + " or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file");
        }
    }

    /**
     * The quota pool of Vertex AI calls unless one is configured: the project and location, whose dynamic shared
     * quota they draw on.
     */
    public static String pool(VertexSettings settings, ProcessEnvironment environment) {
        String project = environment.get("GOOGLE_CLOUD_PROJECT").or(() -> blank(settings.project())).orElse("");
        String location = environment.get("GOOGLE_CLOUD_LOCATION").or(() -> blank(settings.location())).orElse("");
        return "vertex-" + project + "-" + location;
    }

    public String project() {
        return project;
    }

    public String location() {
        return location;
    }

    GoogleCredentials credentials() {
        return credentials;
    }

    private static Optional<String> blank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
