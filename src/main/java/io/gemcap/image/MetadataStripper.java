package io.gemcap.image;

import java.nio.charset.StandardCharsets;

/**
 * Takes out of an image sent as it is what it tells about its owner: EXIF (GPS position, camera serial number,
 * owner name, dates), XMP, IPTC and Photoshop resources, comments and text chunks, and whatever follows the image
 * (phones append preview images and motion-photo videos), without touching the coded pixels. What a decoder needs
 * to show the picture stays: the JFIF and Adobe segments, PNG's colour and transparency chunks, and an ICC profile of
 * at most {@value #MAX_PROFILE_BYTES} bytes. A larger profile (print profiles reach megabytes) is not sent: the image
 * must be decoded and re-encoded in sRGB instead, which {@link Stripped#profileTooLarge()} says. An EXIF orientation
 * other than upright survives as a one-tag EXIF block, so that an image sent at its own size still stands up.
 * HEIC and HEIF are never decoded here: their Exif and XMP items, and the top-level boxes decoders skip, are
 * overwritten with zeros in place.
 * Stateless and thread-safe.
 */
final class MetadataStripper {

    /** The largest ICC profile sent with an image as it is: sRGB, Display P3 and Adobe RGB profiles fit easily. */
    static final int MAX_PROFILE_BYTES = 4096;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT = 3;
    private static final int LONG = 4;

    /**
     * An image's bytes without metadata.
     *
     * @param bytes the image without metadata, its colour profile kept whatever its size; the very array given when
     *     there was nothing to take out
     * @param profileTooLarge whether its ICC profile is over {@value #MAX_PROFILE_BYTES} bytes: not to be sent as it is
     */
    record Stripped(byte[] bytes, boolean profileTooLarge) {
    }

    private MetadataStripper() {
    }

    /**
     * @throws ImageDefect when the file's structure cannot be walked, or a HEIC/HEIF metadata item is built from other
     *     items (it cannot be blanked in place)
     */
    static Stripped strip(ImageType type, byte[] bytes) throws ImageDefect {
        return switch (type) {
            case JPEG -> JpegMetadata.strip(bytes);
            case PNG -> PngMetadata.strip(bytes);
            case WEBP -> WebpMetadata.strip(bytes);
            case HEIC, HEIF -> new Stripped(HeifMetadata.blank(bytes, type.name()), false);
            // Never sent as they are: gemcap's own encoders write no metadata.
            case GIF, BMP, TIFF -> new Stripped(bytes, false);
        };
    }

    /**
     * The orientation tag (1 to 8) of IFD0 in the TIFF structure at {@code [start, end)}, or 1 when it has none or
     * cannot be read: a damaged EXIF block reads as upright, as {@link Orientation#of} takes it.
     */
    static int orientation(byte[] b, int start, int end) {
        if (end - start < 8 || end > b.length) {
            return 1;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        long ifd = uint32(b, start + 4, little);
        if (ifd < 8 || ifd > end - start - 2) {
            return 1;
        }
        int entries = uint16(b, start + (int) ifd, little);
        int first = start + (int) ifd + 2;
        for (int i = 0; i < entries && first + 12 * (i + 1) <= end; i++) {
            int entry = first + 12 * i;
            if (uint16(b, entry, little) == ORIENTATION_TAG) {
                int type = uint16(b, entry + 2, little);
                if ((type != SHORT && type != LONG) || uint32(b, entry + 4, little) != 1) {
                    return 1;
                }
                long value = type == SHORT ? uint16(b, entry + 8, little) : uint32(b, entry + 8, little);
                return value >= 1 && value <= 8 ? (int) value : 1;
            }
        }
        return 1;
    }

    /** A TIFF structure holding one tag, the orientation: what is left of an EXIF block. */
    static byte[] orientationOnly(int orientation) {
        return new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8,
            0, 1,
            (byte) (ORIENTATION_TAG >> 8), (byte) ORIENTATION_TAG, 0, SHORT, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0};
    }

    static boolean startsWith(byte[] b, int offset, int end, String prefix) {
        byte[] expected = prefix.getBytes(StandardCharsets.ISO_8859_1);
        if (end - offset < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int uint16(byte[] b, int offset, boolean little) {
        return little ? (b[offset] & 0xff) | ((b[offset + 1] & 0xff) << 8) : ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }

    private static long uint32(byte[] b, int offset, boolean little) {
        return little
                ? (b[offset] & 0xffL) | ((b[offset + 1] & 0xffL) << 8) | ((b[offset + 2] & 0xffL) << 16) | ((b[offset + 3] & 0xffL) << 24)
                : ImageSniffer.readUint32(b, offset);
    }
}
