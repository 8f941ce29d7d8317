package io.gemcap.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A WebP's RIFF chunks with the metadata left out: {@code EXIF}, {@code XMP } and chunks WebP does not define are
 * dropped; the extended header's EXIF and XMP flags and the RIFF size are set to what is left. The image chunks are
 * copied as they are.
 */
final class WebpMetadata {

    private static final Set<String> IMAGE_CHUNKS = Set.of("VP8 ", "VP8L", "ALPH", "ANIM", "ANMF");
    private static final int EXIF_FLAG = 0x08;
    private static final int XMP_FLAG = 0x04;

    private WebpMetadata() {
    }

    static MetadataStripper.Stripped strip(byte[] webp) throws ImageDefect {
        if (webp.length < 12) {
            throw new ImageDefect("truncated WebP: the file is too short for a header");
        }
        long riffEnd = 8 + (((webp[4] & 0xffL) | ((webp[5] & 0xffL) << 8) | ((webp[6] & 0xffL) << 16) | ((webp[7] & 0xffL) << 24)));
        if (riffEnd > webp.length) {
            throw new ImageDefect("truncated WebP: the header declares more bytes than the file has");
        }
        int end = (int) riffEnd;
        ByteArrayOutputStream out = new ByteArrayOutputStream(webp.length);
        out.write(webp, 0, 12);
        boolean profileTooLarge = false;
        int extendedHeader = -1;
        boolean exifSeen = false;
        boolean exifWritten = false;
        int offset = 12;
        while (offset + 8 <= end) {
            String fourCc = ImageSniffer.ascii(webp, offset, 4);
            long size = uint32(webp, offset + 4);
            if (size > end - offset - 8) {
                throw new ImageDefect("truncated WebP: chunk " + fourCc.trim() + " runs past the end of the file");
            }
            int data = offset + 8;
            int next = (int) Math.min(end, data + size + (size & 1));
            if (fourCc.equals("VP8X") && extendedHeader < 0 && size >= 10) {
                extendedHeader = out.size();
                writeChunk(out, webp, offset, next);
            } else if (fourCc.equals("ICCP")) {
                profileTooLarge = size > MetadataStripper.MAX_PROFILE_BYTES;
                writeChunk(out, webp, offset, next);
            } else if (IMAGE_CHUNKS.contains(fourCc)) {
                writeChunk(out, webp, offset, next);
            } else if (fourCc.equals("EXIF") && extendedHeader >= 0 && !exifSeen) {
                int tiff = MetadataStripper.startsWith(webp, data, data + (int) size, "Exif\0\0") ? data + 6 : data;
                int orientation = MetadataStripper.orientation(webp, tiff, data + (int) size);
                if (orientation != 1) {
                    byte[] kept = MetadataStripper.orientationOnly(orientation);
                    out.writeBytes("EXIF".getBytes(StandardCharsets.US_ASCII));
                    writeUint32(out, kept.length);
                    out.writeBytes(kept);
                    exifWritten = true;
                }
                exifSeen = true;
            }
            offset = next;
        }
        byte[] stripped = out.toByteArray();
        if (extendedHeader >= 0) {
            int flags = extendedHeader + 8;
            stripped[flags] = (byte) ((stripped[flags] & ~(EXIF_FLAG | XMP_FLAG)) | (exifWritten ? EXIF_FLAG : 0));
        }
        int riffSize = stripped.length - 8;
        stripped[4] = (byte) riffSize;
        stripped[5] = (byte) (riffSize >>> 8);
        stripped[6] = (byte) (riffSize >>> 16);
        stripped[7] = (byte) (riffSize >>> 24);
        return new MetadataStripper.Stripped(Arrays.equals(stripped, webp) ? webp : stripped, profileTooLarge);
    }

    /** Copies a chunk with its padding byte, adding the padding when the file left it off at its end. */
    private static void writeChunk(ByteArrayOutputStream out, byte[] webp, int offset, int next) {
        out.write(webp, offset, next - offset);
        if (((next - offset) & 1) != 0) {
            out.write(0);
        }
    }

    private static long uint32(byte[] b, int offset) {
        return (b[offset] & 0xffL) | ((b[offset + 1] & 0xffL) << 8) | ((b[offset + 2] & 0xffL) << 16) | ((b[offset + 3] & 0xffL) << 24);
    }

    private static void writeUint32(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
