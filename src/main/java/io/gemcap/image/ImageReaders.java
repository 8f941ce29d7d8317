package io.gemcap.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * ImageIO's decoder for an image's bytes, opened the one way gemcap uses it: the first reader that recognises them,
 * its metadata never read (a PNG text chunk may inflate to gigabytes), disposed once used. Stateless.
 */
public final class ImageReaders {

    static {
        ImageIO.setUseCache(false);
    }

    /** What is done with the open reader. */
    @FunctionalInterface
    public interface Use<T> {
        T apply(ImageReader reader) throws IOException, ImageDefect;
    }

    private ImageReaders() {
    }

    /** What {@code use} made of the reader, or empty when no decoder recognises the bytes. */
    public static <T> Optional<T> read(byte[] bytes, Use<T> use) throws IOException, ImageDefect {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.ofNullable(use.apply(reader));
            } finally {
                reader.dispose();
            }
        }
    }
}
