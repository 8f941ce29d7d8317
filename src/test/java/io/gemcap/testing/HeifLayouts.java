package io.gemcap.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HEIC files laid out as other writers lay them out, made from heif-enc's (ftyp, meta, mdat, 32-bit sizes): a box
 * between ftyp and meta, as Canon's cameras put their {@code uuid} box, or an {@code mdat} with a 64-bit size or a size
 * of 0 (to the end of the file), or items found through a data reference. Every {@code iloc} offset that the change moves is moved with it, so libheif still
 * decodes the same picture.
 */
public final class HeifLayouts {

    private HeifLayouts() {
    }

    /** The file with {@code box} (a whole box, header included) placed right after its {@code ftyp} box. */
    public static byte[] withBoxAfterFileType(byte[] heif, byte[] box) {
        return inserted(heif, topLevel(heif, "ftyp")[1], box);
    }

    /** The file with its {@code mdat} box's size in the 64-bit field (size 1, then the 8-byte size). */
    public static byte[] withLargeSizeMediaData(byte[] heif) {
        int[] mdat = topLevel(heif, "mdat");
        long size = mdat[1] - mdat[0];
        byte[] large = inserted(heif, mdat[0] + 8, new byte[8]);
        ByteBuffer.wrap(large, mdat[0], 16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(size + 8);
        return large;
    }

    /** The file with its last box, {@code mdat}, sized 0: it runs to the end of the file. */
    public static byte[] withMediaDataToTheEnd(byte[] heif) {
        int[] mdat = topLevel(heif, "mdat");
        if (mdat[1] != heif.length) {
            throw new IllegalArgumentException("mdat is not the last box");
        }
        byte[] open = heif.clone();
        ByteBuffer.wrap(open, mdat[0], 4).putInt(0);
        return open;
    }

    /**
     * The file with every item's data found through data reference 1, a {@code url } entry flagged as this very file
     * (a {@code dinf} box added to {@code meta}), instead of through index 0: the same bytes, differently named.
     */
    public static byte[] withItemsThroughADataReference(byte[] heif) {
        ByteBuffer url = ByteBuffer.allocate(12).putInt(12).put("url ".getBytes(StandardCharsets.US_ASCII)).putInt(1);
        ByteBuffer dref = ByteBuffer.allocate(16 + 12).putInt(28).put("dref".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(1)
                .put(url.array());
        byte[] dinf = ByteBuffer.allocate(8 + 28).putInt(36).put("dinf".getBytes(StandardCharsets.US_ASCII)).put(dref.array()).array();
        int[] meta = topLevel(heif, "meta");
        byte[] referenced = inserted(heif, meta[1], dinf);
        ByteBuffer.wrap(referenced).putInt(meta[0], meta[1] - meta[0] + dinf.length);
        eachItem(referenced, (b, item) -> b.putShort(item.reference, (short) 1));
        return referenced;
    }

    /** {start, end} of the first top-level box of {@code type}. */
    private static int[] topLevel(byte[] heif, String type) {
        ByteBuffer b = ByteBuffer.wrap(heif);
        int offset = 0;
        while (offset + 8 <= heif.length) {
            long size = Integer.toUnsignedLong(b.getInt(offset));
            if (size == 1) {
                size = b.getLong(offset + 8);
            } else if (size == 0) {
                size = heif.length - offset;
            }
            if (new String(heif, offset + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return new int[] {offset, (int) (offset + size)};
            }
            offset += (int) size;
        }
        throw new IllegalArgumentException("no " + type + " box");
    }

    /** {@code bytes} inserted at {@code at}, and the {@code iloc} offsets of file data at or after it moved along. */
    private static byte[] inserted(byte[] heif, int at, byte[] bytes) {
        byte[] moved = new byte[heif.length + bytes.length];
        System.arraycopy(heif, 0, moved, 0, at);
        System.arraycopy(bytes, 0, moved, at, bytes.length);
        System.arraycopy(heif, at, moved, at + bytes.length, heif.length - at);
        eachItem(moved, (b, item) -> {
            boolean moves = item.construction == 0 && item.offsets.length > 0
                    && read(b, item.base, item.baseSize) + read(b, item.offsets[0], item.offsetSize) >= at;
            if (moves && item.baseSize > 0) {
                write(b, item.base, item.baseSize, read(b, item.base, item.baseSize) + bytes.length);
            }
            for (int offset : item.offsets) {
                if (moves && item.baseSize == 0) {
                    write(b, offset, item.offsetSize, read(b, offset, item.offsetSize) + bytes.length);
                }
            }
        });
        return moved;
    }

    /** Where one {@code iloc} entry's fields are in the file. */
    private record Item(int construction, int reference, int base, int baseSize, int[] offsets, int offsetSize) {
    }

    private interface ItemWork {
        void on(ByteBuffer b, Item item);
    }

    /** Calls {@code work} with each entry of the first {@code meta} box's {@code iloc}. */
    private static void eachItem(byte[] heif, ItemWork work) {
        ByteBuffer b = ByteBuffer.wrap(heif);
        int offset = topLevel(heif, "meta")[0] + 12;
        while (!new String(heif, offset + 4, 4, StandardCharsets.US_ASCII).equals("iloc")) {
            offset += b.getInt(offset);
        }
        int p = offset + 8;
        int version = heif[p] & 0xff;
        p += 4;
        int sizes = b.getShort(p) & 0xffff;
        p += 2;
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xf;
        int baseSize = (sizes >> 4) & 0xf;
        int indexSize = version == 0 ? 0 : sizes & 0xf;
        int items = version < 2 ? b.getShort(p) & 0xffff : b.getInt(p);
        p += version < 2 ? 2 : 4;
        for (int i = 0; i < items; i++) {
            p += version < 2 ? 2 : 4;
            int construction = version == 0 ? 0 : b.getShort(p) & 0xf;
            p += version == 0 ? 0 : 2;
            int reference = p;
            p += 2;
            int base = p;
            p += baseSize;
            int[] offsets = new int[b.getShort(p) & 0xffff];
            p += 2;
            for (int e = 0; e < offsets.length; e++) {
                p += indexSize;
                offsets[e] = p;
                p += offsetSize + lengthSize;
            }
            work.on(b, new Item(construction, reference, base, baseSize, offsets, offsetSize));
        }
    }

    private static long read(ByteBuffer b, int position, int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> Integer.toUnsignedLong(b.getInt(position));
            case 8 -> b.getLong(position);
            default -> throw new IllegalArgumentException("iloc field of " + size + " bytes");
        };
    }

    private static void write(ByteBuffer b, int position, int size, long value) {
        switch (size) {
            case 4 -> b.putInt(position, (int) value);
            case 8 -> b.putLong(position, value);
            default -> throw new IllegalArgumentException("iloc field of " + size + " bytes");
        }
    }
}
