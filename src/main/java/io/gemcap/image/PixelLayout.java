package io.gemcap.image;

/**
 * How a file stores its colours, read from its header alone (no pixels decoded): the colour models that conversions
 * before {@link Conversion#VERSION} 2 sent as a different picture are told apart from the rest.
 */
public enum PixelLayout {
    /** Palette indices: GIF, PNG colour type 3, BMP of 8 bits per pixel or fewer. */
    PALETTE,
    /** Grey with an alpha channel or a transparent grey (PNG colour type 4, or 0 with tRNS). */
    GREY_ALPHA,
    /** Four colour components: Adobe CMYK or YCCK JPEG. */
    CMYK,
    /** Anything else: RGB, grey, their alpha variants. */
    DIRECT;

    private static final int JPEG_SOS = 0xda;

    /** The layout of a checked image of this type; {@link #DIRECT} when the header cannot tell. */
    public static PixelLayout of(ImageType type, byte[] bytes) {
        try {
            return switch (type) {
                case GIF -> PALETTE;
                case PNG -> png(bytes);
                case JPEG -> jpegComponents(bytes) == 4 ? CMYK : DIRECT;
                case BMP -> bytes.length > 29 && (bytes[28] & 0xff | (bytes[29] & 0xff) << 8) <= 8 ? PALETTE : DIRECT;
                default -> DIRECT;
            };
        } catch (IndexOutOfBoundsException truncated) {
            return DIRECT;
        }
    }

    private static PixelLayout png(byte[] png) {
        int colourType = png[25] & 0xff;
        if (colourType == 3) {
            return PALETTE;
        }
        if (colourType == 4) {
            return GREY_ALPHA;
        }
        if (colourType != 0) {
            return DIRECT;
        }
        // A tRNS chunk before the image data makes a grey PNG decode as grey with alpha.
        int offset = 8;
        while (offset + 8 <= png.length) {
            long length = ImageSniffer.readUint32(png, offset);
            String chunk = ImageSniffer.ascii(png, offset + 4, 4);
            if (chunk.equals("tRNS")) {
                return GREY_ALPHA;
            }
            if (chunk.equals("IDAT") || length > png.length) {
                return DIRECT;
            }
            offset += 12 + (int) length;
        }
        return DIRECT;
    }

    /** The component count of a JPEG's frame header, or 0 when there is none before the first scan. */
    static int jpegComponents(byte[] jpeg) {
        int offset = 2;
        while (offset + 4 <= jpeg.length && (jpeg[offset] & 0xff) == 0xff) {
            int marker = jpeg[offset + 1] & 0xff;
            if (marker == 0xff) {
                offset++;
                continue;
            }
            int length = (jpeg[offset + 2] & 0xff) << 8 | jpeg[offset + 3] & 0xff;
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                return jpeg[offset + 9] & 0xff;
            }
            if (marker == JPEG_SOS || length < 2) {
                return 0;
            }
            offset += 2 + length;
        }
        return 0;
    }
}
