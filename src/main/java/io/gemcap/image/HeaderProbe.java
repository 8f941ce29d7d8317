package io.gemcap.image;

import java.io.IOException;
import java.util.Optional;

/**
 * An image's type and size from its first bytes and, for a JPEG, from the segments its markers lead to: a
 * JPEG's frame header can sit behind more than 64 KB of EXIF, XMP or ICC data, so the probe follows the
 * segment lengths with small ranged reads instead of reading on. The rest of the image is never read. For
 * estimates of objects in buckets. Stateless and thread-safe.
 */
public final class HeaderProbe {

    /** How much is read first: every header but a JPEG's behind large metadata. */
    public static final int FIRST_BYTES = 64 * 1024;
    /** What each further read of a JPEG takes: one segment's marker and length, or a frame header. */
    static final int FOLLOW_BYTES = 4 * 1024;
    /** A JPEG whose frame header is not found within this many segments is left with its size unknown. */
    static final int MAX_SEGMENTS = 256;

    /** Reads a range of the image's bytes; fewer than asked at its end. */
    @FunctionalInterface
    public interface Ranges {
        byte[] read(long offset, int length) throws IOException;
    }

    /**
     * @param type the type sniffed from the first bytes
     * @param size the stored size from the header, or {@code null} when the header could not be reached
     */
    public record Probed(ImageType type, Dimensions size) {
    }

    private HeaderProbe() {
    }

    /** The probe's result, or empty when the first bytes are not an image gemcap knows. */
    public static Optional<Probed> probe(Ranges ranges) throws IOException {
        byte[] first = ranges.read(0, FIRST_BYTES);
        Optional<ImageType> sniffed = ImageSniffer.sniff(first);
        if (sniffed.isEmpty()) {
            return Optional.empty();
        }
        ImageType type = sniffed.get();
        Dimensions size = switch (type) {
            case JPEG -> jpegSize(ranges, first);
            case PNG -> first.length >= 24 ? new Dimensions((int) ImageSniffer.readUint32(first, 16), (int) ImageSniffer.readUint32(first, 20))
                    : null;
            case HEIC, HEIF -> heifSize(type, first);
            default -> decoderHeader(first);
        };
        return Optional.of(new Probed(type, size));
    }

    /** Walks the markers from the start of image, reading further ranges where a segment ends beyond what was read. */
    private static Dimensions jpegSize(Ranges ranges, byte[] first) throws IOException {
        long windowStart = 0;
        byte[] window = first;
        long offset = 2;
        for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
            if (offset + 9 > windowStart + window.length) {
                windowStart = offset;
                window = ranges.read(offset, FOLLOW_BYTES);
                if (window.length < 4) {
                    return null;
                }
            }
            int at = (int) (offset - windowStart);
            if ((window[at] & 0xff) != 0xff) {
                return null;
            }
            int marker = window[at + 1] & 0xff;
            if (marker == 0xff) {
                offset++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                offset += 2;
                continue;
            }
            if (marker == 0xd9 || marker == 0xda || at + 4 > window.length) {
                return null;
            }
            int length = ((window[at + 2] & 0xff) << 8) | (window[at + 3] & 0xff);
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                if (at + 9 > window.length) {
                    windowStart = offset;
                    window = ranges.read(offset, FOLLOW_BYTES);
                    at = 0;
                    if (window.length < 9) {
                        return null;
                    }
                }
                int height = ((window[at + 5] & 0xff) << 8) | (window[at + 6] & 0xff);
                int width = ((window[at + 7] & 0xff) << 8) | (window[at + 8] & 0xff);
                return width > 0 && height > 0 ? new Dimensions(width, height) : null;
            }
            if (length < 2) {
                return null;
            }
            offset += 2 + length;
        }
        return null;
    }

    private static Dimensions heifSize(ImageType type, byte[] first) {
        try {
            return ImageStructure.check(type, first);
        } catch (ImageDefect | RuntimeException e) {
            return null;
        }
    }

    /** GIF, BMP, WebP and TIFF: the decoder reads the size from a header that lies within the first bytes. */
    private static Dimensions decoderHeader(byte[] first) {
        try {
            return ImageReaders.read(first, reader -> new Dimensions(reader.getWidth(0), reader.getHeight(0))).orElse(null);
        } catch (IOException | ImageDefect | RuntimeException e) {
            return null;
        }
    }
}
