package io.gemcap.output;

import io.gemcap.source.BucketUri;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a run's CSV is built and where it ends up. A local {@code --output} is built beside itself; a
 * bucket one ({@code s3://bucket/captions.csv}) is built in a staging folder of the gemcap home, with the
 * same restart guarantees, and uploaded when the run completes.
 *
 * @param local the finished CSV on this machine; {@code <local>.partial} while the run is going
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
        if (uri.path().isEmpty() || uri.path().endsWith("/")) {
            throw new IllegalArgumentException("--output " + output + " names no object: give the CSV's key, e.g. "
                    + uri.uriOf(uri.folderPrefix() + "captions.csv"));
        }
        Path local = stagingRoot.resolve(uri.scheme().label()).resolve(uri.bucket());
        for (String segment : uri.path().split("/")) {
            if (!segment.isEmpty() && !segment.equals(".") && !segment.equals("..")) {
                local = local.resolve(segment);
            }
        }
        return new OutputTarget(local.toAbsolutePath().normalize(), bucket);
    }

    public Path partial() {
        return Path.of(local + ".partial");
    }
}
