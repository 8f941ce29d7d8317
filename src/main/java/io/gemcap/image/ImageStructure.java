package io.gemcap.image;

import java.io.IOException;

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
        try {
            return ImageReaders.read(bytes, reader -> {
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new ImageDefect("malformed " + type.name() + ": it declares " + width + "x" + height + " pixels");
                }
                return new Dimensions(width, height);
            }).orElseThrow(() -> new ImageDefect("malformed " + type.name() + ": no decoder recognises it"));
        } catch (IOException e) {
            throw new ImageDefect("malformed " + type.name() + ": " + (e.getMessage() == null ? "its header cannot be read" : e.getMessage()));
        }
    }
}
