package io.gemcap.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Turns a checked image into what is sent: the file's own bytes when the service takes them as they are,
 * otherwise the image decoded (subsampled while decoding when it is much larger than needed), turned
 * upright by its EXIF orientation, scaled to fit the detail level's longest side with a good filter, and
 * encoded as JPEG, or as PNG when it has transparency. GIF (first frame), BMP and TIFF, which the service
 * refuses, are always converted, and so are Adobe CMYK and YCCK JPEGs (to sRGB, through their ICC profile when they
 * carry one). HEIC and HEIF cannot be decoded in Java and are sent as they are. What is sent as it is goes without
 * its metadata ({@link MetadataStripper}) unless the user keeps it; an image whose ICC profile is too large to send
 * is decoded and re-encoded like one that needs scaling. Thread-safe.
 */
public final class ImageConverter {

    static {
        ImageIO.setUseCache(false);
    }

    private final float jpegQuality;
    private final long maxSendBytes;
    private final boolean keepMetadata;
    private final DecodeBudget budget;

    /** A converter that sends no image's metadata and decodes within half the heap (for tests and benchmarks). */
    public ImageConverter(float jpegQuality, long maxSendBytes) {
        this(jpegQuality, maxSendBytes, false, DecodeBudget.ofHeap(0.5));
    }

    /**
     * @param jpegQuality 0 to 1, for images gemcap encodes
     * @param maxSendBytes the largest image one inline request carries
     * @param keepMetadata send the files' own bytes, metadata and all, where they are sent as they are
     * @param budget the memory decoded pictures may take, shared with every other decoding of the process
     */
    public ImageConverter(float jpegQuality, long maxSendBytes, boolean keepMetadata, DecodeBudget budget) {
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("the JPEG quality must be above 0 and at most 1, was " + jpegQuality);
        }
        this.jpegQuality = jpegQuality;
        this.maxSendBytes = maxSendBytes;
        this.keepMetadata = keepMetadata;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * @param longestSide the longest side the sent image may have, or empty to send the image at its own size
     * @throws ImageDefect when the image must be decoded and cannot be, or what would be sent is over the inline limit
     */
    public SendableImage convert(PreparedImage image, OptionalInt longestSide) throws ImageDefect {
        return convert(image, longestSide, picture -> { });
    }

    /**
     * As {@link #convert(PreparedImage, OptionalInt)}, handing {@code decoded} the upright, scaled picture when the image
     * had to be decoded (so a thumbnail can be made from it without decoding the image again).
     *
     * @throws DecodeBudget.Exceeded when its decoded picture would not fit in the decoding budget
     */
    public SendableImage convert(PreparedImage image, OptionalInt longestSide, Consumer<BufferedImage> decoded)
            throws ImageDefect {
        // Held until the picture and its copies are done with, not only while decoding.
        try (DecodeBudget.Claim claim = budget.claim()) {
            return convert(image, longestSide, decoded, claim);
        }
    }

    private SendableImage convert(PreparedImage image, OptionalInt longestSide, Consumer<BufferedImage> decoded,
            DecodeBudget.Claim claim) throws ImageDefect {
        ImageType type = image.type();
        if (!type.decodable()) {
            String note = longestSide.isPresent() ? type.name() + " cannot be decoded here: sent at its own size" : null;
            return fitting(new SendableImage(asItIs(image).bytes(), type.mime(), image.dimensions(), note));
        }
        Orientation orientation = longestSide.isPresent() ? Orientation.of(type, image.bytes()) : Orientation.UPRIGHT;
        Dimensions upright = orientation.apply(image.dimensions());
        boolean tooLarge = longestSide.isPresent() && longest(upright) > longestSide.getAsInt();
        // How a service decodes Adobe CMYK or YCCK is its own guess: gemcap sends the sRGB picture viewers show.
        boolean cmyk = longestSide.isPresent() && PixelLayout.of(type, image.bytes()) == PixelLayout.CMYK;
        if (type.acceptedByGemini() && !tooLarge && orientation.upright() && !cmyk) {
            MetadataStripper.Stripped sent = asItIs(image);
            if (!sent.profileTooLarge()) {
                return fitting(new SendableImage(sent.bytes(), type.mime(), image.dimensions(), null));
            }
            // Re-encoding drops the orientation tag, which is not read for an image sent at its own size: the pixels turn.
            orientation = Orientation.of(type, image.bytes());
        }
        int target = tooLarge ? longestSide.getAsInt() : longest(upright);
        BufferedImage picture;
        int subsampling = subsampling(longest(upright), target);
        try {
            byte[] pixels = type == ImageType.JPEG ? JpegMetadata.decodable(image.bytes()) : image.bytes();
            picture = decode(pixels, type.name(), longest -> subsampling, claim);
        } catch (DecodeBudget.Exceeded overBudget) {
            throw overBudget;
        } catch (ImageDefect undecodable) {
            if (!type.acceptedByGemini()) {
                throw undecodable;
            }
            if (tooLarge && type != ImageType.JPEG) {
                // Java reads every valid PNG and WebP, so this one is damaged: sent whole it would cost several times the
                // level's tokens, to be refused. A JPEG may be a kind the JDK lacks (12-bit, arithmetic coding).
                throw new ImageDefect(undecodable.getMessage() + ": it cannot be scaled to the detail level (--detail original sends"
                        + " files as they are)");
            }
            // The service may read what Java's decoders cannot (arithmetic coding, say): it gets the file as it is.
            return fitting(new SendableImage(asItIs(image).bytes(), type.mime(), image.dimensions(),
                    undecodable.getMessage() + " here: sent at its own size"));
        }
        BufferedImage scaled = Scaling.fit(picture, target);
        BufferedImage turned = orientation.apply(scaled);
        decoded.accept(turned);
        return fitting(encode(turned, !tooLarge && !longestSide.isPresent()));
    }

