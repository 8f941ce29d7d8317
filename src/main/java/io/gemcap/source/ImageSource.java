package io.gemcap.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * A deterministic, resumable listing of images, and the way to read each one. Two walks of unchanged
 * input yield the same refs in the same order, and {@link #listAfter(String)} continues strictly after
 * a key in that order even if that key or its neighbours have since been added or removed.
 * Implementations are thread-safe for {@link #read}; each listing is used by one thread.
 */
public interface ImageSource {

    /**
     * Lists images in walk order.
     *
     * @param lastDoneKey the {@link ImageRef#key()} of the last image already handled, or {@code null} to start at the beginning
     */
    Listing listAfter(String lastDoneKey);

    /**
     * Reads one listed image whole; called only for images whose listed size passed the limits.
     *
     * @param maxBytes the most bytes to read: reading stops there, whatever the listing said
     * @throws ImageGoneException when it was deleted since it was listed
     * @throws ImageTooLargeException when it holds more than {@code maxBytes}
     * @throws IOException when it cannot be read (after the source's own retries)
     */
    ImageBytes read(ImageRef ref, long maxBytes) throws IOException;

    /**
     * Reads {@code length} bytes of one listed image from {@code offset} (fewer at its end): an image's header,
     * without the rest of it.
     *
     * @throws ImageGoneException when it was deleted since it was listed
     * @throws IOException when it cannot be read (after the source's own retries)
     */
    byte[] readRange(ImageRef ref, long offset, int length) throws IOException;

    /** Reads at most {@code maxBytes} of {@code in}, or fails saying the image is larger than its listing. */
    static byte[] readAtMost(InputStream in, ImageRef ref, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)));
        if (bytes.length > maxBytes) {
            throw new ImageTooLargeException(ref.size(), maxBytes);
        }
        return bytes;
    }

    /** An open walk; not thread-safe. */
    interface Listing extends Iterator<ImageRef>, AutoCloseable {

        /** What this walk has passed over so far. */
        SkipCounts skipped();

        @Override
        void close();
    }
}
