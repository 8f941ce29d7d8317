package io.gemcap.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Blanks the metadata items of an HEIC/HEIF file in place: the items the {@code meta} box's {@code iinf} declares as
 * {@code Exif}, or as {@code mime} of type {@code application/rdf+xml} (XMP), have every byte their {@code iloc}
 * extents point at overwritten with zeros. Nothing moves, so every offset in the file stays valid and the image
 * items are untouched.
 */
final class HeifMetadata {

    private static final String XMP_TYPE = "application/rdf+xml";
    /** More than any byte array holds. */
    private static final long BEYOND_ANY_FILE = 1L << 32;

    private HeifMetadata() {
    }

    /**
     * @return a copy with the metadata items zeroed, or {@code heif} itself when it has none
     * @throws ImageDefect when the boxes cannot be read, or a metadata item is built from other items
     */
    static byte[] blank(byte[] heif, String format) throws ImageDefect {
        Box meta = null;
        for (Box box : children(heif, 0, heif.length, format)) {
            if (box.type.equals("meta")) {
                meta = box;
                break;
            }
        }
        if (meta == null) {
            return heif;
        }
        Box itemInfos = null;
        Box locations = null;
        Box itemData = null;
        for (Box box : children(heif, meta.dataStart + 4, meta.end, format)) {
            switch (box.type) {
                case "iinf" -> itemInfos = box;
                case "iloc" -> locations = box;
                case "idat" -> itemData = box;
                default -> { }
            }
        }
        if (itemInfos == null || locations == null) {
            return heif;
        }
        Set<Long> metadataItems = metadataItems(heif, itemInfos, format);
        if (metadataItems.isEmpty()) {
            return heif;
        }
        List<long[]> extents = extents(heif, locations, itemData, metadataItems, format);
        byte[] blanked = heif.clone();
        for (long[] extent : extents) {
            Arrays.fill(blanked, (int) extent[0], (int) (extent[0] + extent[1]), (byte) 0);
        }
        return blanked;
    }

    /** The IDs of the Exif and XMP items. */
    private static Set<Long> metadataItems(byte[] b, Box iinf, String format) throws ImageDefect {
        Reader in = new Reader(b, iinf.dataStart, iinf.end, format);
        int version = in.u8();
        in.skip(3);
        in.skip(version == 0 ? 2 : 4);
        Set<Long> items = new HashSet<>();
        for (Box infe : children(b, in.position, iinf.end, format)) {
            if (!infe.type.equals("infe")) {
                continue;
            }
            Reader entry = new Reader(b, infe.dataStart, infe.end, format);
            int entryVersion = entry.u8();
            entry.skip(3);
            long id;
            boolean metadata;
            if (entryVersion < 2) {
                id = entry.u16();
                entry.skip(2);
                entry.string();
                metadata = XMP_TYPE.equals(entry.string());
            } else {
                id = entryVersion == 2 ? entry.u16() : entry.u32();
                entry.skip(2);
                String type = entry.fourCc();
                entry.string();
                metadata = type.equals("Exif") || (type.equals("mime") && XMP_TYPE.equals(entry.string()));
            }
            if (metadata) {
                items.add(id);
            }
        }
        return items;
    }

    /** Where the metadata items' bytes are in the file: {offset, length} pairs. */
    private static List<long[]> extents(byte[] b, Box iloc, Box idat, Set<Long> wanted, String format) throws ImageDefect {
        Reader in = new Reader(b, iloc.dataStart, iloc.end, format);
        int version = in.u8();
        in.skip(3);
        int sizes = in.u16();
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xf;
        int baseOffsetSize = (sizes >> 4) & 0xf;
        int indexSize = version == 1 || version == 2 ? sizes & 0xf : 0;
        long itemCount = version < 2 ? in.u16() : in.u32();
        List<long[]> found = new ArrayList<>();
        for (long i = 0; i < itemCount; i++) {
            long id = version < 2 ? in.u16() : in.u32();
            int construction = version == 1 || version == 2 ? in.u16() & 0xf : 0;
            int dataReference = in.u16();
            long base = in.sized(baseOffsetSize);
            int extentCount = in.u16();
            for (int e = 0; e < extentCount; e++) {
                in.sized(indexSize);
                long offset = in.sized(offsetSize);
                long length = in.sized(lengthSize);
                if (!wanted.contains(id) || dataReference != 0) {
                    // Data in another file is not in what is sent.
                    continue;
                }
                found.add(place(b, idat, construction, base + offset, length, format));
            }
        }
        return found;
    }

