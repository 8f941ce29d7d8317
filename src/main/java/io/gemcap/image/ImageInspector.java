package io.gemcap.image;

import io.gemcap.source.ImageRef;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides from an image's bytes whether it can be prepared for sending: content hash, real type from
 * the magic bytes, dimensions and structure from the headers, and the file-size and pixel-count
 * limits. Pixels are never decoded here. Stateless and thread-safe.
 */
public final class ImageInspector {

    private final ImageLimits limits;

    public ImageInspector(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The largest file, in bytes, gemcap reads. */
    public long maxFileBytes() {
        return limits.maxFileBytes();
    }

    /** Refuses an image from its listed size alone, before anything is downloaded or read. */
    public Optional<Rejection> refuseBySize(ImageRef ref) {
        if (ref.size() <= limits.maxFileBytes()) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(ref, null, null, null, tooLarge(ref.size())));
    }

    private String tooLarge(long size) {
        return String.format(Locale.ROOT, "file is %.1f MB, over the %.1f MB gemcap reads of one image (gemcap.input.max-file-bytes)",
                mb(size), mb(limits.maxFileBytes()));
    }

    /** Checks bytes already in memory; {@code ref} only names them. */
    public Inspection inspect(ImageRef ref, byte[] bytes) {
        String sha256 = sha256(bytes);
        if (bytes.length > limits.maxFileBytes()) {
            return new Rejection(ref, sha256, null, null, tooLarge(bytes.length));
        }
        Optional<ImageType> sniffed = ImageSniffer.sniff(bytes);
        if (sniffed.isEmpty()) {
            return new Rejection(ref, sha256, null, null, ImageSniffer.describeUnknown(bytes));
        }
        ImageType type = sniffed.get();
        Dimensions dimensions;
        try {
            dimensions = ImageStructure.check(type, bytes);
        } catch (ImageDefect defect) {
            return new Rejection(ref, sha256, type, null, defect.getMessage());
        } catch (RuntimeException unexpected) {
            // A hostile file must cost one row, never the job.
            return new Rejection(ref, sha256, type, null, "malformed " + type.name() + ": its structure could not be read");
        }
        if (dimensions.pixels() > limits.maxMegapixels() * 1_000_000L) {
            return new Rejection(ref, sha256, type, dimensions, String.format(Locale.ROOT,
                    "image declares %dx%d (%.0f megapixels), over the %d-megapixel limit: refused as a possible decompression bomb",
                    dimensions.width(), dimensions.height(), dimensions.pixels() / 1e6, limits.maxMegapixels()));
        }
        return new PreparedImage(ref, bytes, sha256, type, dimensions);
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
