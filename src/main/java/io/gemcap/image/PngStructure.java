package io.gemcap.image;

import java.util.zip.CRC32;

/**
 * Walks a PNG's chunks without decoding pixels: every chunk must fit in the file and carry a
 * matching CRC, IHDR must come first with valid fields, IDAT must be present and IEND must close it.
 */
final class PngStructure {

    private static final int SIGNATURE_LENGTH = 8;

    private PngStructure() {
    }

    static Dimensions check(byte[] png) throws ImageDefect {
        int offset = SIGNATURE_LENGTH;
        Dimensions dimensions = null;
        boolean sawImageData = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (offset == png.length) {
                throw new ImageDefect("truncated PNG: the file ends before its IEND chunk");
            }
            if (offset + 8 > png.length) {
                throw new ImageDefect("truncated PNG: the file ends inside a chunk header");
            }
            long length = ImageSniffer.readUint32(png, offset);
            String type = ImageSniffer.ascii(png, offset + 4, 4);
            if (!type.chars().allMatch(Character::isLetter)) {
                throw new ImageDefect("malformed PNG: invalid chunk type at byte " + offset);
            }
            if (length > Integer.MAX_VALUE || offset + 12 + length > png.length) {
                throw new ImageDefect("truncated PNG: chunk " + type + " runs past the end of the file");
            }
            int dataStart = offset + 8;
            int dataLength = (int) length;
            crc.reset();
            crc.update(png, offset + 4, 4 + dataLength);
            if (crc.getValue() != ImageSniffer.readUint32(png, dataStart + dataLength)) {
                throw new ImageDefect("corrupt PNG: chunk " + type + " fails its CRC check");
            }
            if (dimensions == null) {
                if (!type.equals("IHDR")) {
                    throw new ImageDefect("malformed PNG: the first chunk is " + type + ", not IHDR");
                }
                dimensions = header(png, dataStart, dataLength);
            } else if (type.equals("IDAT")) {
                sawImageData = true;
            } else if (type.equals("IEND")) {
                if (!sawImageData) {
                    throw new ImageDefect("malformed PNG: no image data (IDAT) before IEND");
                }
                return dimensions;
            }
            offset = dataStart + dataLength + 4;
        }
    }

    private static Dimensions header(byte[] png, int start, int length) throws ImageDefect {
        if (length != 13) {
            throw new ImageDefect("malformed PNG: IHDR is " + length + " bytes, not 13");
        }
        long width = ImageSniffer.readUint32(png, start);
        long height = ImageSniffer.readUint32(png, start + 4);
        int bitDepth = png[start + 8] & 0xff;
        int colourType = png[start + 9] & 0xff;
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new ImageDefect("malformed PNG: invalid size " + width + "x" + height);
        }
        if (!validDepth(colourType, bitDepth)) {
            throw colourType > 6 || colourType == 1 || colourType == 5
                    ? new ImageDefect("malformed PNG: colour type " + colourType + " is invalid")
                    : new ImageDefect("malformed PNG: bit depth " + bitDepth + " is invalid for colour type " + colourType);
        }
        if (png[start + 10] != 0 || png[start + 11] != 0) {
            throw new ImageDefect("malformed PNG: unknown compression or filter method");
        }
        if ((png[start + 12] & 0xff) > 1) {
            throw new ImageDefect("malformed PNG: interlace method " + (png[start + 12] & 0xff) + " is invalid");
        }
        return new Dimensions((int) width, (int) height);
    }

    private static boolean validDepth(int colourType, int bitDepth) {
        return switch (colourType) {
            case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
            case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
            default -> false;
        };
    }
}
