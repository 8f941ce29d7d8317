package io.gemcap.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Small files that cost a naive reader a lot: PNGs whose text chunks inflate to gigabytes, and huge images that compress
 * to a megabyte. Made at test time in well under a second each (a deflate stream of zeros repeats once its window is
 * full of zeros, so one segment is compressed and copied), so no big file is committed.
 */
public final class HostileImages {

    private static final int SEGMENT = 1 << 20;

    private HostileImages() {
    }

    /**
     * A {@code side}x{@code side} RGB PNG with one compressed text chunk ({@code zTXt}, or {@code iTXt} with its
     * compression flag set) placed before the image data, inflating to {@code inflatedBytes} zero bytes.
     */
    public static byte[] pngWithTextBomb(int side, String chunkType, long inflatedBytes) {
        byte[] base = TestImages.png(side, side, 7);
        byte[] keyword = "Comment\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] prefix = switch (chunkType) {
            case "zTXt" -> concat(keyword, new byte[] {0});
            case "iTXt" -> concat(keyword, new byte[] {1, 0, 0, 0});
            default -> throw new IllegalArgumentException("a compressed text chunk is zTXt or iTXt, not " + chunkType);
        };
        return insertAfterHeader(base, chunk(chunkType, concat(prefix, zlibZeros(inflatedBytes))));
    }

    /** A {@code width}x{@code height} 16-bit RGBA PNG, every pixel transparent black: about 1 MB per gigabyte of raster. */
    public static byte[] png16BitRgba(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 16).put((byte) 6).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        long rows = (long) height * (1 + (long) width * 8);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.writeBytes(chunk("IHDR", header.array()));
        png.writeBytes(chunk("IDAT", zlibZeros(rows)));
        png.writeBytes(chunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    /** A {@code width}x{@code height} 8-bit RGB TIFF stored as one Deflate-compressed strip of black pixels. */
    public static byte[] singleStripTiff(int width, int height) {
        byte[] strip = zlibZeros((long) width * height * 3);
        short entries = 10;
        int ifdOffset = 8;
        int ifdSize = 2 + entries * 12 + 4;
        int bitsOffset = ifdOffset + ifdSize;
        int stripOffset = bitsOffset + 6;
        ByteBuffer tiff = ByteBuffer.allocate(stripOffset + strip.length).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        tiff.putShort(entries);
        entry(tiff, 256, 4, 1, width);
        entry(tiff, 257, 4, 1, height);
        entry(tiff, 258, 3, 3, bitsOffset);
        entry(tiff, 259, 3, 1, 8);
        entry(tiff, 262, 3, 1, 2);
        entry(tiff, 273, 4, 1, stripOffset);
        entry(tiff, 277, 3, 1, 3);
        entry(tiff, 278, 4, 1, height);
        entry(tiff, 279, 4, 1, strip.length);
        entry(tiff, 284, 3, 1, 1);
        tiff.putInt(0);
        tiff.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        tiff.put(strip);
        return tiff.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            tiff.putShort((short) value).putShort((short) 0);
        } else {
            tiff.putInt(value);
        }
    }

    /** A zlib stream (RFC 1950) inflating to {@code count} zero bytes. */
    public static byte[] zlibZeros(long count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x78, (byte) 0xda});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] zeros = new byte[SEGMENT];
            long whole = count / SEGMENT;
            if (whole > 0) {
                out.writeBytes(flushed(deflater, zeros, SEGMENT));
            }
            if (whole > 1) {
                byte[] steady = flushed(deflater, zeros, SEGMENT);
                if (!Arrays.equals(steady, flushed(deflater, zeros, SEGMENT))) {
                    throw new IllegalStateException("this zlib does not repeat a segment of zeros: cannot make the stream quickly");
                }
                for (long i = 1; i < whole; i++) {
                    out.writeBytes(steady);
                }
            }
            deflater.setInput(zeros, 0, (int) (count % SEGMENT));
            deflater.finish();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        // Adler-32 of n zero bytes: its low sum stays 1 and its high sum counts the bytes.
        long adler = (count % 65521) << 16 | 1;
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) adler).array());
        return out.toByteArray();
    }

    private static byte[] flushed(Deflater deflater, byte[] input, int length) {
        deflater.setInput(input, 0, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int written;
        do {
            written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, written);
        } while (written == buffer.length || !deflater.needsInput());
        return out.toByteArray();
    }

    private static byte[] insertAfterHeader(byte[] png, byte[] chunk) {
        int afterHeader = 8 + 8 + 13 + 4;
        return concat(Arrays.copyOf(png, afterHeader), chunk, Arrays.copyOfRange(png, afterHeader, png.length));
    }

    /** A PNG chunk: length, type, data and the CRC of type and data. */
    public static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data).putInt((int) crc.getValue()).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
