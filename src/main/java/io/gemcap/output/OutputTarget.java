package io.gemcap.output;

import io.gemcap.source.BucketUri;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a run's CSV is built and where it ends up. A local {@code --output} is built beside itself; a
 * bucket one ({@code s3://bucket/captions.csv}) is built in a staging folder of the gemcap home, with the
 * same restart guarantees, and uploaded when the run completes.
 *
 * @param local the finished CSV on this machine; {@code <local>.partial} while it is rendered from the results table
 * @param upload the object the finished CSV is uploaded to, if any
 */
public record OutputTarget(Path local, Optional<BucketUri> upload) {

    /**
     * @param output the {@code --output} as given: an absolute path or a bucket URI
     * @param stagingRoot where bucket outputs are built, one folder per bucket
     */
    public static OutputTarget of(String output, Path stagingRoot) {
        Optional<BucketUri> bucket = BucketUri.parse(output);
        if (bucket.isEmpty()) {
            return new OutputTarget(Path.of(output), Optional.empty());
        }
        BucketUri uri = bucket.get();
        problem(uri).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Path local = stagingRoot.resolve(uri.scheme().label()).resolve(uri.bucket());
        for (String segment : uri.path().split("/")) {
            if (!segment.isEmpty() && !segment.equals(".") && !segment.equals("..")) {
                local = local.resolve(segment);
            }
        }
        return new OutputTarget(local.toAbsolutePath().normalize(), bucket);
    }

    /** Why a bucket location cannot take the CSV, if it cannot: it must name an object, not a folder. */
    public static Optional<String> problem(BucketUri output) {
        if (output.path().isEmpty() || output.path().endsWith("/")) {
            return Optional.of("--output " + output + " names no object: give the CSV's key, e.g. "
                    + output.uriOf(output.folderPrefix() + "captions.csv"));
        }
        return Optional.empty();
    }

    public Path partial() {
        return Path.of(local + ".partial");
    }
}
