package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ScalingTests {

    @Test
    void aPictureIsScaledToFitKeepingItsAspectAndColour() throws ImageDefect {
        BufferedImage fitted = Scaling.fit(filled(4000, 3000, BufferedImage.TYPE_3BYTE_BGR), 768);

        assertThat(fitted.getWidth()).isEqualTo(768);
        assertThat(fitted.getHeight()).isEqualTo(576);
        assertThat(fitted.getRGB(400, 300) & 0xffffff).isEqualTo(0xc86432);
    }

    @Test
    void aPictureOnePixelThinKeepsItsColour() throws ImageDefect {
        // given strips one pixel thin, as a thin banner leaves after subsampling (Thumbnailator made these black)
        for (BufferedImage strip : new BufferedImage[] {filled(1600, 1, BufferedImage.TYPE_INT_RGB),
                filled(1, 1600, BufferedImage.TYPE_3BYTE_BGR), filled(1539, 1, BufferedImage.TYPE_INT_ARGB)}) {
            // when
            BufferedImage fitted = Scaling.fit(strip, 768);

            // then
            assertThat(Math.max(fitted.getWidth(), fitted.getHeight())).isEqualTo(768);
            assertThat(Math.min(fitted.getWidth(), fitted.getHeight())).isEqualTo(1);
            assertThat(fitted.getRGB(0, 0) & 0xffffff).isEqualTo(0xc86432);
            assertThat(fitted.getRGB(fitted.getWidth() - 1, fitted.getHeight() - 1) & 0xffffff).isEqualTo(0xc86432);
        }
    }

    @Test
    void aPictureThatFitsIsNotCopied() throws ImageDefect {
        BufferedImage small = filled(300, 200, BufferedImage.TYPE_INT_RGB);

        assertThat(Scaling.fit(small, 768)).isSameAs(small);
    }

    private static BufferedImage filled(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xffc86432);
            }
        }
        return image;
    }
}
