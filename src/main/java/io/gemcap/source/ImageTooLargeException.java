package io.gemcap.source;

import java.io.IOException;
import java.util.Locale;

/**
 * The image holds more bytes than may be read for it: it grew after it was listed, or the server's listing
 * understated it. Reading stopped at the limit, so the row says so instead of the job running out of memory.
 */
public class ImageTooLargeException extends IOException {

    public ImageTooLargeException(long listedSize, long maxBytes) {
        super(String.format(Locale.ROOT, "the image holds more than the %.1f MB gemcap reads of one image, though it was listed at %d bytes"
                + " (it changed after the listing, or the listing was wrong)", maxBytes / 1024.0 / 1024.0, listedSize));
    }
}
