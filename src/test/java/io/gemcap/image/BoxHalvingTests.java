package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BoxHalvingTests {

    @Test
    void eachPixelIsTheRoundedAverageOfItsTwoByTwoBlockInBothLayouts() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB}) {
            BufferedImage image = new BufferedImage(5, 2, type);
            int[][] block = {{0x000000, 0x102030}, {0x204060, 0xffffff}};
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 5; x++) {
                    image.setRGB(x, y, x < 2 ? block[y][x] : 0x808080);
                }
            }
            assertThat(BoxHalving.supports(image)).isTrue();
            BufferedImage half = BoxHalving.halve(image);
            assertThat(half.getWidth()).isEqualTo(2);
            assertThat(half.getHeight()).isEqualTo(1);
            // (0x00 + 0x10 + 0x20 + 0xff + 2) / 4 = 0x4c; (0x00 + 0x20 + 0x40 + 0xff + 2) / 4 = 0x58; (0 + 0x30 + 0x60 + 0xff + 2) / 4 = 0x64
            assertThat(half.getRGB(0, 0) & 0xffffff).isEqualTo(0x4c5864);
            assertThat(half.getRGB(1, 0) & 0xffffff).isEqualTo(0x808080);
        }
    }

    @Test
    void imagesWithTransparencyOrSharedRastersAreLeftToTheLibrary() {
        assertThat(BoxHalving.supports(new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB))).isFalse();
        BufferedImage whole = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        assertThat(BoxHalving.supports(whole.getSubimage(1, 1, 4, 4))).isFalse();
    }
}
