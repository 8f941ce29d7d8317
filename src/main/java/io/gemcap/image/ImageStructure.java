package io.gemcap.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Checks a file's structure for its sniffed type and returns the size its header declares. */
public final class ImageStructure {

    private ImageStructure() {
    }

    public static Dimensions check(ImageType type, byte[] bytes) throws ImageDefect {
        return switch (type) {
            case PNG -> PngStructure.check(bytes);
            case JPEG -> JpegStructure.check(bytes);
            case WEBP -> WebpStructure.check(bytes);
            case HEIC -> HeifStructure.check(bytes, "HEIC");
            case HEIF -> HeifStructure.check(bytes, "HEIF");
            case GIF, BMP, TIFF -> headerSize(type, bytes);
        };
    }

    /** Formats gemcap converts before sending: the decoder reads the first image's size from the header, without pixels. */
    private static Dimensions headerSize(ImageType type, byte[] bytes) throws ImageDefect {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDefect("malformed " + type.name() + ": no decoder recognises it");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new ImageDefect("malformed " + type.name() + ": it declares " + width + "x" + height + " pixels");
                }
                return new Dimensions(width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageDefect("malformed " + type.name() + ": " + (e.getMessage() == null ? "its header cannot be read" : e.getMessage()));
        }
    }
}
