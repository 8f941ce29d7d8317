package io.gemcap.image;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded picture in one of the direct 8-bit sRGB layouts the scaling, turning and encoding steps handle correctly
 * (3-byte BGR, packed RGB, packed ARGB), with each colour model's samples read for what the file means by them.
 * Java2D gets three models wrong on the way: a palette (GIF, PNG, BMP) scaled by Thumbnailator comes out black; grey
 * with alpha (or a grey tRNS) sits in Java's linear grey colour space, so drawing it into sRGB lightens it, whereas a
 * PNG's grey samples are gamma-encoded like sRGB ones; 16-bit samples are only reduced. So those are read sample by
 * sample here, and only a picture in another colour space (an embedded ICC profile) goes through Java's colour
 * management. Stateless.
 */
public final class SrgbPixels {

    private SrgbPixels() {
    }

    /** The picture itself when it already has a direct sRGB layout, else a packed (A)RGB copy of it. */
    public static BufferedImage of(BufferedImage decoded) {
        int type = decoded.getType();
        if (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            return decoded;
        }
        ColorModel model = decoded.getColorModel();
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        BufferedImage out = new BufferedImage(width, height, model.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Raster raster = decoded.getRaster();
        if (model instanceof IndexColorModel palette) {
            int[] colours = new int[palette.getMapSize()];
            palette.getRGBs(colours);
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    int index = row[x];
                    pixels[y * width + x] = index < colours.length ? colours[index] : 0xff000000;
                }
            }
            return out;
        }
        ColorSpace space = model.getColorSpace();
        boolean grey = space.getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1;
        boolean rgb = space.isCS_sRGB() && model.getNumColorComponents() == 3;
        if (model instanceof ComponentColorModel && !model.isAlphaPremultiplied() && (grey || rgb)) {
            copySamples(raster, model, grey, pixels);
            return out;
        }
        // Another colour space (an ICC profile the decoder kept): Java's colour management converts it to sRGB.
        return drawnOnto(out, decoded);
    }

    /** {@code target} with {@code source} drawn onto it, as large as it is. */
    static BufferedImage drawnOnto(BufferedImage target, java.awt.Image source) {
        Graphics2D g = target.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** Grey or sRGB samples of any depth, scaled to 8 bits as they are (no colour conversion), alpha last when present. */
    private static void copySamples(Raster raster, ColorModel model, boolean grey, int[] pixels) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int colours = grey ? 1 : 3;
        int bands = raster.getNumBands();
        int[] max = new int[bands];
        for (int band = 0; band < bands; band++) {
            max[band] = (1 << model.getComponentSize(band)) - 1;
        }
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int at = x * bands;
                int r = eight(row[at], max[0]);
                int g = grey ? r : eight(row[at + 1], max[1]);
                int b = grey ? r : eight(row[at + 2], max[2]);
                int a = bands > colours ? eight(row[at + colours], max[colours]) : 0xff;
                pixels[y * width + x] = a << 24 | r << 16 | g << 8 | b;
            }
        }
    }

    private static int eight(int sample, int max) {
        return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
    }
}