    private static long[] place(byte[] b, Box idat, int construction, long offset, long length, String format) throws ImageDefect {
        long start;
        long limit;
        if (construction == 0) {
            start = offset;
            limit = b.length;
        } else if (construction == 1 && idat != null) {
            start = idat.dataStart + offset;
            limit = idat.end;
        } else {
            throw new ImageDefect("unsupported " + format + ": a metadata item is built from other items, so it cannot be"
                    + " blanked (--keep-metadata sends the file as it is)");
        }
        // Length 0 is the rest of the data; what lies past the file is not sent, so there is nothing there to blank.
        long within = start >= limit ? 0 : length == 0 ? limit - start : Math.min(length, limit - start);
        return new long[] {Math.min(start, limit), within};
    }

    private static List<Box> children(byte[] b, int start, int end, String format) throws ImageDefect {
        List<Box> boxes = new ArrayList<>();
        int offset = start;
        while (offset + 8 <= end) {
            long size = ImageSniffer.readUint32(b, offset);
            String type = ImageSniffer.ascii(b, offset + 4, 4);
            int header = 8;
            if (size == 1) {
                if (offset + 16 > end) {
                    throw new ImageDefect("truncated " + format + ": the file ends inside a box header");
                }
                size = (ImageSniffer.readUint32(b, offset + 8) << 32) | ImageSniffer.readUint32(b, offset + 12);
                header = 16;
            } else if (size == 0) {
                size = end - offset;
            }
            if (size < header || size > end - offset) {
                throw new ImageDefect("malformed " + format + ": box " + type.replaceAll("[^\\x20-\\x7e]", "?")
                        + " does not fit in its container");
            }
            boxes.add(new Box(type, offset + header, (int) (offset + size)));
            offset += (int) size;
        }
        return boxes;
    }

    private record Box(String type, int dataStart, int end) {
    }

    /** Reads a box's fields in order, refusing to read past its end. */
    private static final class Reader {

        private final byte[] b;
        private final int end;
        private final String format;
        private int position;

        Reader(byte[] b, int start, int end, String format) {
            this.b = b;
            this.position = start;
            this.end = end;
            this.format = format;
        }

        int u8() throws ImageDefect {
            need(1);
            return b[position++] & 0xff;
        }

        int u16() throws ImageDefect {
            need(2);
            int value = ((b[position] & 0xff) << 8) | (b[position + 1] & 0xff);
            position += 2;
            return value;
        }

        long u32() throws ImageDefect {
            need(4);
            long value = ImageSniffer.readUint32(b, position);
            position += 4;
            return value;
        }

        /**
         * An unsigned field of 0, 4 or 8 bytes, as {@code iloc} sizes them; values past any array are cut to
         * {@code BEYOND_ANY_FILE}, so that sums of them stay positive.
         */
        long sized(int bytes) throws ImageDefect {
            return switch (bytes) {
                case 0 -> 0;
                case 4 -> u32();
                case 8 -> {
                    long high = u32();
                    long low = u32();
                    yield high > 0 ? BEYOND_ANY_FILE : low;
                }
                default -> throw new ImageDefect("malformed " + format + ": iloc field size " + bytes + " is invalid");
            };
        }

        String fourCc() throws ImageDefect {
            need(4);
            String value = ImageSniffer.ascii(b, position, 4);
            position += 4;
            return value;
        }

        /** A zero-terminated string; one the box ends without terminating runs to the box's end. */
        String string() {
            int start = position;
            while (position < end && b[position] != 0) {
                position++;
            }
            String value = new String(b, start, position - start, StandardCharsets.UTF_8);
            if (position < end) {
                position++;
            }
            return value;
        }

        void skip(int bytes) throws ImageDefect {
            need(bytes);
            position += bytes;
        }

        private void need(int bytes) throws ImageDefect {
            if (position + bytes > end) {
                throw new ImageDefect("malformed " + format + ": a box ends inside its fields");
            }
        }
    }
}
