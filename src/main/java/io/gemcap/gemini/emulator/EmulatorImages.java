package io.gemcap.gemini.emulator;

import io.gemcap.image.Dimensions;
import io.gemcap.image.ImageDefect;
import io.gemcap.image.ImageSniffer;
import io.gemcap.image.ImageStructure;
import io.gemcap.image.ImageReaders;
import io.gemcap.image.ImageType;
import io.gemcap.image.SrgbPixels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * How the emulator looks at an image: it decodes PNG, JPEG and WebP fully with ImageIO, as the
 * service does, independently of gemcap's own header checks, and takes their average colour as a viewer sees it; HEIC/HEIF, which Java cannot decode,
 * only get a box check.
 */
final class EmulatorImages {

    static {
        ImageIO.setUseCache(false);
    }

    private EmulatorImages() {
    }

    /** What the emulator saw in an image, or why it could not process it. */
    record Seen(ImageType type, Dimensions size, String colour, String problem) {
    }

    static Seen look(byte[] bytes, String declaredMime) {
        Optional<ImageType> sniffed = ImageSniffer.sniff(bytes);
        if (sniffed.isEmpty() || !sniffed.get().acceptedByGemini()) {
            return problem("Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
        }
        ImageType type = sniffed.get();
        if (!type.mime().equals(declaredMime.toLowerCase(Locale.ROOT))) {
            return problem("Unable to process input image: declared MIME type " + declaredMime + " does not match its content (" + type.mime() + ")");
        }
        if (type == ImageType.HEIC || type == ImageType.HEIF) {
            try {
                return new Seen(type, ImageStructure.check(type, bytes), null, null);
            } catch (ImageDefect defect) {
                return problem("Unable to process input image: " + defect.getMessage());
            }
        }
        try {
            BufferedImage image = pixels(bytes);
            if (image == null) {
                return problem("Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
            }
            if (type == ImageType.JPEG && !endsWithEoi(bytes)) {
                return problem("Unable to process input image: the JPEG data is incomplete");
            }
            return new Seen(type, new Dimensions(image.getWidth(), image.getHeight()), averageColour(image), null);
        } catch (IOException | ImageDefect | RuntimeException e) {
            return problem("Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
        }
    }

    /**
     * The picture as a viewer sees it (palette, grey with alpha and 16 bits read for what they mean), its metadata
     * never read: a text chunk that inflates to gigabytes costs the service nothing either.
     */
    private static BufferedImage pixels(byte[] bytes) throws IOException, ImageDefect {
        return ImageReaders.read(bytes, reader -> SrgbPixels.of(reader.read(0))).orElse(null);
    }

    /** An image taken at its declared type, its size read from its header only; for benchmarks. */
    static Seen unchecked(byte[] bytes) {
        Optional<ImageType> sniffed = ImageSniffer.sniff(bytes);
        if (sniffed.isEmpty() || !sniffed.get().acceptedByGemini()) {
            return problem("Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
        }
        try {
            return new Seen(sniffed.get(), ImageStructure.check(sniffed.get(), bytes), null, null);
        } catch (ImageDefect defect) {
            return problem("Unable to process input image: " + defect.getMessage());
        }
    }

    /**
     * Image tokens as the service counts them: a Gemini 3 model by the request's media resolution (LOW 280, MEDIUM
     * 560, HIGH or unset 1120), whatever the size; Gemini 2.x by its rule, 258 for an image within 384x384, else 258
     * per 768x768 tile. (The emulator tells the generations apart by name, as its own knowledge of the service.)
     */
    static int imageTokens(Dimensions size, String model, String mediaResolution) {
        if (model.startsWith("gemini-3")) {
            return switch (mediaResolution) {
                case "MEDIA_RESOLUTION_LOW" -> 280;
                case "MEDIA_RESOLUTION_MEDIUM" -> 560;
                default -> 1120;
            };
        }
        if (size.width() <= 384 && size.height() <= 384) {
            return 258;
        }
        int tiles = (int) (Math.ceil(size.width() / 768.0) * Math.ceil(size.height() / 768.0));
        return 258 * tiles;
    }

    private static boolean endsWithEoi(byte[] bytes) {
        for (int i = bytes.length - 2; i >= Math.max(0, bytes.length - 4096); i--) {
            if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }

    private static Seen problem(String message) {
        return new Seen(null, null, null, message);
    }

    private static String averageColour(BufferedImage image) {
        long r = 0;
        long g = 0;
        long b = 0;
        int stepX = Math.max(1, image.getWidth() / 32);
        int stepY = Math.max(1, image.getHeight() / 32);
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += stepY) {
            for (int x = 0; x < image.getWidth(); x += stepX) {
                int rgb = image.getRGB(x, y);
                r += (rgb >> 16) & 0xff;
                g += (rgb >> 8) & 0xff;
                b += rgb & 0xff;
                n++;
            }
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", r / n, g / n, b / n);
    }
}
