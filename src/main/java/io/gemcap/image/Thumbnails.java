package io.gemcap.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Small JPEGs (at most {@value #SIDE} px) of images, kept by content hash under the project's data folder, for the
 * HTML report: made from what was sent while an image is prepared (already decoded and small), else from a local
 * file when a report needs one; the same content never makes two. Thread-safe.
 */
public final class Thumbnails {

    public static final int SIDE = 256;

    private final Path folder;
    private final DecodeBudget budget;

    /** @param budget the memory a picture decoded for a thumbnail may take, shared with every other decoding */
    public Thumbnails(Path folder, DecodeBudget budget) {
        this.folder = folder;
        this.budget = budget;
    }

    /** Where the thumbnail of this content is (or would be). */
    public Path path(String sha256) {
        return folder.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
    }

    public boolean has(String sha256) {
        return Files.exists(path(sha256));
    }

    /** Forgets the thumbnail of this content, if there is one, so that the next {@code make} makes it again. */
    public void discard(String sha256) {
        try {
            Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            // A thumbnail that cannot be removed stays: the report shows it until the data folder is cleaned.
        }
    }

    /**
     * Makes the thumbnail of content {@code sha256} from {@code image} (a JPEG, PNG, GIF, BMP or TIFF) unless it exists.
     *
     * @return whether the thumbnail now exists; a picture that cannot be decoded here makes none (the report shows a
     *     placeholder)
     */
    public boolean make(String sha256, byte[] image) {
        if (Files.exists(path(sha256))) {
            return true;
        }
        try (DecodeBudget.Claim claim = budget.claim()) {
            // Decoded at no less than the thumbnail's own size: the decoder's subsampling does most of the work for free
            // (15.3 ms per 768-pixel image when decoded at twice the size, measured by bench/tokens).
            return make(sha256, ImageConverter.decode(image, "image", longest -> longest / SIDE, claim));
        } catch (ImageDefect e) {
            // A picture Java cannot read (HEIC) has no thumbnail: the report shows a placeholder.
            return false;
        }
    }

    /** Makes the thumbnail of content {@code sha256} from its decoded picture unless it exists; returns whether it exists. */
    public boolean make(String sha256, BufferedImage picture) {
        Path target = path(sha256);
        if (Files.exists(target)) {
            return true;
        }
        try {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            net.coobird.thumbnailator.Thumbnails.of(Scaling.fit(picture, SIDE)).scale(1).imageType(BufferedImage.TYPE_INT_RGB)
                    .outputFormat("jpg").outputQuality(0.8f).toOutputStream(jpeg);
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), ".thumb-", ".tmp");
            try {
                Files.write(temporary, jpeg.toByteArray());
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return true;
        } catch (IOException | ImageDefect | RuntimeException e) {
            return false;
        }
    }
}
