package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.testing.HeifLayouts;
import io.gemcap.testing.TaggedPhotos;
import io.gemcap.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Photos made by Pillow, heif-enc and exiftool with a GPS position, camera and owner in them; what is left after
 * stripping is read back by exiftool, and the pictures decoded before and after are compared pixel for pixel.
 */
class MetadataStripperTests {

    private static int[] pixels(byte[] image) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
        return decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
    }

    private static void assertCarriesWhatCamerasWrite(byte[] photo) {
        assertThat(TaggedPhotos.metadata(photo)).as("the test photo itself").containsKeys("GPS:GPSLatitude", "IFD0:Artist",
                "IFD0:Model", "XMP-dc:Creator");
    }

    @Test
    void aJpegLosesItsExifXmpIptcAndCommentButNotAPixelOrItsSmallColourProfile() throws Exception {
        byte[] photo = TaggedPhotos.withXmpAndIptc(TaggedPhotos.pillow("JPEG", 64, 48, "gps", "comment", "icc=small"), ".jpg");
        assertCarriesWhatCamerasWrite(photo);
        assertThat(TaggedPhotos.metadata(photo)).containsKeys("IPTC:By-line", "File:Comment", "IFD0:SerialNumber");

        MetadataStripper.Stripped stripped = MetadataStripper.strip(ImageType.JPEG, photo);

        assertThat(TaggedPhotos.metadata(stripped.bytes())).isEmpty();
        assertThat(TaggedPhotos.tags(stripped.bytes())).containsKeys("ICC_Profile:ProfileDescription", "JFIF:JFIFVersion");
        assertThat(stripped.profileTooLarge()).isFalse();
        assertThat(pixels(stripped.bytes())).isEqualTo(pixels(photo));
    }

    @Test
    void aJpegTurnedByItsTagKeepsTheOrientationAlone() throws Exception {
        byte[] photo = TaggedPhotos.pillow("JPEG", 64, 48, "gps", "orientation=6");

        byte[] stripped = MetadataStripper.strip(ImageType.JPEG, photo).bytes();

        assertThat(TaggedPhotos.metadata(stripped)).isEmpty();
        assertThat(TaggedPhotos.tags(stripped)).containsEntry("IFD0:Orientation", "6");
        assertThat(Orientation.of(ImageType.JPEG, stripped).tag()).isEqualTo(6);
    }

    @Test
    void aJpegWithAProfileOverFourKilobytesIsNotSentAsItIs() throws Exception {
        byte[] photo = TaggedPhotos.pillow("JPEG", 64, 48, "icc=large");

        assertThat(MetadataStripper.strip(ImageType.JPEG, photo).profileTooLarge()).isTrue();
    }

    @Test
    void whatAPhoneAppendsAfterAJpegsEndIsNotSent() throws Exception {
        // a motion photo: the video follows the picture's end-of-image marker
        byte[] picture = TaggedPhotos.pillow("JPEG", 64, 48);
        byte[] video = "....ftypmp42 a short video of the back garden".getBytes(StandardCharsets.ISO_8859_1);
        byte[] motionPhoto = Arrays.copyOf(picture, picture.length + video.length);
        System.arraycopy(video, 0, motionPhoto, picture.length, video.length);

        byte[] stripped = MetadataStripper.strip(ImageType.JPEG, motionPhoto).bytes();

        assertThat(stripped).isEqualTo(picture);
    }

    @Test
    void anImageWithNothingToTakeOutIsSentAsTheVeryBytesItWas() throws Exception {
        byte[] jpeg = TestImages.jpeg(40, 30, 1);
        byte[] png = TestImages.png(40, 30, 2);
        byte[] webp = TestImages.webp();
        byte[] heic = TestImages.heic();

        assertThat(MetadataStripper.strip(ImageType.JPEG, jpeg).bytes()).isSameAs(jpeg);
        assertThat(MetadataStripper.strip(ImageType.PNG, png).bytes()).isSameAs(png);
        assertThat(MetadataStripper.strip(ImageType.WEBP, webp).bytes()).isSameAs(webp);
        assertThat(MetadataStripper.strip(ImageType.HEIC, heic).bytes()).isSameAs(heic);
    }

    @Test
    void aPngLosesItsExifTextAndXmpChunksButKeepsItsPixelsProfileAndDensity() throws Exception {
        byte[] photo = TaggedPhotos.withXmpAndIptc(TaggedPhotos.pillow("PNG", 64, 48, "gps", "text", "icc=small"), ".png");
        photo = withChunkBeforeImageData(photo, "tIME", new byte[] {0x07, (byte) 0xea, 12, 7, 9, 30, 0});
        assertCarriesWhatCamerasWrite(photo);
        assertThat(TaggedPhotos.metadata(photo)).containsKeys("PNG:Author", "PNG:Comment", "PNG:Description-en", "PNG:ModifyDate");

        MetadataStripper.Stripped stripped = MetadataStripper.strip(ImageType.PNG, photo);

        assertThat(TaggedPhotos.metadata(stripped.bytes())).isEmpty();
        assertThat(chunks(stripped.bytes())).containsExactly("IHDR", "iCCP", "pHYs", "IDAT", "IEND");
        assertThat(stripped.profileTooLarge()).isFalse();
        assertThat(pixels(stripped.bytes())).isEqualTo(pixels(photo));
    }

    @Test
    void aPngTurnedByItsTagKeepsTheOrientationAlone() throws Exception {
        byte[] photo = TaggedPhotos.pillow("PNG", 64, 48, "gps", "orientation=8");

        byte[] stripped = MetadataStripper.strip(ImageType.PNG, photo).bytes();

        assertThat(TaggedPhotos.metadata(stripped)).isEmpty();
        assertThat(TaggedPhotos.tags(stripped)).containsEntry("IFD0:Orientation", "8");
        assertThat(Orientation.of(ImageType.PNG, stripped).tag()).isEqualTo(8);
    }

    @Test
    void aPngWithAProfileOverFourKilobytesIsNotSentAsItIs() throws Exception {
        byte[] photo = TaggedPhotos.pillow("PNG", 64, 48, "icc=large");

        assertThat(MetadataStripper.strip(ImageType.PNG, photo).profileTooLarge()).isTrue();
    }

    @Test
    void aProfileOrTextThatInflatesToAGigabyteIsMeasuredWithoutInflatingIt() throws Exception {
        // given chunks of 1 MB that inflate to 1 GB each (never allocated here: the stream repeats one flushed block)
        byte[] bomb = zlibOfZeros(1 << 30);
        byte[] profile = concat("ICC\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb);
        byte[] text = concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb);
        byte[] png = withChunkBeforeImageData(withChunkBeforeImageData(TestImages.png(20, 20, 3), "iCCP", profile), "zTXt", text);

        MetadataStripper.Stripped stripped = MetadataStripper.strip(ImageType.PNG, png);

        assertThat(stripped.profileTooLarge()).isTrue();
        assertThat(chunks(stripped.bytes())).containsExactly("IHDR", "iCCP", "IDAT", "IEND");
    }

    @Test
    void aWebpLosesItsExifAndXmpChunksAndItsHeaderSaysSo() throws Exception {
        byte[] photo = TaggedPhotos.withXmpAndIptc(TaggedPhotos.pillow("WEBP", 64, 48, "gps", "icc=small"), ".webp");
        assertCarriesWhatCamerasWrite(photo);

        MetadataStripper.Stripped stripped = MetadataStripper.strip(ImageType.WEBP, photo);

        byte[] sent = stripped.bytes();
        assertThat(TaggedPhotos.metadata(sent)).isEmpty();
        assertThat(TaggedPhotos.tags(sent)).containsKey("ICC_Profile:ProfileDescription");
        int flags = sent[20] & 0xff;
        assertThat(flags & 0x08).as("EXIF flag").isZero();
        assertThat(flags & 0x04).as("XMP flag").isZero();
        assertThat(flags & 0x20).as("ICC flag").isNotZero();
        assertThat(ByteBuffer.wrap(sent, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(sent.length - 8);
        assertThat(ImageStructure.check(ImageType.WEBP, sent)).isEqualTo(new Dimensions(64, 48));
        assertThat(pixels(sent)).isEqualTo(pixels(photo));
    }

    @Test
    void aWebpTurnedByItsTagKeepsTheOrientationAlone() throws Exception {
        byte[] photo = TaggedPhotos.pillow("WEBP", 64, 48, "gps", "orientation=6");

        byte[] stripped = MetadataStripper.strip(ImageType.WEBP, photo).bytes();

        assertThat(TaggedPhotos.metadata(stripped)).isEmpty();
        assertThat(TaggedPhotos.tags(stripped)).containsEntry("IFD0:Orientation", "6");
        assertThat(stripped[20] & 0x08).as("EXIF flag").isNotZero();
        assertThat(Orientation.of(ImageType.WEBP, stripped).tag()).isEqualTo(6);
    }

    @Test
    void aWebpWithAProfileOverFourKilobytesIsNotSentAsItIs() throws Exception {
        byte[] photo = TaggedPhotos.pillow("WEBP", 64, 48, "icc=large");

        assertThat(MetadataStripper.strip(ImageType.WEBP, photo).profileTooLarge()).isTrue();
    }

    @Test
    void aHeicKeepsEveryOffsetAndItsPictureWithItsExifAndXmpItemsBlanked() throws Exception {
        byte[] photo = TaggedPhotos.heic(64, 48);
        assertThat(TaggedPhotos.metadata(photo)).containsKeys("GPS:GPSLatitude", "IFD0:Artist", "XMP-dc:Creator");

        byte[] sent = MetadataStripper.strip(ImageType.HEIC, photo).bytes();

        assertThat(sent).hasSameSizeAs(photo);
        assertThat(TaggedPhotos.metadata(sent)).doesNotContainKeys("GPS:GPSLatitude", "GPS:GPSLongitude", "IFD0:Artist", "IFD0:Model",
                "IFD0:SerialNumber", "XMP-dc:Creator", "XMP-photoshop:City");
        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).doesNotContain("Jane Owner").doesNotContain("Canon");
        assertThat(ImageStructure.check(ImageType.HEIC, sent)).isEqualTo(ImageStructure.check(ImageType.HEIC, photo));
        assertThat(pixels(TaggedPhotos.heifConvert(sent))).isEqualTo(pixels(TaggedPhotos.heifConvert(photo)));
    }

    @Test
    void aHeicWhoseMediaDataHasA64BitSizeIsBlankedAndStaysWhole() throws Exception {
        byte[] photo = HeifLayouts.withLargeSizeMediaData(TaggedPhotos.heic(64, 48));

        byte[] sent = MetadataStripper.strip(ImageType.HEIC, photo).bytes();

        assertThat(TaggedPhotos.metadata(sent)).doesNotContainKeys("GPS:GPSLatitude", "IFD0:Model", "XMP-dc:Creator");
        assertThat(ImageStructure.check(ImageType.HEIC, sent)).isEqualTo(ImageStructure.check(ImageType.HEIC, photo));
        assertThat(pixels(TaggedPhotos.heifConvert(sent))).isEqualTo(pixels(TaggedPhotos.heifConvert(photo)));
    }

    @Test
    void aHeicWhoseItemsAreFoundThroughADataReferenceToItselfLosesItsExifAndXmpToo() throws Exception {
        // exiftool does not read such items, libheif does: the bytes are what the service gets
        byte[] photo = HeifLayouts.withItemsThroughADataReference(TaggedPhotos.heic(64, 48));
        assertThat(new String(photo, StandardCharsets.ISO_8859_1)).contains("Canon EOS R5").contains("Jane Owner");

        byte[] sent = MetadataStripper.strip(ImageType.HEIC, photo).bytes();

        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).doesNotContain("Canon").doesNotContain("Jane Owner");
        assertThat(pixels(TaggedPhotos.heifConvert(sent))).isEqualTo(pixels(TaggedPhotos.heifConvert(photo)));
    }

    @Test
    void aHeicLosesTheXmpOfAnAdobeUuidBoxInPlace() throws Exception {
        // the uuid box between the picture's data and a second (empty) mdat, so it cannot simply be cut off
        byte[] photo = concat(concat(TaggedPhotos.heic(64, 48), box("uuid", concat(ADOBE_XMP_UUID, gpsXmp()))), box("mdat", new byte[0]));
        assertThat(TaggedPhotos.metadata(photo)).containsKeys("XMP-exif:GPSLatitude", "Composite:GPSPosition");

        byte[] sent = MetadataStripper.strip(ImageType.HEIC, photo).bytes();

        assertThat(sent).hasSameSizeAs(photo);
        assertThat(TaggedPhotos.metadata(sent).keySet()).noneMatch(tag -> tag.contains("GPS"));
        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).doesNotContain("GPSLatitude");
        assertThat(ImageStructure.check(ImageType.HEIC, sent)).isEqualTo(ImageStructure.check(ImageType.HEIC, photo));
        assertThat(pixels(TaggedPhotos.heifConvert(sent))).isEqualTo(pixels(TaggedPhotos.heifConvert(photo)));
    }

    @Test
    void thirtyMegabytesInAUuidBoxAtTheEndOfAHeicAreNotSent() throws Exception {
        byte[] heic = TaggedPhotos.heic(64, 48);
        byte[] photo = concat(heic, box("uuid", new byte[30 << 20]));

        byte[] sent = MetadataStripper.strip(ImageType.HEIC, photo).bytes();

        assertThat(sent).isEqualTo(MetadataStripper.strip(ImageType.HEIC, heic).bytes());
    }

    @Test
    void aBoxDecodersSkipStaysWhenThePictureIsInIt() throws Exception {
        // the picture's coded data in a box typed free instead of mdat: libheif reads items by offset, whatever the box
        byte[] photo = TestImages.heic();
        int mdat = new String(photo, StandardCharsets.ISO_8859_1).indexOf("mdat");
        System.arraycopy("free".getBytes(StandardCharsets.ISO_8859_1), 0, photo, mdat, 4);

        byte[] sent = MetadataStripper.strip(ImageType.HEIC, photo).bytes();

        assertThat(sent).isEqualTo(photo);
        assertThat(pixels(TaggedPhotos.heifConvert(sent))).isEqualTo(pixels(TaggedPhotos.heifConvert(TestImages.heic())));
    }

    @Test
    void aFileTooShortForItsOwnStructureIsADefectNotACrash() {
        byte[] jpeg = TestImages.jpeg(40, 30, 1);
        assertThatThrownBy(() -> MetadataStripper.strip(ImageType.JPEG, Arrays.copyOf(jpeg, jpeg.length / 2)))
                .isInstanceOf(ImageDefect.class);
        byte[] png = TestImages.png(40, 30, 1);
        assertThatThrownBy(() -> MetadataStripper.strip(ImageType.PNG, Arrays.copyOf(png, png.length - 6)))
                .isInstanceOf(ImageDefect.class);
    }

    private static final byte[] ADOBE_XMP_UUID = HexFormat.of().parseHex("be7acfcb97a942e89c71999491e3afac");

    /** An XMP packet placing the photo in Amsterdam, as Adobe's programs write it. */
    private static byte[] gpsXmp() {
        return ("<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF"
                + " xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about=''"
                + " xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='52,22.2N' exif:GPSLongitude='4,53.5E'/>"
                + "</rdf:RDF></x:xmpmeta><?xpacket end='w'?>").getBytes(StandardCharsets.UTF_8);
    }

    /** An ISO base media box of {@code type} holding {@code payload}. */
    private static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length).put(type.getBytes(StandardCharsets.US_ASCII))
                .put(payload).array();
    }

    /** The chunk types of a PNG, in order. */
    private static List<String> chunks(byte[] png) {
        List<String> types = new ArrayList<>();
        int offset = 8;
        while (offset + 8 <= png.length) {
            int length = ByteBuffer.wrap(png, offset, 4).getInt();
            types.add(new String(png, offset + 4, 4, StandardCharsets.US_ASCII));
            offset += 12 + length;
        }
        return types;
    }

    private static byte[] withChunkBeforeImageData(byte[] png, String type, byte[] data) {
        int idat = chunks(png).indexOf("IDAT");
        int offset = 8;
        for (int i = 0; i < idat; i++) {
            offset += 12 + ByteBuffer.wrap(png, offset, 4).getInt();
        }
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, offset);
        out.writeBytes(chunk.array());
        out.write(png, offset, png.length - offset);
        return out.toByteArray();
    }

    /**
     * A zlib stream of {@code size} zeros, built from one block of a mebibyte of zeros deflated and flushed to a byte
     * boundary, repeated (its back-references reach only zeros): a bomb without inflating or allocating its size.
     */
    private static byte[] zlibOfZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1 << 20]);
        byte[] buffer = new byte[1 << 16];
        int block = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xda);
        for (long written = 0; written < size; written += 1 << 20) {
            out.write(buffer, 0, block);
        }
        out.writeBytes(new byte[] {3, 0});
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
