package io.gemcap.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image found by a source, before its bytes are read.
 *
 * @param path the image's path relative to the input, with {@code /} separators; it is the row's key
 *     and the walk's restart position
 * @param file where the bytes are
 * @param size the size the listing reported, in bytes
 */
public record ImageRef(String path, Path file, long size) {

    public ImageRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(file, "file");
    }
}
