package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PixelLayoutTests {

    @Test
    void palettesAreToldFromTheirHeaders() throws IOException {
        assertThat(PixelLayout.of(ImageType.GIF, written(BufferedImage.TYPE_BYTE_INDEXED, "gif"))).isEqualTo(PixelLayout.PALETTE);
        assertThat(PixelLayout.of(ImageType.PNG, written(BufferedImage.TYPE_BYTE_INDEXED, "png"))).isEqualTo(PixelLayout.PALETTE);
        assertThat(PixelLayout.of(ImageType.BMP, written(BufferedImage.TYPE_BYTE_INDEXED, "bmp"))).isEqualTo(PixelLayout.PALETTE);
    }

    @Test
    void rgbAndGreyAreDirect() throws IOException {
        assertThat(PixelLayout.of(ImageType.PNG, written(BufferedImage.TYPE_INT_ARGB, "png"))).isEqualTo(PixelLayout.DIRECT);
        assertThat(PixelLayout.of(ImageType.PNG, written(BufferedImage.TYPE_BYTE_GRAY, "png"))).isEqualTo(PixelLayout.DIRECT);
        assertThat(PixelLayout.of(ImageType.BMP, written(BufferedImage.TYPE_INT_RGB, "bmp"))).isEqualTo(PixelLayout.DIRECT);
        assertThat(PixelLayout.of(ImageType.JPEG, TestImages.jpeg(64, 48, 1))).isEqualTo(PixelLayout.DIRECT);
    }

    @Test
    void aFourComponentJpegIsCmyk() {
        // given a JPEG whose frame header (after an APP14 Adobe segment) declares four components
        byte[] jpeg = {
            (byte) 0xff, (byte) 0xd8,
            (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2,
            (byte) 0xff, (byte) 0xc0, 0, 20, 8, 0, 16, 0, 16, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0,
            (byte) 0xff, (byte) 0xd9};

        assertThat(PixelLayout.of(ImageType.JPEG, jpeg)).isEqualTo(PixelLayout.CMYK);
    }

    @Test
    void aTruncatedHeaderIsDirect() {
        assertThat(PixelLayout.of(ImageType.PNG, new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEqualTo(PixelLayout.DIRECT);
    }

    private static byte[] written(int type, String format) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
