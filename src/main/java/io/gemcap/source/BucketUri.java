package io.gemcap.source;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A place in a bucket: {@code s3://bucket/prefix} or {@code gs://bucket/prefix}. As an input, the
 * prefix is a folder ({@code s3://b/photos} takes {@code photos/...}, not {@code photos2/...}); as an
 * output it is the object's whole key.
 */
public record BucketUri(Scheme scheme, String bucket, String path) {

    public enum Scheme {
        S3("s3"), GS("gs");

        private final String prefix;

        Scheme(String prefix) {
            this.prefix = prefix;
        }

        public String label() {
            return prefix;
        }
    }

    public BucketUri {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(path, "path");
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket named in " + scheme.label() + "://");
        }
    }

    /** The bucket location {@code location} names, or empty when it is a local path. */
    public static Optional<BucketUri> parse(String location) {
        for (Scheme scheme : Scheme.values()) {
            String start = scheme.label() + "://";
            if (location.regionMatches(true, 0, start, 0, start.length())) {
                String rest = location.substring(start.length());
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String path = slash < 0 ? "" : rest.substring(slash + 1);
                return Optional.of(new BucketUri(scheme, bucket.toLowerCase(Locale.ROOT), path));
            }
        }
        return Optional.empty();
    }

    /** The key prefix of everything under this location taken as a folder: empty, or ending in {@code /}. */
    public String folderPrefix() {
        return path.isEmpty() || path.endsWith("/") ? path : path + "/";
    }

    /** The URI of one object of this bucket, as rows show it. */
    public String uriOf(String key) {
        return scheme.label() + "://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return uriOf(path);
    }
}
