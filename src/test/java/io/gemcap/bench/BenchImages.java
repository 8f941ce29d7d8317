package io.gemcap.bench;

import io.gemcap.testing.TestImages;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Small valid PNGs with distinct content, cheap to make by the hundred thousand. */
final class BenchImages {

    private static final byte[][] VARIANTS = new byte[256][];

    static {
        for (int i = 0; i < VARIANTS.length; i++) {
            VARIANTS[i] = TestImages.png(8, 8, i);
        }
    }

    private BenchImages() {
    }

    /** Image number {@code i}: a varying tail after IEND is outside the PNG, so it stays valid and its hash is its own. */
    static byte[] distinct(int i) {
        byte[] variant = VARIANTS[i % VARIANTS.length];
        byte[] image = Arrays.copyOf(variant, variant.length + 4);
        ByteBuffer.wrap(image, image.length - 4, 4).putInt(i);
        return image;
    }
}
