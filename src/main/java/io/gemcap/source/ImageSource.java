package io.gemcap.source;

import java.util.Iterator;

/**
 * A deterministic, resumable listing of images. Two walks of unchanged input yield the same refs in
 * the same order, and {@link #listAfter(String)} continues strictly after a path in that order even
 * if that path or its neighbours have since been added or removed.
 */
@FunctionalInterface
public interface ImageSource {

    /**
     * Lists images in walk order.
     *
     * @param lastDonePath the path of the last image already handled, or {@code null} to start at the beginning
     */
    Listing listAfter(String lastDonePath);

    /** An open walk; not thread-safe. */
    interface Listing extends Iterator<ImageRef>, AutoCloseable {

        /** What this walk has passed over so far. */
        SkipCounts skipped();

        @Override
        void close();
    }
}
