package io.gemcap.source;

import java.nio.file.Path;

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
}
