package io.gemcap.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real image files for tests, each with its own content so that every one hashes differently. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] png(int width, int height, long seed) {
        return encode("png", width, height, seed);
    }

    public static byte[] jpeg(int width, int height, long seed) {
        return encode("jpeg", width, height, seed);
    }

    /** A small lossless WebP made by ImageMagick, from the sample input. */
    public static byte[] webp() {
        return read(Path.of("input/products/mug.webp"));
    }

    /** A small HEIC made by ImageMagick, from the sample input. */
    public static byte[] heic() {
        return read(Path.of("input/products/lamp.heic"));
    }

    public static byte[] truncated(byte[] image, int keep) {
        return Arrays.copyOf(image, keep);
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(String format, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        int base = random.nextInt(0xffffff);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, base ^ ((x * 7 + y * 13 + random.nextInt(4)) & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
