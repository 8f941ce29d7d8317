package io.gemcap.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the Exif item of an HEIC/HEIF file for {@link ExifBlock}, and blanks the file's metadata in place: the items each top-level {@code meta} box's {@code iinf} declares
 * as {@code Exif}, or as {@code mime} of type {@code application/rdf+xml} (XMP), have every byte their {@code iloc}
 * extents point at overwritten with zeros, and so have the payloads of the top-level boxes decoders skip
 * ({@link #HIDING}), unless an item's extent points into one. Nothing moves, so every offset in the file stays valid
 * and the image items are untouched; such boxes at the very end of the file are cut off instead, since no offset
 * reaches them.
 */
final class HeifMetadata {

    private static final String XMP_TYPE = "application/rdf+xml";
    /** More than any byte array holds. */
    private static final long BEYOND_ANY_FILE = 1L << 32;
    /**
     * Top-level boxes no decoder reads a picture from: {@code uuid} is where Adobe's XMP and camera makers' metadata
     * go, {@code udta} and {@code meco} hold only metadata, and {@code free}/{@code skip} may keep what an editor
     * rewrote elsewhere.
     */
    private static final Set<String> HIDING = Set.of("uuid", "udta", "meco", "free", "skip");

    private HeifMetadata() {
    }

    /**
     * @return a copy with the metadata zeroed, or {@code heif} itself when it has none
     * @throws ImageDefect when the boxes cannot be read, or a metadata item is built from other items
     */
    static byte[] blank(byte[] heif, String format) throws ImageDefect {
        List<Box> top = children(heif, 0, heif.length, format);
        List<long[]> metadata = new ArrayList<>();
        List<long[]> inFile = new ArrayList<>();
        for (Box box : top) {
            if (box.type.equals("meta")) {
                ItemBoxes boxes = ItemBoxes.of(heif, box, format);
                extents(heif, boxes, metadataItems(heif, boxes, format).keySet(), format, metadata, inFile);
            }
        }
        List<Box> hiding = new ArrayList<>();
        for (Box box : top) {
            if (HIDING.contains(box.type) && box.end > box.dataStart && inFile.stream().noneMatch(e -> overlaps(e, box))) {
                hiding.add(box);
            }
        }
        if (metadata.isEmpty() && hiding.isEmpty()) {
            return heif;
        }
        int length = heif.length;
        for (int i = top.size() - 1; i >= 0 && hiding.contains(top.get(i)); i--) {
            length = top.get(i).start;
        }
        byte[] blanked = Arrays.copyOf(heif, length);
        for (long[] extent : metadata) {
            // Every extent in the file is before what was cut off: nothing cut off is pointed into.
            Arrays.fill(blanked, (int) extent[0], (int) (extent[0] + extent[1]), (byte) 0);
        }
        for (Box box : hiding) {
            if (box.start < length) {
                // A uuid box's UUID goes too: it names the camera maker or the program.
                Arrays.fill(blanked, box.dataStart, box.end, (byte) 0);
            }
        }
        return blanked;
    }

    /**
     * The first Exif item's bytes, as its extents put them together, wherever the boxes lie.
     *
     * @return {@code null} when the file has no Exif item in itself
     * @throws ImageDefect when the boxes cannot be read, or the item is built from other items or is larger than the file
     */
    static byte[] exif(byte[] heif, String format) throws ImageDefect {
        for (Box box : children(heif, 0, heif.length, format)) {
            if (!box.type.equals("meta")) {
                continue;
            }
            ItemBoxes boxes = ItemBoxes.of(heif, box, format);
            Optional<Long> exif = metadataItems(heif, boxes, format).entrySet().stream().filter(item -> item.getValue().equals("Exif"))
                    .map(Map.Entry::getKey).findFirst();
            if (exif.isEmpty()) {
                continue;
            }
            List<long[]> extents = new ArrayList<>();
            extents(heif, boxes, Set.of(exif.get()), format, extents, new ArrayList<>());
            if (extents.isEmpty()) {
                return null;
            }
            ByteArrayOutputStream item = new ByteArrayOutputStream();
            for (long[] extent : extents) {
                // Extents may repeat: what is put together must still cost no more than the file.
                if (item.size() + extent[1] > heif.length) {
                    throw new ImageDefect("malformed " + format + ": its Exif item is larger than the file");
                }
                item.write(heif, (int) extent[0], (int) extent[1]);
            }
            return item.toByteArray();
        }
        return null;
    }

    private static boolean overlaps(long[] extent, Box box) {
        return extent[1] > 0 && extent[0] < box.end && extent[0] + extent[1] > box.start;
    }

    /**
     * A {@code meta} box's item information, item locations, item data and data information (where data references
     * lead), each {@code null} when absent.
     */
    private record ItemBoxes(Box infos, Box locations, Box data, Box references) {

        static ItemBoxes of(byte[] heif, Box meta, String format) throws ImageDefect {
            Box infos = null;
            Box locations = null;
            Box data = null;
            Box references = null;
            for (Box box : children(heif, meta.dataStart + 4, meta.end, format)) {
                switch (box.type) {
                    case "iinf" -> infos = box;
                    case "iloc" -> locations = box;
                    case "idat" -> data = box;
                    case "dinf" -> references = box;
                    default -> { }
                }
            }
            return new ItemBoxes(infos, locations, data, references);
        }
    }

    /**
     * The data reference indexes that name this very file: 0, and each {@code dref} entry flagged self-contained
     * (a {@code url } or {@code urn } of flags 1), which libheif reads as this file too.
     */
    private static Set<Integer> thisFile(byte[] b, ItemBoxes boxes, String format) throws ImageDefect {
        Set<Integer> indexes = new HashSet<>(Set.of(0));
        if (boxes.references == null) {
            return indexes;
        }
        for (Box dref : children(b, boxes.references.dataStart, boxes.references.end, format)) {
            if (!dref.type.equals("dref")) {
                continue;
            }
            Reader in = new Reader(b, dref.dataStart, dref.end, format);
            in.skip(8);
            int index = 1;
            for (Box entry : children(b, in.position, dref.end, format)) {
                Reader flags = new Reader(b, entry.dataStart, entry.end, format);
                flags.skip(3);
                if ((flags.u8() & 1) != 0) {
                    indexes.add(index);
                }
                index++;
            }
        }
        return indexes;
    }

    /** The IDs of the Exif and XMP items, in the order declared, each to {@code Exif} or {@code XMP}. */
    private static Map<Long, String> metadataItems(byte[] b, ItemBoxes boxes, String format) throws ImageDefect {
        Map<Long, String> items = new LinkedHashMap<>();
        if (boxes.infos == null) {
            return items;
        }
        Box iinf = boxes.infos;
        Reader in = new Reader(b, iinf.dataStart, iinf.end, format);
        int version = in.u8();
        in.skip(3);
        in.skip(version == 0 ? 2 : 4);
        for (Box infe : children(b, in.position, iinf.end, format)) {
            if (!infe.type.equals("infe")) {
                continue;
            }
            Reader entry = new Reader(b, infe.dataStart, infe.end, format);
            int entryVersion = entry.u8();
            entry.skip(3);
            long id;
            String kind = null;
            if (entryVersion < 2) {
                id = entry.u16();
                entry.skip(2);
                entry.string();
                if (XMP_TYPE.equals(entry.string())) {
                    kind = "XMP";
                }
            } else {
                id = entryVersion == 2 ? entry.u16() : entry.u32();
                entry.skip(2);
                String type = entry.fourCc();
                entry.string();
                if (type.equals("Exif")) {
                    kind = "Exif";
                } else if (type.equals("mime") && XMP_TYPE.equals(entry.string())) {
                    kind = "XMP";
                }
            }
            if (kind != null) {
                items.putIfAbsent(id, kind);
            }
        }
        return items;
    }

    /**
     * Adds where the {@code wanted} items are to {@code metadata}, and where any item's bytes may be in the file to
     * {@code inFile}: {offset, length} pairs, from the {@code iloc} box (none without one).
     */
    private static void extents(byte[] b, ItemBoxes boxes, Set<Long> wanted, String format, List<long[]> metadata,
            List<long[]> inFile) throws ImageDefect {
        if (boxes.locations == null) {
            return;
        }
        Box idat = boxes.data;
        Set<Integer> thisFile = thisFile(b, boxes, format);
        Reader in = new Reader(b, boxes.locations.dataStart, boxes.locations.end, format);
        int version = in.u8();
        in.skip(3);
        int sizes = in.u16();
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xf;
        int baseOffsetSize = (sizes >> 4) & 0xf;
        int indexSize = version == 1 || version == 2 ? sizes & 0xf : 0;
        long itemCount = version < 2 ? in.u16() : in.u32();
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
                if (construction == 0) {
                    // A decoder may read an item from this file whatever its data reference says: such bytes stay.
                    inFile.add(place(b, idat, construction, base + offset, length, format));
                }
                // Data in another file is not in what is sent.
                if (wanted.contains(id) && thisFile.contains(dataReference)) {
                    metadata.add(place(b, idat, construction, base + offset, length, format));
                }
            }
        }
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
            boxes.add(new Box(type, offset, offset + header, (int) (offset + size)));
            offset += (int) size;
        }
        return boxes;
    }

    private record Box(String type, int start, int dataStart, int end) {
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
