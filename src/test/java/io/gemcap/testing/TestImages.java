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

    /** An image in any format ImageIO writes (gif, bmp, tiff, png, jpeg). */
    public static byte[] encoded(String format, int width, int height) {
        return encode(format, width, height, width * 31L + height);
    }

    /** A PNG whose left half is fully transparent. */
    public static byte[] pngWithTransparency(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? 0x00000000 : 0xff3366cc);
            }
        }
        return write(image, "png");
    }

    /**
     * A JPEG as a phone stores a portrait photo: landscape pixels ({@code width} > {@code height}) with an EXIF
     * orientation tag (6: turn a quarter clockwise to view).
     */
    public static byte[] jpegWithOrientation(int width, int height, int orientation, long seed) {
        return withOrientation(jpeg(width, height, seed), orientation);
    }

    /** The JPEG with an EXIF segment holding only an orientation tag, put after its start-of-image marker. */
    public static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at offset 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0}; // no next IFD
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        int length = exif.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xff);
        out.write(0xe1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The JPEG with an application segment of about {@code bytes} bytes (APP2 chunks, as a large ICC profile is stored) after its start. */
    public static byte[] withSegment(byte[] jpeg, int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (int left = bytes; left > 0; left -= 65_000) {
            int chunk = Math.min(left, 65_000);
            out.write(0xff);
            out.write(0xe2);
            out.write((chunk + 2) >> 8);
            out.write((chunk + 2) & 0xff);
            out.write(new byte[chunk], 0, chunk);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
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
        return write(image, format);
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("ImageIO writes no " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
