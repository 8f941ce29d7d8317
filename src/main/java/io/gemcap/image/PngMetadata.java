package io.gemcap.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's chunks with the metadata left out: the critical chunks and the ancillary ones that say how to show the
 * pixels (colour space, gamma, transparency, background, physical size, animation) are copied as they are; text
 * ({@code tEXt}, {@code zTXt}, {@code iTXt}), {@code eXIf}, {@code tIME}, private chunks and anything after
 * {@code IEND} are not. A compressed ICC profile is measured by inflating at most one byte past the limit, so a
 * profile that inflates to gigabytes costs no more than a small one.
 */
final class PngMetadata {

    private static final int SIGNATURE_LENGTH = 8;
    private static final Set<String> DISPLAY_CHUNKS = Set.of("tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "cICP", "mDCv", "cLLi",
            "bKGD", "hIST", "sPLT", "pHYs", "oFFs", "pCAL", "sCAL", "acTL", "fcTL", "fdAT");

    private PngMetadata() {
    }

    static MetadataStripper.Stripped strip(byte[] png) throws ImageDefect {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, Math.min(SIGNATURE_LENGTH, png.length));
        boolean profileTooLarge = false;
        int offset = SIGNATURE_LENGTH;
        while (true) {
            if (offset + 12 > png.length) {
                throw new ImageDefect("truncated PNG: the file ends before its IEND chunk");
            }
            long length = ImageSniffer.readUint32(png, offset);
            if (length > png.length - offset - 12) {
                throw new ImageDefect("truncated PNG: a chunk runs past the end of the file");
            }
            String type = ImageSniffer.ascii(png, offset + 4, 4);
            int data = offset + 8;
            int end = data + (int) length + 4;
            if (type.equals("iCCP")) {
                Profile profile = profile(png, data, (int) length);
                if (profile != Profile.UNREADABLE) {
                    profileTooLarge = profile == Profile.TOO_LARGE;
                    out.write(png, offset, end - offset);
                }
            } else if (type.equals("eXIf")) {
                int tiff = MetadataStripper.startsWith(png, data, data + (int) length, "Exif\0\0") ? data + 6 : data;
                int orientation = MetadataStripper.orientation(png, tiff, data + (int) length);
                if (orientation != 1) {
                    writeChunk(out, "eXIf", MetadataStripper.orientationOnly(orientation));
                }
            } else if (Character.isUpperCase(type.charAt(0)) || DISPLAY_CHUNKS.contains(type)) {
                out.write(png, offset, end - offset);
            }
            offset = end;
            if (type.equals("IEND")) {
                break;
            }
        }
        byte[] stripped = out.toByteArray();
        return new MetadataStripper.Stripped(Arrays.equals(stripped, png) ? png : stripped, profileTooLarge);
    }

    private enum Profile { SMALL, TOO_LARGE, UNREADABLE }

    /**
     * How large the profile in an {@code iCCP} chunk is once inflated: a profile name of 1 to 79 bytes, a zero, the
     * compression method (0), then zlib data. One that cannot be inflated is no profile a decoder could use.
     */
    private static Profile profile(byte[] png, int data, int length) {
        int name = 0;
        while (name < Math.min(80, length) && png[data + name] != 0) {
            name++;
        }
        if (name == 0 || name >= 80 || name + 2 > length || png[data + name + 1] != 0) {
            return Profile.UNREADABLE;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(png, data + name + 2, length - name - 2);
            byte[] profile = new byte[MetadataStripper.MAX_PROFILE_BYTES + 1];
            int inflated = 0;
            while (inflated < profile.length && !inflater.finished()) {
                int n = inflater.inflate(profile, inflated, profile.length - inflated);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return Profile.UNREADABLE;
                }
                inflated += n;
            }
            return inflated > MetadataStripper.MAX_PROFILE_BYTES ? Profile.TOO_LARGE : Profile.SMALL;
        } catch (DataFormatException e) {
            return Profile.UNREADABLE;
        } finally {
            inflater.end();
        }
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(data.length >>> 24);
        out.write(data.length >>> 16);
        out.write(data.length >>> 8);
        out.write(data.length);
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        long value = crc.getValue();
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }
}
