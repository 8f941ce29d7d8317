package io.gemcap.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image found by a listing, before its bytes are read.
 *
 * @param path what its row shows and is keyed by: the path relative to a folder, or the object's full
 *     URI ({@code s3://bucket/key})
 * @param key its position in the listing, where a resumed walk continues after: the relative path in a
 *     folder, the object key in a bucket
 * @param size the size the listing reported, in bytes, so limits are checked before any download
 * @param version the object's ETag or generation as listed, or {@code null} for a file
 * @param file the file as the walk found it, or {@code null}: a name that is not UTF-8 is written
 *     escaped ({@link FileNames}), and only this {@code Path} still holds its bytes
 */
public record ImageRef(String path, String key, long size, String version, Path file) {

    public ImageRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
    }

    /** An object of a bucket. */
    public ImageRef(String path, String key, long size, String version) {
        this(path, key, size, version, null);
    }

    /** A file of a folder, named by its path relative to the folder. */
    public static ImageRef file(String relativePath, long size) {
        return new ImageRef(relativePath, relativePath, size, null, null);
    }

    /** A file of a folder as the walk found it. */
    public static ImageRef file(String relativePath, long size, Path file) {
        return new ImageRef(relativePath, relativePath, size, null, file);
    }
}
