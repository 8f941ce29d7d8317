package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeaderProbeTests {

    /** Serves ranges of {@code bytes} and counts what it served. */
    private static final class Counted implements HeaderProbe.Ranges {
        final byte[] bytes;
        final AtomicLong served = new AtomicLong();

        Counted(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public byte[] read(long offset, int length) {
            int from = (int) Math.min(offset, bytes.length);
            byte[] range = Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, offset + length));
            served.addAndGet(range.length);
            return range;
        }
    }

    @Test
    void aJpegsFrameHeaderBehindLargeMetadataIsReachedWithSmallReads() throws IOException {
        byte[] jpeg = TestImages.withSegment(TestImages.jpeg(1200, 800, 1), 300_000);
        Counted ranges = new Counted(jpeg);

        assertThat(HeaderProbe.probe(ranges)).hasValue(new HeaderProbe.Probed(ImageType.JPEG, new Dimensions(1200, 800)));
        assertThat(ranges.served.get()).isLessThan(HeaderProbe.FIRST_BYTES + 8 * 4096L).isLessThan(jpeg.length / 3);
    }

    @Test
    void otherFormatsAreSizedFromTheirFirstBytes() throws IOException {
        assertThat(HeaderProbe.probe(new Counted(TestImages.png(640, 480, 2)))).hasValue(
                new HeaderProbe.Probed(ImageType.PNG, new Dimensions(640, 480)));
        for (String format : new String[] {"gif", "bmp", "tiff"}) {
            assertThat(HeaderProbe.probe(new Counted(TestImages.encoded(format, 300, 200)))).as(format)
                    .hasValueSatisfying(p -> assertThat(p.size()).isEqualTo(new Dimensions(300, 200)));
        }
        assertThat(HeaderProbe.probe(new Counted(TestImages.webp()))).hasValueSatisfying(p -> assertThat(p.size()).isNotNull());
    }

    @Test
    void notAnImageIsEmptyAndATruncatedJpegHasNoSize() throws IOException {
        assertThat(HeaderProbe.probe(new Counted("hello".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        byte[] cut = Arrays.copyOf(TestImages.withSegment(TestImages.jpeg(100, 100, 3), 70_000), 70_000);
        assertThat(HeaderProbe.probe(new Counted(cut))).hasValue(new HeaderProbe.Probed(ImageType.JPEG, null));
    }
}
