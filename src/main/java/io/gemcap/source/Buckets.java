package io.gemcap.source;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.gemcap.ProcessEnvironment;
import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.RetrySettings;
import io.gemcap.policy.StoragePolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The storage clients, built on first use with each cloud's standard credential chain and settings
 * from the environment: the AWS default chain and region ({@code AWS_ACCESS_KEY_ID}, {@code AWS_PROFILE},
 * {@code AWS_REGION}, ...; {@code AWS_ENDPOINT_URL} for an S3-compatible server, then addressed
 * path-style) and Application Default Credentials ({@code STORAGE_EMULATOR_HOST} for an emulator).
 * Their own retries are off: {@link StoragePolicy} is the one layer, one per store. Thread-safe.
 */
public final class Buckets implements AutoCloseable {

    /** Every call in flight may be downloading its image at the same time; the SDK's default pool has 50 connections. */
    private static final int S3_CONNECTIONS = 256;

    private final ProcessEnvironment environment;
    private final StorageSettings settings;
    private final StoragePolicy s3Policy;
    private final StoragePolicy gcsPolicy;
    private S3Client s3;
    private Storage gcs;

    public Buckets(ProcessEnvironment environment, StorageSettings settings, RetrySettings retrySettings,
            BreakerSettings breakerSettings) {
        this.environment = environment;
        this.settings = settings;
        this.s3Policy = new StoragePolicy("S3", retrySettings, breakerSettings, Buckets::transientS3);
        this.gcsPolicy = new StoragePolicy("GCS", retrySettings, breakerSettings, Buckets::transientGcs);
    }

    /** The images under a bucket prefix. */
    public BucketImageSource open(BucketUri location, Predicate<String> selected) {
        return switch (location.scheme()) {
            case S3 -> new S3ImageSource(s3(), location, selected, s3Policy, settings.pageSize());
            case GS -> new GcsImageSource(gcs(), location, selected, gcsPolicy, settings.pageSize());
        };
    }

    /**
     * Lists one key, so that missing or refused credentials and a missing bucket stop the job at start.
     *
     * @throws StorageAccessException with one line saying what to set
     */
    public void checkAccess(BucketUri location) {
        switch (location.scheme()) {
            case S3 -> checkS3(location);
            case GS -> checkGcs(location);
        }
    }

