package io.gemcap.image;

/**
 * Checks a WebP's RIFF container: the declared size must match the file, chunks must fit, and the
 * first image chunk (VP8, VP8L or VP8X) must carry a valid header with the size.
 */
final class WebpStructure {

    private WebpStructure() {
    }

    static Dimensions check(byte[] webp) throws ImageDefect {
        if (webp.length < 20) {
            throw new ImageDefect("truncated WebP: the file is too short for a header");
        }
        long riffSize = readUint32LittleEndian(webp, 4);
        if (riffSize + 8 > webp.length) {
            throw new ImageDefect("truncated WebP: the header declares " + (riffSize + 8) + " bytes, the file has " + webp.length);
        }
        int end = (int) (riffSize + 8);
        int offset = 12;
        Dimensions dimensions = null;
        while (offset + 8 <= end) {
            String fourCc = ImageSniffer.ascii(webp, offset, 4);
            long size = readUint32LittleEndian(webp, offset + 4);
            int data = offset + 8;
            if (data + size > end) {
                throw new ImageDefect("truncated WebP: chunk " + fourCc.trim() + " runs past the end of the file");
            }
            if (dimensions == null) {
                dimensions = switch (fourCc) {
                    case "VP8X" -> extended(webp, data, size);
                    case "VP8 " -> lossy(webp, data, size);
                    case "VP8L" -> lossless(webp, data, size);
                    default -> throw new ImageDefect("malformed WebP: first chunk is " + fourCc.trim() + ", not an image header");
                };
            }
            offset = data + (int) size + (int) (size & 1);
        }
        if (dimensions == null) {
            throw new ImageDefect("malformed WebP: no image chunk");
        }
        return dimensions;
    }

    private static Dimensions extended(byte[] b, int data, long size) throws ImageDefect {
        if (size < 10) {
            throw new ImageDefect("malformed WebP: VP8X header too short");
        }
        int width = 1 + readUint24LittleEndian(b, data + 4);
        int height = 1 + readUint24LittleEndian(b, data + 7);
        return new Dimensions(width, height);
    }

    private static Dimensions lossy(byte[] b, int data, long size) throws ImageDefect {
        if (size < 10 || (b[data + 3] & 0xff) != 0x9d || (b[data + 4] & 0xff) != 0x01 || (b[data + 5] & 0xff) != 0x2a) {
            throw new ImageDefect("malformed WebP: bad VP8 frame header");
        }
        int width = (((b[data + 7] & 0xff) << 8) | (b[data + 6] & 0xff)) & 0x3fff;
        int height = (((b[data + 9] & 0xff) << 8) | (b[data + 8] & 0xff)) & 0x3fff;
        if (width == 0 || height == 0) {
            throw new ImageDefect("malformed WebP: invalid size " + width + "x" + height);
        }
        return new Dimensions(width, height);
    }

    private static Dimensions lossless(byte[] b, int data, long size) throws ImageDefect {
        if (size < 5 || (b[data] & 0xff) != 0x2f) {
            throw new ImageDefect("malformed WebP: bad VP8L signature");
        }
        long bits = readUint32LittleEndian(b, data + 1);
        int width = (int) (bits & 0x3fff) + 1;
        int height = (int) ((bits >> 14) & 0x3fff) + 1;
        return new Dimensions(width, height);
    }

    private static long readUint32LittleEndian(byte[] b, int offset) {
        return (b[offset] & 0xffL) | ((b[offset + 1] & 0xffL) << 8) | ((b[offset + 2] & 0xffL) << 16) | ((b[offset + 3] & 0xffL) << 24);
    }

    private static int readUint24LittleEndian(byte[] b, int offset) {
        return (b[offset] & 0xff) | ((b[offset + 1] & 0xff) << 8) | ((b[offset + 2] & 0xff) << 16);
    }
}
