package io.gemcap.image;

/**
 * The image formats gemcap recognises from their magic bytes, and whether Gemini accepts them inline.
 */
public enum ImageType {
    PNG("image/png", true),
    JPEG("image/jpeg", true),
    WEBP("image/webp", true),
    HEIC("image/heic", true),
    HEIF("image/heif", true),
    GIF("image/gif", false),
    BMP("image/bmp", false);

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
}
