package io.gemcap.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The source a run's input names: a bucket URI, or a folder. */
public final class ImageSources {

    private ImageSources() {
    }

    /**
     * @param include comma-separated globs of the paths to take (empty for all)
     * @param exclude comma-separated globs of the paths to leave
     */
    public static ImageSource open(String input, String include, String exclude, Buckets buckets) {
        java.util.function.Predicate<String> selected = FolderImageSource.globs(FolderImageSource.globList(include),
                FolderImageSource.globList(exclude));
        return BucketUri.parse(input).<ImageSource>map(bucket -> buckets.open(bucket, selected))
                .orElseGet(() -> new FolderImageSource(Path.of(input), selected));
    }

    /**
     * Why this host cannot read a run's input, if it cannot: a folder not there (not mounted at the same path) or not
     * readable, a bucket its credentials do not reach. A folder is only looked at (stat, access), never opened: a partition
     * on another host asks before it starts.
     */
    public static Optional<String> problemReading(String input, Buckets buckets) {
        Optional<BucketUri> bucket = BucketUri.parse(input);
        if (bucket.isPresent()) {
            try {
                buckets.checkAccess(bucket.get());
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of("cannot read the input " + input + " from this host: " + e.getMessage());
            }
        }
        Path folder = Path.of(input);
        if (!Files.isDirectory(folder)) {
            return Optional.of("the input folder " + input + " is not on this host: mount it at the same path as on the run's host");
        }
        return Files.isReadable(folder) ? Optional.empty()
                : Optional.of("cannot read the input folder " + input + " on this host: give the user running gemcap read access to it");
    }
}
