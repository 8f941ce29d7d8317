package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.source.ImageRef;
import io.gemcap.testing.TaggedPhotos;
import io.gemcap.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageConverterTests {

    private static final OptionalInt LOW = OptionalInt.of(768);
    private static final OptionalInt HIGH = OptionalInt.of(3072);
    private final ImageInspector inspector = new ImageInspector(ImageLimits.GEMINI_INLINE);
    private final ImageConverter converter = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes());

    private PreparedImage checked(String name, byte[] bytes) {
        return (PreparedImage) inspector.inspect(ImageRef.file(name, bytes.length), bytes);
    }

    private static BufferedImage decode(SendableImage sent) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(sent.bytes()));
    }

    @Test
    void aCameraPhotoIsScaledToTheLevelsLongestSideKeepingItsAspect() throws Exception {
        SendableImage sent = converter.convert(checked("photo.jpg", TestImages.jpeg(4000, 3000, 1)), LOW);
        assertThat(sent.mime()).isEqualTo("image/jpeg");
        assertThat(sent.sent()).isEqualTo(new Dimensions(768, 576));
        assertThat(decode(sent).getWidth()).isEqualTo(768);
        assertThat(sent.bytes().length).isLessThan(200_000);
    }

    @Test
    void aPictureOverTheDecodingBudgetIsRefusedBeforeDecodingAndNotSentAsItIs() throws Exception {
        ImageConverter tight = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes(), false,
                new DecodeBudget(64L << 20, "a test's"));
        // 1.1 MB on disk, 1.6 GB decoded at 3072 px (16-bit RGBA and its 8-bit copy); 35 MB at 768 px (subsampled by 7).
        PreparedImage huge = checked("huge.png", io.gemcap.testing.HostileImages.png16BitRgba(12000, 12000));
        assertThatThrownBy(() -> tight.convert(huge, OptionalInt.of(3072))).isInstanceOf(DecodeBudget.Exceeded.class)
                .hasMessageContaining("12000x12000 PNG").hasMessageContaining("1.6 GB");
        assertThat(tight.convert(huge, LOW).sent()).isEqualTo(new Dimensions(768, 768));
        // A JPEG the service could take as it is still is not sent at 20 times the detail level's size.
        PreparedImage photo = checked("photo.jpg", TestImages.jpeg(4000, 3000, 1));
        ImageConverter tiny = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes(), false,
                new DecodeBudget(1 << 20, "a test's"));
        assertThatThrownBy(() -> tiny.convert(photo, LOW)).isInstanceOf(DecodeBudget.Exceeded.class);
    }

    @Test
    void aSmallUprightImageIsSentAsItsOwnBytes() throws Exception {
        byte[] png = TestImages.png(300, 200, 2);
        SendableImage sent = converter.convert(checked("small.png", png), LOW);
        assertThat(sent.bytes()).isEqualTo(png);
        assertThat(sent.mime()).isEqualTo("image/png");
    }

    @Test
    void originalSendsTheFilesExactBytesWhateverItsSize() throws Exception {
        byte[] jpeg = TestImages.jpegWithOrientation(2000, 1500, 6, 3);
        SendableImage sent = converter.convert(checked("big.jpg", jpeg), OptionalInt.empty());
        assertThat(sent.bytes()).isEqualTo(jpeg);
        assertThat(sent.sent()).isEqualTo(new Dimensions(2000, 1500));
    }

    @Test
    void aPortraitPhonePhotoArrivesPortraitWithItsTopUp() throws Exception {
        // given landscape pixels whose top rows are red, tagged orientation 6 (the top is on the viewer's right)
        BufferedImage stored = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 1200; y++) {
            for (int x = 0; x < 1600; x++) {
                stored.setRGB(x, y, y < 100 ? 0xff0000 : 0x2040ff);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(stored, "jpeg", jpeg);
        byte[] tagged = TestImages.withOrientation(jpeg.toByteArray(), 6);
        // when prepared at low detail
        SendableImage sent = converter.convert(checked("portrait.jpg", tagged), LOW);
        // then it is portrait, and the red band is on the right, as a viewer turning it by its tag sees it
        assertThat(sent.sent()).isEqualTo(new Dimensions(576, 768));
        BufferedImage image = decode(sent);
        assertThat(image.getWidth()).isEqualTo(576);
        assertThat(red(image.getRGB(570, 384))).isGreaterThan(200);
        assertThat(red(image.getRGB(5, 384))).isLessThan(80);
    }

    @Test
    void formatsTheServiceRefusesAreConverted() throws Exception {
        for (String format : new String[] {"gif", "bmp", "tiff"}) {
            byte[] bytes = TestImages.encoded(format, 120, 90);
            SendableImage atLow = converter.convert(checked("a." + format, bytes), LOW);
            assertThat(atLow.mime()).as(format).isEqualTo("image/jpeg");
            assertThat(atLow.sent()).isEqualTo(new Dimensions(120, 90));
            SendableImage atOriginal = converter.convert(checked("a." + format, bytes), OptionalInt.empty());
            assertThat(atOriginal.mime()).as(format).isEqualTo("image/png");
            assertThat(decode(atOriginal).getWidth()).isEqualTo(120);
        }
    }

    @Test
    void transparencyIsKeptAsPng() throws Exception {
        SendableImage sent = converter.convert(checked("logo.png", TestImages.pngWithTransparency(2000, 1000)), LOW);
        assertThat(sent.mime()).isEqualTo("image/png");
        assertThat(sent.sent()).isEqualTo(new Dimensions(768, 384));
        assertThat(decode(sent).getRGB(10, 10) >>> 24).isZero();
    }

    @Test
    void heicCannotBeDecodedAndIsSentAsItIsWithANote() throws Exception {
        byte[] heic = TestImages.heic();
        SendableImage sent = converter.convert(checked("lamp.heic", heic), LOW);
        assertThat(sent.bytes()).isEqualTo(heic);
        assertThat(sent.note()).contains("HEIC cannot be decoded here");
    }

    @Test
    void anImageThatCannotBeDecodedIsADefectNamingTheDecoder() {
        byte[] tiff = TestImages.encoded("tiff", 300, 200);
        byte[] broken = Arrays.copyOf(tiff, 400);
        PreparedImage image = new PreparedImage(ImageRef.file("b.tif", broken.length), broken, "x", ImageType.TIFF,
                new Dimensions(300, 200));
        assertThatThrownBy(() -> converter.convert(image, LOW)).isInstanceOf(ImageDefect.class).hasMessageStartingWith("cannot decode TIFF");
    }

    @Test
    void aJpegJavaCannotDecodeIsSentAsItIsWithANoteRatherThanRejected() throws Exception {
        // given a large JPEG whose frame header declares 12-bit samples, which the JDK's decoder does not take
        byte[] jpeg = TestImages.jpeg(1600, 1200, 5);
        for (int i = 2; i + 4 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                jpeg[i + 4] = 12;
                break;
            }
        }
        SendableImage sent = converter.convert(checked("arithmetic.jpg", jpeg), LOW);
        assertThat(sent.bytes()).isEqualTo(jpeg);
        assertThat(sent.note()).startsWith("cannot decode JPEG").endsWith("here: sent at its own size");
    }

    @Test
    void aCmykJpegFromAPrintWorkflowIsScaledToRgb() throws Exception {
        // (made by ImageMagick: a 1600x1200 red-to-blue gradient in CMYK)
        byte[] cmyk = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/images/cmyk-gradient.jpg"));
        SendableImage sent = converter.convert(checked("print.jpg", cmyk), LOW);
        assertThat(sent.mime()).isEqualTo("image/jpeg");
        assertThat(sent.sent()).isEqualTo(new Dimensions(768, 576));
        BufferedImage image = decode(sent);
        assertThat(red(image.getRGB(384, 5))).isGreaterThan(red(image.getRGB(384, 570)) + 100);
    }

    @Test
    void whatWouldBeSentOverTheInlineLimitIsADefect() throws Exception {
        ImageConverter tight = new ImageConverter(0.85f, 10_000);
        PreparedImage big = checked("big.png", TestImages.png(1000, 1000, 4));
        assertThatThrownBy(() -> tight.convert(big, OptionalInt.empty())).isInstanceOf(ImageDefect.class)
                .hasMessageContaining("one inline request takes at most");
    }

    @Test
    void aPhotoSentAsItIsGoesWithoutItsMetadataUnlessItIsKept() throws Exception {
        byte[] photo = TaggedPhotos.pillow("JPEG", 300, 200, "gps", "comment");

        SendableImage stripped = converter.convert(checked("photo.jpg", photo), LOW);
        SendableImage kept = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes(), true,
                DecodeBudget.ofHeap(0.5))
                .convert(checked("photo.jpg", photo), LOW);

        assertThat(TaggedPhotos.metadata(stripped.bytes())).isEmpty();
        assertThat(stripped.sent()).isEqualTo(new Dimensions(300, 200));
        assertThat(kept.bytes()).isEqualTo(photo);
    }

    @Test
    void anImageWithAProfileOverFourKilobytesIsReencodedWithoutIt() throws Exception {
        byte[] photo = TaggedPhotos.pillow("JPEG", 300, 200, "gps", "icc=large");

        SendableImage sent = converter.convert(checked("print.jpg", photo), LOW);

        assertThat(sent.mime()).isEqualTo("image/jpeg");
        assertThat(sent.sent()).isEqualTo(new Dimensions(300, 200));
        assertThat(sent.bytes().length).isLessThan(photo.length - 20_000);
        assertThat(TaggedPhotos.tags(sent.bytes())).doesNotContainKey("ICC-header:ProfileClass");
        assertThat(TaggedPhotos.metadata(sent.bytes())).isEmpty();
    }

    @Test
    void whatGemcapEncodesItselfCarriesNoMetadata() throws Exception {
        byte[] large = TaggedPhotos.pillow("JPEG", 1600, 1200, "gps", "comment", "icc=small");
        byte[] turned = TaggedPhotos.pillow("PNG", 300, 200, "gps", "text", "orientation=6", "icc=large");
        byte[] upright = TaggedPhotos.pillow("JPEG", 300, 200, "gps", "icc=large");

        SendableImage scaled = converter.convert(checked("large.jpg", large), LOW);
        SendableImage atItsOwnSize = converter.convert(checked("turned.png", turned), OptionalInt.empty());
        SendableImage decodedAsItIs = converter.convert(checked("upright.jpg", upright), OptionalInt.empty());

        assertThat(scaled.sent()).isEqualTo(new Dimensions(768, 576));
        assertThat(atItsOwnSize.mime()).isEqualTo("image/png");
        assertThat(atItsOwnSize.sent()).as("turned by the tag it no longer carries").isEqualTo(new Dimensions(200, 300));
        for (SendableImage sent : List.of(scaled, atItsOwnSize, decodedAsItIs)) {
            assertThat(TaggedPhotos.metadata(sent.bytes())).isEmpty();
            assertThat(TaggedPhotos.tags(sent.bytes())).doesNotContainKeys("ICC-header:ProfileClass", "IFD0:Orientation");
        }
    }

    @Test
    void aLargeImageThatCannotBeDecodedIsRejectedRatherThanSentWhole() throws Exception {
        // given a 1200x900 PNG whose compressed pixels are damaged (its chunks still whole, CRCs right)
        byte[] png = TestImages.png(1200, 900, 5);
        int idat = indexOf(png, "IDAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int length = java.nio.ByteBuffer.wrap(png, idat - 4, 4).getInt();
        for (int i = idat + 4 + length / 2; i < idat + 4 + length / 2 + 200; i++) {
            png[i] = (byte) 0xa5;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, idat, 4 + length);
        java.nio.ByteBuffer.wrap(png, idat + 4 + length, 4).putInt((int) crc.getValue());
        PreparedImage damaged = checked("damaged.png", png);

        // then at a detail level it is refused, naming why; at original it goes as it is
        assertThatThrownBy(() -> converter.convert(damaged, LOW)).isInstanceOf(ImageDefect.class)
                .hasMessageContaining("cannot decode PNG").hasMessageContaining("--detail original");
        assertThat(converter.convert(damaged, OptionalInt.empty()).sent()).isEqualTo(new Dimensions(1200, 900));
    }

    @Test
    void hundredsOfProfileSegmentsInASmallJpegAreNeitherSentNorAssembled() throws Exception {
        // given a 64x64 JPEG carrying 500 ICC segments of 64 KB (32 MB, more than the format allows)
        byte[] jpeg = TestImages.jpeg(64, 64, 3);
        java.io.ByteArrayOutputStream crafted = new java.io.ByteArrayOutputStream();
        crafted.write(jpeg, 0, 2);
        byte[] segment = new byte[65_533];
        byte[] signature = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(signature, 0, segment, 0, signature.length);
        for (int i = 0; i < 500; i++) {
            segment[signature.length] = (byte) (i + 1);
            segment[signature.length + 1] = (byte) 500;
            crafted.write(new byte[] {(byte) 0xff, (byte) 0xe2, (byte) 0xff, (byte) 0xff});
            crafted.write(segment);
        }
        crafted.write(jpeg, 2, jpeg.length - 2);

        PreparedImage image = checked("crafted.jpg", crafted.toByteArray());
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        // when
        SendableImage sent = converter.convert(image, HIGH);

        // then the picture is sent, decoded without the profile, and small, for less heap than the file's own size (several
        // at once exhausted a 512 MB heap when each copied the file and assembled its 32 MB profile)
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(crafted.size());
        assertThat(sent.sent()).isEqualTo(new Dimensions(64, 64));
        assertThat(sent.bytes().length).isLessThan(20_000);
        assertThat(decode(sent).getWidth()).isEqualTo(64);
    }

    private static int indexOf(byte[] bytes, byte[] what) {
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void decodingSubsamplesOnlyWhileTwiceTheTargetRemains() {
        assertThat(ImageConverter.subsampling(4000, 768)).isEqualTo(2);
        assertThat(ImageConverter.subsampling(4000, 384)).isEqualTo(5);
        assertThat(ImageConverter.subsampling(1000, 768)).isEqualTo(1);
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }
}
