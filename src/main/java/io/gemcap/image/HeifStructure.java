package io.gemcap.image;

/**
 * Checks an HEIC/HEIF (ISO base media) file's boxes: every top-level box must fit in the file,
 * {@code ftyp} must come first, {@code meta} must be present, and the size comes from the largest
 * {@code ispe} property (thumbnails carry smaller ones).
 */
final class HeifStructure {

    private HeifStructure() {
    }

    static Dimensions check(byte[] heif, String format) throws ImageDefect {
        int offset = 0;
        boolean first = true;
        Dimensions largest = null;
        boolean sawMeta = false;
        while (offset < heif.length) {
            Box box = box(heif, offset, heif.length, format);
            if (first && !box.type.equals("ftyp")) {
                throw new ImageDefect("malformed " + format + ": the first box is " + box.type + ", not ftyp");
            }
            first = false;
            if (box.type.equals("meta")) {
                sawMeta = true;
                largest = largestImageSize(heif, box.dataStart + 4, box.end, format, 0);
            }
            offset = box.end;
        }
        if (!sawMeta) {
            throw new ImageDefect("malformed " + format + ": no meta box");
        }
        if (largest == null) {
            throw new ImageDefect("malformed " + format + ": no image size (ispe) property");
        }
        return largest;
    }

    /** Properties sit two boxes down ({@code meta/iprp/ipco}); a file nesting far deeper is crafted, not photographed. */
    private static final int MAX_DEPTH = 8;

    private static Dimensions largestImageSize(byte[] b, int start, int end, String format, int depth) throws ImageDefect {
        if (depth > MAX_DEPTH) {
            throw new ImageDefect("malformed " + format + ": its property boxes nest more than " + MAX_DEPTH + " deep");
        }
        Dimensions largest = null;
        int offset = start;
        while (offset < end) {
            Box box = box(b, offset, end, format);
            Dimensions found = null;
            if (box.type.equals("iprp") || box.type.equals("ipco")) {
                found = largestImageSize(b, box.dataStart, box.end, format, depth + 1);
            } else if (box.type.equals("ispe")) {
                if (box.end - box.dataStart < 12) {
                    throw new ImageDefect("malformed " + format + ": ispe box too short");
                }
                long width = ImageSniffer.readUint32(b, box.dataStart + 4);
                long height = ImageSniffer.readUint32(b, box.dataStart + 8);
                if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                    throw new ImageDefect("malformed " + format + ": invalid size " + width + "x" + height);
                }
                found = new Dimensions((int) width, (int) height);
            }
            if (found != null && (largest == null || found.pixels() > largest.pixels())) {
                largest = found;
            }
            offset = box.end;
        }
        return largest;
    }

    private static Box box(byte[] b, int offset, int limit, String format) throws ImageDefect {
        if (offset + 8 > limit) {
            throw new ImageDefect("truncated " + format + ": the file ends inside a box header");
        }
        long size = ImageSniffer.readUint32(b, offset);
        String type = ImageSniffer.ascii(b, offset + 4, 4);
        int header = 8;
        if (size == 1) {
            if (offset + 16 > limit) {
                throw new ImageDefect("truncated " + format + ": the file ends inside a box header");
            }
            size = (ImageSniffer.readUint32(b, offset + 8) << 32) | ImageSniffer.readUint32(b, offset + 12);
            header = 16;
        } else if (size == 0) {
            size = limit - offset;
        }
        if (size < header) {
            throw new ImageDefect("malformed " + format + ": box " + type + " has invalid size " + size);
        }
        if (offset + size > limit) {
            throw new ImageDefect("truncated " + format + ": box " + type + " runs past the end of the file");
        }
        return new Box(type, offset + header, (int) (offset + size));
    }

    private record Box(String type, int dataStart, int end) {
    }
}
