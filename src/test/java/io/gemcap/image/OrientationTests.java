package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class OrientationTests {

    /** Where the stored pixel (x, y) of a w x h image lands once upright, per the EXIF definition of each tag. */
    private static int[] upright(int tag, int x, int y, int w, int h) {
        return switch (tag) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {h - 1 - y, x};
            case 7 -> new int[] {h - 1 - y, w - 1 - x};
            case 8 -> new int[] {y, w - 1 - x};
            default -> throw new IllegalArgumentException();
        };
    }

    @Test
    void everyTagTurnsThePixelsAsExifDefinesIt() {
        int w = 3;
        int h = 2;
        BufferedImage stored = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                stored.setRGB(x, y, 0x100000 * (y * w + x + 1));
            }
        }
        for (int tag = 1; tag <= 8; tag++) {
            Orientation orientation = new Orientation(tag);
            BufferedImage turned = orientation.apply(stored);
            assertThat(new Dimensions(turned.getWidth(), turned.getHeight())).isEqualTo(orientation.apply(new Dimensions(w, h)));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] at = upright(tag, x, y, w, h);
                    assertThat(turned.getRGB(at[0], at[1]) & 0xffffff).as("tag %d, pixel %d,%d", tag, x, y)
                            .isEqualTo(stored.getRGB(x, y) & 0xffffff);
                }
            }
        }
    }
}
