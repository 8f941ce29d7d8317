package io.gemcap.image;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A JPEG's segments with the metadata left out: every application segment but APP0 JFIF, APP2 ICC_PROFILE and
 * APP14 Adobe (which says how to turn the stored colours into RGB), every comment, and anything after the
 * end-of-image marker. Tables, frame and scans are copied byte for byte, so the picture decodes exactly as before.
 */
final class JpegMetadata {

    private static final int SOI = 0xd8;
    private static final int EOI = 0xd9;
    private static final int SOS = 0xda;
    private static final int APP0 = 0xe0;
    private static final int APP1 = 0xe1;
    private static final int APP2 = 0xe2;
    private static final int APP14 = 0xee;
    private static final int APP15 = 0xef;
    private static final int COM = 0xfe;
    private static final String ICC = "ICC_PROFILE\0";
    /** An ICC segment's header: the signature, then its sequence number and the count of segments. */
    private static final int ICC_HEADER = ICC.length() + 2;
    /** Larger than the largest press profiles (a few MB); the format's own limit is 255 segments of 64 KB. */
    private static final long MAX_DECODED_PROFILE_BYTES = 4L << 20;

    private JpegMetadata() {
    }

    static MetadataStripper.Stripped strip(byte[] jpeg) throws ImageDefect {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != SOI) {
            throw new ImageDefect("malformed JPEG: no start-of-image marker");
        }
        // Sized for what is sent as it is (small files): a large file's copy grows as it goes.
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(jpeg.length, 1 << 20));
        out.write(jpeg, 0, 2);
        long profileBytes = 0;
        boolean orientationKept = false;
        int offset = 2;
        while (true) {
            int start = offset;
            while (offset < jpeg.length && (jpeg[offset] & 0xff) == 0xff) {
                offset++;
            }
            if (offset == start || offset >= jpeg.length) {
                throw new ImageDefect("malformed JPEG: expected a marker at byte " + start);
            }
            int marker = jpeg[offset] & 0xff;
            offset++;
            if (marker == EOI) {
                out.write(jpeg, start, offset - start);
                break;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                out.write(jpeg, start, offset - start);
                continue;
            }
            if (offset + 2 > jpeg.length) {
                throw new ImageDefect("truncated JPEG: the file ends inside a segment header");
            }
            int length = ((jpeg[offset] & 0xff) << 8) | (jpeg[offset + 1] & 0xff);
            int end = offset + length;
            if (length < 2 || end > jpeg.length) {
                throw new ImageDefect("malformed JPEG: a segment runs past the end of the file");
            }
            int data = offset + 2;
            if (marker == APP2 && MetadataStripper.startsWith(jpeg, data, end, ICC)) {
                profileBytes += Math.max(0, end - data - ICC_HEADER);
                if (profileBytes <= MetadataStripper.MAX_PROFILE_BYTES) {
                    // (beyond it the picture is re-encoded in sRGB, so a profile of megabytes is never copied)
                    out.write(jpeg, start, end - start);
                }
            } else if (marker == APP1 && !orientationKept && MetadataStripper.startsWith(jpeg, data, end, "Exif\0")) {
                int orientation = MetadataStripper.orientation(jpeg, data + 6, end);
                if (orientation != 1) {
                    writeExif(out, orientation);
                }
                orientationKept = true;
            } else if (kept(marker, jpeg, data, end)) {
                out.write(jpeg, start, end - start);
            }
            offset = end;
            if (marker == SOS) {
                int scanEnd = endOfEntropyData(jpeg, offset);
                out.write(jpeg, offset, scanEnd - offset);
                offset = scanEnd;
            }
        }
        byte[] stripped = out.toByteArray();
        boolean tooLarge = profileBytes > MetadataStripper.MAX_PROFILE_BYTES;
        return new MetadataStripper.Stripped(Arrays.equals(stripped, jpeg) ? jpeg : stripped, tooLarge);
    }

    /**
     * The JPEG to decode: itself, or without its ICC segments when they are more than a decoder should be asked to
     * assemble (over {@value #MAX_DECODED_PROFILE_BYTES} bytes, or more segments than the format allows): decoders join
     * them into one profile and parse it, so a small file carrying hundreds of such segments would cost hundreds of MB
     * of heap per image. Its colours are then read as if it had no profile.
     */
    static byte[] decodable(byte[] jpeg) {
        java.util.List<int[]> profile = new java.util.ArrayList<>();
        long profileBytes = 0;
        int offset = 2;
        while (offset + 4 <= jpeg.length && (jpeg[offset] & 0xff) == 0xff) {
            int marker = jpeg[offset + 1] & 0xff;
            int length = ((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff);
            if (marker == SOS || marker == EOI || length < 2) {
                break;
            }
            int end = Math.min(jpeg.length, offset + 2 + length);
            if (marker == APP2 && MetadataStripper.startsWith(jpeg, offset + 4, end, ICC)) {
                profile.add(new int[] {offset, end});
                profileBytes += length;
            }
            offset = end;
        }
        if (profileBytes <= MAX_DECODED_PROFILE_BYTES && profile.size() <= 255) {
            return jpeg;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(jpeg.length, 1 << 20));
        int copied = 0;
        for (int[] segment : profile) {
            out.write(jpeg, copied, segment[0] - copied);
            copied = segment[1];
        }
        out.write(jpeg, copied, jpeg.length - copied);
        return out.toByteArray();
    }

    private static boolean kept(int marker, byte[] jpeg, int data, int end) {
        if (marker == COM) {
            return false;
        }
        if (marker < APP0 || marker > APP15) {
            return true;
        }
        return (marker == APP0 && MetadataStripper.startsWith(jpeg, data, end, "JFIF\0"))
                || (marker == APP14 && MetadataStripper.startsWith(jpeg, data, end, "Adobe"));
    }

    private static void writeExif(ByteArrayOutputStream out, int orientation) {
        byte[] tiff = MetadataStripper.orientationOnly(orientation);
        int length = 2 + 6 + tiff.length;
        out.write(0xff);
        out.write(APP1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
    }

    /** The index of the marker that ends a scan: stuffed 0xFF00 and restart markers belong to the scan. */
    private static int endOfEntropyData(byte[] jpeg, int offset) throws ImageDefect {
        for (int i = offset; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff) {
                int next = jpeg[i + 1] & 0xff;
                if (next != 0 && next != 0xff && (next < 0xd0 || next > 0xd7)) {
                    return i;
                }
            }
        }
        throw new ImageDefect("truncated JPEG: the file ends inside a scan");
    }
}
