package io.gemcap.image;

/**
 * Why a file cannot be sent: its message is written for the person reading the CSV
 * ("truncated JPEG", "PNG colour type 1 is invalid").
 */
public class ImageDefect extends Exception {

    public ImageDefect(String reason) {
        super(reason, null, false, false);
    }
}
