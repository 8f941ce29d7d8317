package io.gemcap.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** Tells an image's real type from its first bytes, never from its name. Stateless and thread-safe. */
public final class ImageSniffer {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs");
    private static final Set<String> HEIF_BRANDS = Set.of("mif1", "msf1", "mif2");

    private ImageSniffer() {
    }

    public static Optional<ImageType> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(ImageType.PNG);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of(ImageType.JPEG);
        }
        if (ascii(bytes, 0, 4).equals("RIFF") && ascii(bytes, 8, 4).equals("WEBP")) {
            return Optional.of(ImageType.WEBP);
        }
        if (ascii(bytes, 0, 6).equals("GIF87a") || ascii(bytes, 0, 6).equals("GIF89a")) {
            return Optional.of(ImageType.GIF);
        }
        if (ascii(bytes, 0, 2).equals("BM") && bytes.length >= 26) {
            return Optional.of(ImageType.BMP);
        }
        if (ascii(bytes, 0, 4).equals("II*\0") || ascii(bytes, 0, 4).equals("MM\0*")) {
            return Optional.of(ImageType.TIFF);
        }
        if (ascii(bytes, 4, 4).equals("ftyp")) {
            return heifFamily(bytes);
        }
        return Optional.empty();
    }

    /** A short description of bytes that are not a known image, for the row's reason. */
    public static String describeUnknown(byte[] bytes) {
        if (bytes.length == 0) {
            return "empty file";
        }
        int sample = Math.min(bytes.length, 512);
        int printable = 0;
        for (int i = 0; i < sample; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b < 0x7f) || b >= 0x80) {
                printable++;
            }
        }
        if (printable == sample) {
            return "not an image: the file holds text";
        }
        return "not an image: unrecognised format (PNG, JPEG, WebP, HEIC, HEIF, GIF, BMP or TIFF expected)";
    }

    private static Optional<ImageType> heifFamily(byte[] bytes) {
        long boxSize = readUint32(bytes, 0);
        int end = (int) Math.min(bytes.length, Math.max(boxSize, 16));
        String major = ascii(bytes, 8, 4);
        if (HEIC_BRANDS.contains(major)) {
            return Optional.of(ImageType.HEIC);
        }
        boolean heif = HEIF_BRANDS.contains(major);
        for (int offset = 16; offset + 4 <= end; offset += 4) {
            String brand = ascii(bytes, offset, 4);
            if (HEIC_BRANDS.contains(brand)) {
                return Optional.of(ImageType.HEIC);
            }
            heif |= HEIF_BRANDS.contains(brand);
        }
        return heif ? Optional.of(ImageType.HEIF) : Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(byte[] bytes, int offset, int length) {
        if (bytes.length < offset + length) {
            return "";
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    static long readUint32(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xffL) << 24) | ((bytes[offset + 1] & 0xffL) << 16)
                | ((bytes[offset + 2] & 0xffL) << 8) | (bytes[offset + 3] & 0xffL);
    }
}
