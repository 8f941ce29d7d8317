package io.gemcap.image;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What gemcap refuses before reading pixels ({@code gemcap.input.*}).
 *
 * @param maxRequestBytes the service's limit on one inline request (the image travels base64-encoded)
 * @param maxMegapixels images declaring more pixels than this are treated as decompression bombs
 */
@ConfigurationProperties("gemcap.input")
public record ImageLimits(long maxRequestBytes, long maxMegapixels) {

    public ImageLimits {
        if (maxRequestBytes <= REQUEST_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("gemcap.input.max-request-bytes is too small: " + maxRequestBytes);
        }
        if (maxMegapixels < 1) {
            throw new IllegalArgumentException("gemcap.input.max-megapixels must be at least 1, was " + maxMegapixels);
        }
    }

    /** Room kept in a request for the prompt and the JSON around the image. */
    static final long REQUEST_OVERHEAD_BYTES = 64 * 1024;

    public static final ImageLimits GEMINI_INLINE = new ImageLimits(20L * 1024 * 1024, 100);

    /** The largest file whose base64 form still fits in one request. */
    public long maxFileBytes() {
        return (maxRequestBytes - REQUEST_OVERHEAD_BYTES) / 4 * 3;
    }
}
