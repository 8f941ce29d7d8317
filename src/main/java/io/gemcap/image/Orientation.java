package io.gemcap.image;

import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a photo (1 to 8: how the stored pixels must be turned to stand upright). A
 * phone stores a portrait photo as landscape pixels with orientation 6; a decoded and re-encoded
 * image loses the tag, so gemcap turns the pixels itself.
 */
public record Orientation(int tag) {

    public static final Orientation UPRIGHT = new Orientation(1);

    public Orientation {
        if (tag < 1 || tag > 8) {
            tag = 1;
        }
    }

    /**
     * Reads the tag from the image's EXIF block alone ({@link ExifBlock}); an image without one, or whose EXIF cannot be
     * read, is upright (a damaged EXIF block must not cost the caption).
     */
    public static Orientation of(ImageType type, byte[] bytes) {
        try {
            ExifIFD0Directory exif = ExifBlock.read(type, bytes).getFirstDirectoryOfType(ExifIFD0Directory.class);
            Integer value = exif == null ? null : exif.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            return value == null ? UPRIGHT : new Orientation(value);
        } catch (Exception | StackOverflowError unreadable) {
            return UPRIGHT;
        }
    }

    public boolean upright() {
        return tag == 1;
    }

    /** Whether the photo stands upright only after a quarter turn, so its width and height swap. */
    public boolean swapsSides() {
        return tag >= 5;
    }

    /** The size the photo has once upright. */
    public Dimensions apply(Dimensions stored) {
        return swapsSides() ? new Dimensions(stored.height(), stored.width()) : stored;
    }

    /** The pixels turned upright (a new image; {@code image} itself when already upright). */
    public BufferedImage apply(BufferedImage image) {
        if (upright()) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform t = new AffineTransform();
        switch (tag) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(-Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(-Math.PI / 2); }
            default -> throw new IllegalStateException("orientation " + tag);
        }
        BufferedImage turned = new BufferedImage(swapsSides() ? h : w, swapsSides() ? w : h,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = turned.createGraphics();
        try {
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return turned;
    }
}