    /**
     * The size {@link #convert} would send, from the headers alone (no pixels decoded): for estimates.
     */
    public Dimensions plannedSize(PreparedImage image, OptionalInt longestSide) {
        if (!image.type().decodable() || longestSide.isEmpty()) {
            return image.dimensions();
        }
        return plannedSize(Orientation.of(image.type(), image.bytes()).apply(image.dimensions()), image.type(), longestSide);
    }

    /** The size an image of this upright size and type would be sent at. */
    public Dimensions plannedSize(Dimensions upright, ImageType type, OptionalInt longestSide) {
        if (!type.decodable() || longestSide.isEmpty()) {
            return upright;
        }
        int longest = longest(upright);
        int target = longestSide.getAsInt();
        if (longest <= target) {
            return upright;
        }
        double scale = (double) target / longest;
        return new Dimensions(Math.max(1, (int) Math.round(upright.width() * scale)), Math.max(1, (int) Math.round(upright.height() * scale)));
    }

    /** The file's bytes as they would be sent as they are: without their metadata unless it is kept. */
    private MetadataStripper.Stripped asItIs(PreparedImage image) throws ImageDefect {
        return keepMetadata ? new MetadataStripper.Stripped(image.bytes(), false) : MetadataStripper.strip(image.type(), image.bytes());
    }

    /** The largest source subsampling that still leaves at least twice the target, so the filter has pixels to work with. */
    static int subsampling(int longest, int target) {
        return Math.max(1, longest / (2 * target));
    }

    private SendableImage fitting(SendableImage sendable) throws ImageDefect {
        if (sendable.bytes().length > maxSendBytes) {
            throw new ImageDefect(String.format(Locale.ROOT, "%s of %.1f MB to send: one inline request takes at most %.1f MB of image"
                    + " (choose a lower --detail; uploads through the Files API are not supported yet)",
                    sendable.mime(), sendable.bytes().length / 1048576.0, maxSendBytes / 1048576.0));
        }
        return sendable;
    }

    /**
     * Decodes an image, reading only every {@code subsampling(longest side)}-th pixel of each row and column, into a
     * direct 8-bit sRGB layout ({@link SrgbPixels}): a palette, grey with alpha, 16 bits or CMYK never reach the scaling.
     *
     * @param name the image's type, for the message of a defect
     * @param claim takes the picture's memory from the decoding budget before it is allocated
     */
    static BufferedImage decode(byte[] bytes, String name, IntUnaryOperator subsampling, DecodeBudget.Claim claim)
            throws ImageDefect {
        try {
            return ImageReaders.read(bytes, reader -> {
                ImageReadParam param = reader.getDefaultReadParam();
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int every = Math.max(1, subsampling.applyAsInt(Math.max(width, height)));
                param.setSourceSubsampling(every, every, 0, 0);
                claim.take(DecodeBudget.decodedBytes(width, height, every, reader.getImageTypes(0).next()),
                        width + "x" + height + " " + name);
                return SrgbPixels.of(reader.read(0, param));
            }).orElseThrow(() -> new ImageDefect("cannot decode " + name + ": no decoder for it"));
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageDefect("cannot decode " + name + ": " + why);
        }
    }

    /** PNG when the image shows transparency (or when it was converted at its own size, which should lose nothing), else JPEG. */
    private SendableImage encode(BufferedImage image, boolean lossless) throws ImageDefect {
        Dimensions size = new Dimensions(image.getWidth(), image.getHeight());
        try {
            if (lossless || transparent(image)) {
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                return new SendableImage(png.toByteArray(), ImageType.PNG.mime(), size, null);
            }
            return new SendableImage(jpeg(opaque(image)), ImageType.JPEG.mime(), size, null);
        } catch (IOException e) {
            throw new ImageDefect("cannot encode the image: " + e.getMessage());
        }
    }

    private byte[] jpeg(BufferedImage rgb) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpegQuality);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static boolean transparent(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >>> 24) != 0xff) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The JPEG encoder takes 8-bit RGB or grey only: anything else (alpha, palette, 16-bit, CMYK-like) is drawn onto RGB. */
    private static BufferedImage opaque(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_BYTE_GRAY) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static int longest(Dimensions size) {
        return Math.max(size.width(), size.height());
    }
}
