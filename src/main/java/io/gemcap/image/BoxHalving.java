package io.gemcap.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/** Halves an opaque image by averaging each 2x2 block: an exact half, with no aliasing. */
final class BoxHalving {

    private BoxHalving() {
    }

    /** Opaque 8-bit colour in the two layouts decoders give: 3-byte BGR (JPEG) and packed RGB. */
    static boolean supports(BufferedImage image) {
        int type = image.getType();
        if ((type != BufferedImage.TYPE_3BYTE_BGR && type != BufferedImage.TYPE_INT_RGB) || image.getWidth() < 2 || image.getHeight() < 2) {
            return false;
        }
        // Only a whole raster laid out row after row from its first element, as decoders make them.
        WritableRaster raster = image.getRaster();
        int stride = raster.getSampleModel() instanceof ComponentSampleModel c ? c.getScanlineStride()
                : raster.getSampleModel() instanceof SinglePixelPackedSampleModel p ? p.getScanlineStride() : -1;
        int expected = type == BufferedImage.TYPE_3BYTE_BGR ? image.getWidth() * 3 : image.getWidth();
        return raster.getParent() == null && raster.getDataBuffer().getOffset() == 0 && raster.getDataBuffer().getNumBanks() == 1
                && stride == expected && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    }

    /** The image at half its width and height (an odd last column or row is dropped), as packed RGB. */
    static BufferedImage halve(BufferedImage source) {
        int width = source.getWidth() / 2;
        int height = source.getHeight() / 2;
        BufferedImage half = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) half.getRaster().getDataBuffer()).getData();
        if (source.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] in = ((DataBufferByte) source.getRaster().getDataBuffer()).getData();
            int stride = source.getWidth() * 3;
            for (int y = 0; y < height; y++) {
                int top = 2 * y * stride;
                int bottom = top + stride;
                for (int x = 0; x < width; x++) {
                    int a = top + 6 * x;
                    int c = bottom + 6 * x;
                    int b = (in[a] & 0xff) + (in[a + 3] & 0xff) + (in[c] & 0xff) + (in[c + 3] & 0xff);
                    int g = (in[a + 1] & 0xff) + (in[a + 4] & 0xff) + (in[c + 1] & 0xff) + (in[c + 4] & 0xff);
                    int r = (in[a + 2] & 0xff) + (in[a + 5] & 0xff) + (in[c + 2] & 0xff) + (in[c + 5] & 0xff);
                    out[y * width + x] = ((r + 2) >> 2) << 16 | ((g + 2) >> 2) << 8 | ((b + 2) >> 2);
                }
            }
        } else {
            int[] in = ((DataBufferInt) source.getRaster().getDataBuffer()).getData();
            int stride = source.getWidth();
            for (int y = 0; y < height; y++) {
                int top = 2 * y * stride;
                int bottom = top + stride;
                for (int x = 0; x < width; x++) {
                    int p = in[top + 2 * x];
                    int q = in[top + 2 * x + 1];
                    int s = in[bottom + 2 * x];
                    int t = in[bottom + 2 * x + 1];
                    int r = ((p >> 16) & 0xff) + ((q >> 16) & 0xff) + ((s >> 16) & 0xff) + ((t >> 16) & 0xff);
                    int g = ((p >> 8) & 0xff) + ((q >> 8) & 0xff) + ((s >> 8) & 0xff) + ((t >> 8) & 0xff);
                    int b = (p & 0xff) + (q & 0xff) + (s & 0xff) + (t & 0xff);
                    out[y * width + x] = ((r + 2) >> 2) << 16 | ((g + 2) >> 2) << 8 | ((b + 2) >> 2);
                }
            }
        }
        return half;
    }
}
