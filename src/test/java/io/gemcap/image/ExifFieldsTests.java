package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.HeifLayouts;
import io.gemcap.testing.HostileImages;
import io.gemcap.testing.TaggedPhotos;
import io.gemcap.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExifFieldsTests {

    @Test
    void aTemplateGetsTheExifOfAJpegAndOfAPngsExifChunk() {
        assertThat(ExifFields.of(TestImages.jpegWithOrientation(8, 4, 6, 1))).containsEntry("Orientation", "Right side, top (Rotate 90 CW)");
        assertThat(ExifFields.of(withExifChunk(TestImages.png(8, 4, 1)))).containsEntry("Orientation", "Right side, top (Rotate 90 CW)");
        assertThat(ExifFields.of(TestImages.png(8, 4, 1))).isEmpty();
        assertThat(ExifFields.of("not an image".getBytes())).isEmpty();
    }

    @Test
    void aTemplateGetsThePlaceAndCameraOfAHeicWhateverWroteIt() {
        byte[] heic = TaggedPhotos.heic(64, 48);
        // Canon's cameras put a uuid box of their own before the meta box
        byte[] canon = HeifLayouts.withBoxAfterFileType(heic, uuidBox(new byte[64]));

        for (byte[] photo : List.of(heic, canon, HeifLayouts.withLargeSizeMediaData(heic), HeifLayouts.withMediaDataToTheEnd(heic),
                HeifLayouts.withItemsThroughADataReference(heic))) {
            assertThat(ExifFields.of(photo)).containsEntry("GPS", "52.370139, 4.891667").containsEntry("Model", "Canon EOS R5");
        }
    }

    @Test
    void aCamerasSerialNumberGoesByItsExifStandardName() {
        byte[] photo = TaggedPhotos.pillow("JPEG", 32, 24, "gps");

        assertThat(ExifFields.of(photo)).containsEntry("BodySerialNumber", "012345678901");
    }

    @Test
    void textChunksOfGigabytesAreNotInflatedForATemplate() {
        // 3 GB of zeros behind 3 MB (zTXt) and 1 GB behind 1 MB (iTXt): inflating either would take the heap.
        assertThat(ExifFields.of(withExifChunk(HostileImages.pngWithTextBomb(64, "zTXt", 3L << 30))))
                .containsEntry("Orientation", "Right side, top (Rotate 90 CW)");
        assertThat(ExifFields.of(HostileImages.pngWithTextBomb(64, "iTXt", 1L << 30))).isEmpty();
    }

    private static byte[] uuidBox(byte[] payload) {
        return ByteBuffer.allocate(24 + payload.length).putInt(24 + payload.length).put("uuid".getBytes(StandardCharsets.US_ASCII))
                .put(HexFormat.of().parseHex("85c0b687820f11e08111f4ce462b6a48")).put(payload).array();
    }

    /** The PNG with an {@code eXIf} chunk just before IEND: a reader walking the chunks in order meets any text chunk first. */
    private static byte[] withExifChunk(byte[] png) {
        int iend = png.length - 12;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, iend);
        out.writeBytes(HostileImages.chunk("eXIf", OrientationTests.exif(6)));
        out.write(png, iend, 12);
        return out.toByteArray();
    }
}
