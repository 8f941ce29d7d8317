package io.gemcap.image;

/**
 * The image formats gemcap recognises from their magic bytes, and whether Gemini accepts them inline (the
 * others are converted before they are sent).
 */
public enum ImageType {
    PNG("image/png", true),
    JPEG("image/jpeg", true),
    WEBP("image/webp", true),
    HEIC("image/heic", true),
    HEIF("image/heif", true),
    GIF("image/gif", false),
    BMP("image/bmp", false),
    TIFF("image/tiff", false);

    private final String mime;
    private final boolean acceptedByGemini;

    ImageType(String mime, boolean acceptedByGemini) {
        this.mime = mime;
        this.acceptedByGemini = acceptedByGemini;
    }

    public String mime() {
        return mime;
    }

    public boolean acceptedByGemini() {
        return acceptedByGemini;
    }

    /** Whether Java can decode it here (HEIC and HEIF have no Java decoder: they can only be sent as they are). */
    public boolean decodable() {
        return this != HEIC && this != HEIF;
    }
}
