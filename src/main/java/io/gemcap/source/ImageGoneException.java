package io.gemcap.source;

import java.io.IOException;

/** The image was listed but is no longer there (deleted or replaced since): its row says so and the run goes on. */
public class ImageGoneException extends IOException {

    /** A file removed from its folder after the walk found it. */
    public static final String FILE_GONE = "file disappeared before it could be read";
    /** An object deleted after it was listed. */
    public static final String OBJECT_DELETED = "object was deleted after it was listed";
    /** An object deleted, or replaced by a new generation, after it was listed. */
    public static final String OBJECT_REPLACED = "object was deleted or replaced after it was listed";

    public ImageGoneException(String message) {
        super(message);
    }
}
