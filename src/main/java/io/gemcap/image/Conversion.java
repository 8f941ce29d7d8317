package io.gemcap.image;

/**
 * The version of the way gemcap turns a file into the picture it sends, kept with each answer in the ledger: an answer
 * about a picture an earlier version sent wrongly is not served again. Version 2 reads palettes, grey with alpha and
 * Adobe CMYK/YCCK correctly; version 1 sent large palette images black, grey with alpha lighter and CMYK with shifted
 * colours.
 */
public final class Conversion {

    public static final int VERSION = 2;

    private Conversion() {
    }

    /**
     * Whether an answer recorded under conversion {@code version} may be about another picture than this version
     * sends for an image of this layout (so it is paid for once more).
     */
    public static boolean changedSince(int version, PixelLayout layout) {
        return version < 2 && layout != PixelLayout.DIRECT;
    }
}