    /** Uploads a finished file to {@code target} (its path is the object key). */
    public void upload(Path file, BucketUri target) throws IOException {
        switch (target.scheme()) {
            case S3 -> s3Policy.call(() -> s3().putObject(b -> b.bucket(target.bucket()).key(target.path()).contentType("text/csv"),
                    RequestBody.fromFile(file)));
            case GS -> gcsPolicy.call(() -> gcs().createFrom(
                    BlobInfo.newBuilder(target.bucket(), target.path()).setContentType("text/csv").build(), file));
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (gcs != null) {
            gcs.close();
        }
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            S3ClientBuilder builder = S3Client.builder()
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(S3_CONNECTIONS))
                    .credentialsProvider(awsCredentials())
                    .region(awsRegion())
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    // Checksums on every request (the SDK's default since 2.30) are refused by many S3-compatible servers.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            Optional<String> endpoint = s3Endpoint();
            if (endpoint.isPresent()) {
                builder.endpointOverride(URI.create(endpoint.get())).forcePathStyle(true);
            } else {
                builder.crossRegionAccessEnabled(true);
            }
            s3 = builder.build();
        }
        return s3;
    }

    private Optional<String> s3Endpoint() {
        return environment.get("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL").or(() -> blank(settings.s3Endpoint()));
    }

    private AwsCredentialsProvider awsCredentials() {
        Optional<String> id = environment.get("AWS_ACCESS_KEY_ID");
        Optional<String> secret = environment.get("AWS_SECRET_ACCESS_KEY");
        if (id.isPresent() && secret.isPresent()) {
            Optional<String> token = environment.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                    : AwsBasicCredentials.create(id.get(), secret.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** The region from the environment or the AWS config files; us-east-1 otherwise, which S3-compatible servers accept. */
    private Region awsRegion() {
        Optional<String> region = environment.get("AWS_REGION", "AWS_DEFAULT_REGION");
        if (region.isPresent()) {
            return Region.of(region.get());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException none) {
            return Region.US_EAST_1;
        }
    }

    static boolean transientS3(Throwable e) {
        if (e instanceof S3Exception s3) {
            return s3.statusCode() >= 500 || s3.statusCode() == 429;
        }
        // No answer at all: a dropped connection or a time-out (a missing credential is found before any request).
        return e instanceof SdkClientException && e.getCause() instanceof IOException;
    }

    private void checkS3(BucketUri location) {
        try {
            awsCredentials().resolveCredentials();
        } catch (SdkClientException e) {
            throw new StorageAccessException("no AWS credentials for " + location + ": set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), and AWS_ENDPOINT_URL for an S3-compatible server");
        }
        try {
            s3Policy.call(() -> s3().listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.folderPrefix()).maxKeys(1)));
        } catch (NoSuchBucketException e) {
            throw new StorageAccessException("bucket not found: s3://" + location.bucket()
                    + " (check the name, and AWS_ENDPOINT_URL for an S3-compatible server)");
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 401 || e.statusCode() == 403) {
                throw new StorageAccessException("S3 refused access to " + location + " (" + code + "): check AWS_ACCESS_KEY_ID"
                        + " and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) and the bucket's permissions");
            }
            throw new StorageAccessException("S3 answered " + e.statusCode() + " (" + code + ") for " + location);
        } catch (IOException | SdkClientException e) {
            throw new StorageAccessException("cannot reach S3" + s3Endpoint().map(u -> " at " + u).orElse("") + ": "
                    + firstLine(e) + " (check AWS_ENDPOINT_URL and the network)");
        }
    }

    private synchronized Storage gcs() {
        if (gcs == null) {
            StorageOptions.Builder options = StorageOptions.http().setRetrySettings(ServiceOptions.getNoRetrySettings());
            environment.get("GOOGLE_CLOUD_PROJECT").ifPresent(options::setProjectId);
            Optional<String> emulator = gcsEmulator();
            if (emulator.isPresent()) {
                String host = emulator.get().contains("://") ? emulator.get() : "http://" + emulator.get();
                options.setHost(host).setCredentials(NoCredentials.getInstance());
                if (environment.get("GOOGLE_CLOUD_PROJECT").isEmpty()) {
                    options.setProjectId("gemcap-emulator");
                }
            } else {
                options.setCredentials(googleCredentials());
            }
            gcs = options.build().getService();
        }
        return gcs;
    }

    private Optional<String> gcsEmulator() {
        return environment.get("STORAGE_EMULATOR_HOST").or(() -> blank(settings.gcsEndpoint()));
    }

    private static GoogleCredentials googleCredentials() {
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new StorageAccessException("no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a key file, or run"
                    + " gcloud auth application-default login (STORAGE_EMULATOR_HOST for an emulator)");
        }
    }

    static boolean transientGcs(Throwable e) {
        if (e instanceof com.google.cloud.storage.StorageException gcsError) {
            int code = gcsError.getCode();
            return code >= 500 || code == 429 || (code == 0 && gcsError.getCause() instanceof IOException);
        }
        return false;
    }

    private void checkGcs(BucketUri location) {
        try {
            gcsPolicy.call(() -> gcs().list(location.bucket(), Storage.BlobListOption.prefix(location.folderPrefix()),
                    Storage.BlobListOption.pageSize(1)));
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 404) {
                throw new StorageAccessException("bucket not found: gs://" + location.bucket());
            }
            if (e.getCode() == 401 || e.getCode() == 403) {
                throw new StorageAccessException("Google Cloud Storage refused access to " + location + " (" + e.getCode()
                        + "): check GOOGLE_APPLICATION_CREDENTIALS and the bucket's permissions");
            }
            throw new StorageAccessException("cannot reach Google Cloud Storage"
                    + gcsEmulator().map(h -> " at " + h).orElse("") + ": " + firstLine(e));
        } catch (IOException e) {
            throw new StorageAccessException("cannot reach Google Cloud Storage: " + firstLine(e));
        }
    }

    private static Optional<String> blank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
