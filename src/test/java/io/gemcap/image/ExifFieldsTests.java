package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.HostileImages;
import io.gemcap.testing.TestImages;
import java.io.ByteArrayOutputStream;
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
    void textChunksOfGigabytesAreNotInflatedForATemplate() {
        // 3 GB of zeros behind 3 MB (zTXt) and 1 GB behind 1 MB (iTXt): inflating either would take the heap.
        assertThat(ExifFields.of(withExifChunk(HostileImages.pngWithTextBomb(64, "zTXt", 3L << 30))))
                .containsEntry("Orientation", "Right side, top (Rotate 90 CW)");
        assertThat(ExifFields.of(HostileImages.pngWithTextBomb(64, "iTXt", 1L << 30))).isEmpty();
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
