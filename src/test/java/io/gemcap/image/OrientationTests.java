package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.HostileImages;
import io.gemcap.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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

    /** A big-endian TIFF structure whose IFD0 holds only an orientation tag: what EXIF blocks carry. */
    static byte[] exif(int orientation) {
        return new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
    }

    @Test
    void theTagIsReadFromWhereEachFormatKeepsIt() {
        byte[] png = TestImages.png(8, 4, 1);
        int afterHeader = 8 + 8 + 13 + 4;
        byte[] pngWithExif = concat(Arrays.copyOf(png, afterHeader), HostileImages.chunk("eXIf", exif(6)),
                Arrays.copyOfRange(png, afterHeader, png.length));
        assertThat(Orientation.of(ImageType.PNG, pngWithExif).tag()).isEqualTo(6);
        assertThat(Orientation.of(ImageType.JPEG, TestImages.jpegWithOrientation(8, 4, 8, 1)).tag()).isEqualTo(8);
        assertThat(Orientation.of(ImageType.WEBP, webpWithExif(TestImages.webp(), concat("Exif\0\0".getBytes(), exif(3)))).tag())
                .isEqualTo(3);
        assertThat(Orientation.of(ImageType.WEBP, webpWithExif(TestImages.webp(), exif(5))).tag()).isEqualTo(5);
        assertThat(Orientation.of(ImageType.TIFF, tiff(7)).tag()).isEqualTo(7);
        assertThat(Orientation.of(ImageType.PNG, png).upright()).isTrue();
        assertThat(Orientation.of(ImageType.GIF, TestImages.encoded("gif", 4, 4)).upright()).isTrue();
    }

    @Test
    void aCompressedTextChunkOfGigabytesIsNeverInflated() {
        // 3 GB of zeros behind 3 MB: a reader that inflated it would throw OutOfMemoryError ("Required array length").
        byte[] bomb = HostileImages.pngWithTextBomb(64, "zTXt", 3L << 30);
        int afterHeader = 8 + 8 + 13 + 4;
        byte[] withExif = concat(Arrays.copyOf(bomb, afterHeader), HostileImages.chunk("eXIf", exif(6)),
                Arrays.copyOfRange(bomb, afterHeader, bomb.length));
        assertThat(Orientation.of(ImageType.PNG, withExif).tag()).isEqualTo(6);
        assertThat(Orientation.of(ImageType.PNG, HostileImages.pngWithTextBomb(64, "iTXt", 3L << 30)).upright()).isTrue();
    }

    @Test
    void aDamagedExifBlockLeavesThePhotoUpright() {
        byte[] png = TestImages.png(8, 4, 1);
        int afterHeader = 8 + 8 + 13 + 4;
        byte[] damaged = concat(Arrays.copyOf(png, afterHeader), HostileImages.chunk("eXIf", Arrays.copyOf(exif(6), 12)),
                Arrays.copyOfRange(png, afterHeader, png.length));
        assertThat(Orientation.of(ImageType.PNG, damaged).upright()).isTrue();
    }

    /** The WebP with an {@code EXIF} chunk appended to its RIFF container. */
    private static byte[] webpWithExif(byte[] webp, byte[] exif) {
        byte[] chunk = ByteBuffer.allocate(8 + exif.length + (exif.length & 1)).order(ByteOrder.LITTLE_ENDIAN)
                .put("EXIF".getBytes()).putInt(exif.length).put(exif).array();
        byte[] out = concat(webp, chunk);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(4, out.length - 8);
        return out;
    }

    /** A 2x1 uncompressed RGB TIFF with an orientation tag in its IFD0. */
    private static byte[] tiff(int orientation) {
        int entries = 10;
        int pixels = 8 + 2 + entries * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(pixels + 6).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries);
        int[][] fields = {{256, 3, 2}, {257, 3, 1}, {258, 3, 8}, {259, 3, 1}, {262, 3, 2}, {273, 4, pixels}, {274, 3, orientation},
            {277, 3, 3}, {278, 3, 1}, {279, 4, 6}};
        for (int[] field : fields) {
            tiff.putShort((short) field[0]).putShort((short) field[1]).putInt(1);
            if (field[1] == 3) {
                tiff.putShort((short) field[2]).putShort((short) 0);
            } else {
                tiff.putInt(field[2]);
            }
        }
        tiff.putInt(0).put(new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255});
        return tiff.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
