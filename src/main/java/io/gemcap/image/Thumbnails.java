package io.gemcap.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails.Builder;

/**
 * Small JPEGs (at most {@value #SIDE} px) of images, kept by content hash under the project's data folder, for the
 * HTML report: made from what was sent while an image is prepared (already decoded and small), else from a local
 * file when a report needs one; the same content never makes two. Thread-safe.
 */
public final class Thumbnails {

    public static final int SIDE = 256;

    private final Path folder;

    public Thumbnails(Path folder) {
        this.folder = folder;
    }

    /** Where the thumbnail of this content is (or would be). */
    public Path path(String sha256) {
        return folder.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
    }

    public boolean has(String sha256) {
        return Files.exists(path(sha256));
    }

    /**
     * Makes the thumbnail of content {@code sha256} from {@code image} (a JPEG, PNG, GIF, BMP or TIFF) unless it exists.
     *
     * @return whether the thumbnail now exists; a picture that cannot be decoded here makes none (the report shows a
     *     placeholder)
     */
    public boolean make(String sha256, byte[] image) {
        Path target = path(sha256);
        if (Files.exists(target)) {
            return true;
        }
        Optional<byte[]> jpeg = jpeg(image);
        if (jpeg.isEmpty()) {
            return false;
        }
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), ".thumb-", ".tmp");
            Files.write(temporary, jpeg.get());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<byte[]> jpeg(byte[] image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            BufferedImage decoded;
            try {
                reader.setInput(in, true, true);
                int longest = Math.max(reader.getWidth(0), reader.getHeight(0));
                ImageReadParam param = reader.getDefaultReadParam();
                // Decoded at no less than the thumbnail's own size: the decoder's subsampling does most of the work for free
                // (15.3 ms per 768-pixel image when decoded at twice the size, measured by bench/tokens).
                int subsampling = Math.max(1, longest / SIDE);
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                decoded = reader.read(0, param);
            } finally {
                reader.dispose();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Builder<BufferedImage> builder = net.coobird.thumbnailator.Thumbnails.of(decoded).size(SIDE, SIDE).keepAspectRatio(true)
                    .imageType(BufferedImage.TYPE_INT_RGB).outputFormat("jpg").outputQuality(0.8f);
            builder.toOutputStream(out);
            return Optional.of(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            // A picture Java cannot read (HEIC, WebP, CMYK) has no thumbnail: the report shows a placeholder.
            return Optional.empty();
        }
    }
}
