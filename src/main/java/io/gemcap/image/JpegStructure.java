package io.gemcap.image;

/**
 * Walks a JPEG's markers from SOI through EOI without decoding: segment lengths must fit, a frame
 * header (SOFn) must give the size, and entropy-coded data must be followed by an end-of-image marker.
 */
final class JpegStructure {

    private static final int SOI = 0xd8;
    private static final int EOI = 0xd9;
    private static final int SOS = 0xda;

    private JpegStructure() {
    }

    static Dimensions check(byte[] jpeg) throws ImageDefect {
        int offset = 2;
        Dimensions dimensions = null;
        while (true) {
            offset = nextMarker(jpeg, offset);
            if (offset < 0) {
                throw new ImageDefect("truncated JPEG: the file ends before its end-of-image marker");
            }
            int marker = jpeg[offset + 1] & 0xff;
            offset += 2;
            if (marker == EOI) {
                if (dimensions == null) {
                    throw new ImageDefect("malformed JPEG: no frame header (SOF) before the end-of-image marker");
                }
                return dimensions;
            }
            if (marker == SOI) {
                throw new ImageDefect("malformed JPEG: a second start-of-image marker");
            }
            if (isStandalone(marker)) {
                continue;
            }
            if (offset + 2 > jpeg.length) {
                throw new ImageDefect("truncated JPEG: the file ends inside a segment header");
            }
            int length = ((jpeg[offset] & 0xff) << 8) | (jpeg[offset + 1] & 0xff);
            if (length < 2) {
                throw new ImageDefect("malformed JPEG: segment length " + length + " is invalid");
            }
            if (offset + length > jpeg.length) {
                throw new ImageDefect("truncated JPEG: a segment runs past the end of the file");
            }
            if (isFrameHeader(marker)) {
                if (length < 8) {
                    throw new ImageDefect("malformed JPEG: frame header too short");
                }
                int height = ((jpeg[offset + 3] & 0xff) << 8) | (jpeg[offset + 4] & 0xff);
                int width = ((jpeg[offset + 5] & 0xff) << 8) | (jpeg[offset + 6] & 0xff);
                if (width == 0 || height == 0) {
                    throw new ImageDefect("malformed JPEG: invalid size " + width + "x" + height);
                }
                dimensions = new Dimensions(width, height);
            }
            offset += length;
            if (marker == SOS) {
                if (dimensions == null) {
                    throw new ImageDefect("malformed JPEG: scan data before the frame header");
                }
                offset = endOfEntropyData(jpeg, offset);
            }
        }
    }

    /** Index of the next marker's 0xFF (skipping fill bytes), or -1 at the end of the data. */
    private static int nextMarker(byte[] jpeg, int offset) throws ImageDefect {
        if (offset >= jpeg.length) {
            return -1;
        }
        if ((jpeg[offset] & 0xff) != 0xff) {
            throw new ImageDefect("malformed JPEG: expected a marker at byte " + offset);
        }
        while (offset + 1 < jpeg.length && (jpeg[offset + 1] & 0xff) == 0xff) {
            offset++;
        }
        return offset + 1 < jpeg.length ? offset : -1;
    }

    /** Skips entropy-coded bytes: stuffed 0xFF00 and restart markers belong to the scan. */
    private static int endOfEntropyData(byte[] jpeg, int offset) {
        int i = offset;
        while (i + 1 < jpeg.length) {
            if ((jpeg[i] & 0xff) == 0xff) {
                int next = jpeg[i + 1] & 0xff;
                if (next != 0 && next != 0xff && (next < 0xd0 || next > 0xd7)) {
                    return i;
                }
            }
            i++;
        }
        return jpeg.length;
    }

    private static boolean isStandalone(int marker) {
        return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7);
    }

    private static boolean isFrameHeader(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }
}
