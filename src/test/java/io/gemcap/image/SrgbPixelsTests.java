package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class SrgbPixelsTests {

    @Test
    void aPaletteImageKeepsItsColours() {
        // given a two-colour palette image, red on the left and blue on the right
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {(byte) 187, 20}, new byte[] {28, 40}, new byte[] {44, (byte) 200});
        BufferedImage indexed = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 2; y++) {
            indexed.getRaster().setSample(2, y, 0, 1);
            indexed.getRaster().setSample(3, y, 0, 1);
        }

        // when
        BufferedImage rgb = SrgbPixels.of(indexed);

        // then
        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb.getRGB(0, 0) & 0xffffff).isEqualTo(187 << 16 | 28 << 8 | 44);
        assertThat(rgb.getRGB(3, 1) & 0xffffff).isEqualTo(20 << 16 | 40 << 8 | 200);
    }

    @Test
    void greyWithAlphaKeepsItsGreyLevel() {
        // given grey 141, opaque, in Java's (linear) grey colour space with an alpha channel, as the PNG reader gives it
        BufferedImage greyAlpha = greyImage(8, true, 141, 255);

        // when
        BufferedImage rgb = SrgbPixels.of(greyAlpha);

        // then the grey is read as the file means it (gamma-encoded), not lightened to 194
        assertThat(rgb.getRGB(1, 1)).isEqualTo(0xff000000 | 141 << 16 | 141 << 8 | 141);
    }

    @Test
    void sixteenBitGreyIsReducedToItsEightBitLevel() {
        BufferedImage grey16 = greyImage(16, false, 0x8d8d, 0);

        assertThat(SrgbPixels.of(grey16).getRGB(0, 0) & 0xffffff).isEqualTo(0x8d8d8d);
    }

    @Test
    void anImageAlreadyInADirectSrgbLayoutIsNotCopied() {
        BufferedImage bgr = new BufferedImage(3, 3, BufferedImage.TYPE_3BYTE_BGR);

        assertThat(SrgbPixels.of(bgr)).isSameAs(bgr);
    }

    private static BufferedImage greyImage(int bits, boolean alpha, int grey, int opacity) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, bits == 8 ? DataBuffer.TYPE_BYTE : DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                raster.setSample(x, y, 0, grey);
                if (alpha) {
                    raster.setSample(x, y, 1, opacity);
                }
            }
        }
        return new BufferedImage(model, raster, false, null);
    }
}
