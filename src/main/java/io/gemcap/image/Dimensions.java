package io.gemcap.image;

/** Pixel size read from an image header. */
public record Dimensions(int width, int height) {

    public long pixels() {
        return (long) width * height;
    }
}
