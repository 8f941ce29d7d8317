package io.gemcap.source;

import java.io.IOException;

/** The image was listed but is no longer there (deleted or replaced since): its row says so and the run goes on. */
public class ImageGoneException extends IOException {

    public ImageGoneException(String message) {
        super(message);
    }
}
