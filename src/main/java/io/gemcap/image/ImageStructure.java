package io.gemcap.image;

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
            case GIF, BMP -> throw new ImageDefect(type.name() + " is not accepted by Gemini (PNG, JPEG, WebP, HEIC or HEIF only)");
        };
    }
}
