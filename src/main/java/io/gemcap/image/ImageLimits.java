package io.gemcap.image;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What gemcap refuses before reading pixels ({@code gemcap.input.*}).
 *
 * @param maxRequestBytes the service's limit on one inline request (the image travels base64-encoded)
 * @param maxMegapixels images declaring more pixels than this are treated as decompression bombs
 * @param maxFileBytes the largest file gemcap reads at all (it is downscaled before it is sent)
 */
@ConfigurationProperties("gemcap.input")
public record ImageLimits(long maxRequestBytes, long maxMegapixels, long maxFileBytes) {

    public ImageLimits {
        if (maxRequestBytes <= REQUEST_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("gemcap.input.max-request-bytes is too small: " + maxRequestBytes);
        }
        if (maxMegapixels < 1) {
            throw new IllegalArgumentException("gemcap.input.max-megapixels must be at least 1, was " + maxMegapixels);
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("gemcap.input.max-file-bytes must be at least 1, was " + maxFileBytes);
        }
    }

    /** Room kept in a request for the prompt and the JSON around the image. */
    static final long REQUEST_OVERHEAD_BYTES = 64 * 1024;

    /** The published limits as of 2026-12: 100 MB per inline request, camera-size photos up to 150 megapixels, files up to 200 MB. */
    public static final ImageLimits GEMINI_INLINE = new ImageLimits(100L * 1024 * 1024, 150, 200L * 1024 * 1024);

    /** The largest image whose base64 form still fits in one request. */
    public long maxInlineImageBytes() {
        return (maxRequestBytes - REQUEST_OVERHEAD_BYTES) / 4 * 3;
    }
}
