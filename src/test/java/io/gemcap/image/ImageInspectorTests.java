package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.source.ImageRef;
import io.gemcap.testing.HeifLayouts;
import io.gemcap.testing.TestImages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ImageInspectorTests {

    private final ImageInspector inspector = new ImageInspector(ImageLimits.GEMINI_INLINE);

    private Inspection inspect(byte[] bytes) {
        return inspector.inspect(ImageRef.file("x", bytes.length), bytes);
    }

    private String reason(byte[] bytes) {
        Inspection inspection = inspect(bytes);
        assertThat(inspection).isInstanceOf(Rejection.class);
        return ((Rejection) inspection).reason();
    }

    @Test
    void aHeicWhosePropertyBoxesNestWithoutEndIsRejectedNotOverflowed() {
        // given a HEIC whose ipco boxes nest 150,000 deep (reading it recursively overflowed the stack, a failed row every night)
        int depth = 150_000;
        ByteBuffer nest = ByteBuffer.allocate(8 * depth);
        for (int level = 0; level < depth; level++) {
            nest.putInt(8 * (depth - level)).put("ipco".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] hdlr = box("hdlr", concat(new byte[8], "pict".getBytes(StandardCharsets.US_ASCII), new byte[13]));
        byte[] meta = box("meta", concat(new byte[4], hdlr, box("iprp", nest.array())));
        byte[] heic = concat(box("ftyp", concat("heic".getBytes(StandardCharsets.US_ASCII), new byte[4],
                "mif1heic".getBytes(StandardCharsets.US_ASCII))), meta, box("mdat", new byte[16]));

        assertThat(reason(heic)).isEqualTo("malformed HEIC: its property boxes nest more than 8 deep");
    }

    private static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length).put(type.getBytes(StandardCharsets.US_ASCII))
                .put(payload).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    @Test
    void goodImagesPassWithTypeFromBytesAndSizeFromHeader() {
        // given a PNG, a JPEG, a WebP and a HEIC
        // when inspected
        // then each is prepared with its real type and header dimensions
        assertThat(inspect(TestImages.png(33, 21, 1))).isInstanceOfSatisfying(PreparedImage.class, p -> {
            assertThat(p.type()).isEqualTo(ImageType.PNG);
            assertThat(p.dimensions()).isEqualTo(new Dimensions(33, 21));
        });
        assertThat(inspect(TestImages.jpeg(40, 30, 2))).isInstanceOfSatisfying(PreparedImage.class, p -> {
            assertThat(p.type()).isEqualTo(ImageType.JPEG);
            assertThat(p.dimensions()).isEqualTo(new Dimensions(40, 30));
        });
        assertThat(inspect(TestImages.webp())).isInstanceOfSatisfying(PreparedImage.class, p -> {
            assertThat(p.type()).isEqualTo(ImageType.WEBP);
            assertThat(p.dimensions()).isEqualTo(new Dimensions(256, 256));
        });
        assertThat(inspect(TestImages.heic())).isInstanceOfSatisfying(PreparedImage.class, p -> {
            assertThat(p.type()).isEqualTo(ImageType.HEIC);
            assertThat(p.dimensions()).isEqualTo(new Dimensions(240, 180));
        });
    }

    @Test
    void aHeicPassesWhateverSizeFieldsItsBoxesUse() {
        byte[] heic = TestImages.heic();

        for (byte[] laidOut : List.of(HeifLayouts.withLargeSizeMediaData(heic), HeifLayouts.withMediaDataToTheEnd(heic))) {
            assertThat(inspect(laidOut)).isInstanceOfSatisfying(PreparedImage.class,
                    p -> assertThat(p.dimensions()).isEqualTo(new Dimensions(240, 180)));
        }
    }

    @Test
    void hashIsOfTheContent() {
        byte[] png = TestImages.png(8, 8, 3);
        assertThat(inspect(png).sha256()).isEqualTo(ImageInspector.sha256(png)).hasSize(64);
    }

    @Test
    void emptyAndTextFilesAreNamedAsSuch() {
        assertThat(reason(new byte[0])).isEqualTo("empty file");
        assertThat(reason("hello, this is a note\n".getBytes(StandardCharsets.UTF_8))).contains("holds text");
    }

    @Test
    void truncatedFilesAreRejectedForEachFormat() {
        byte[] png = TestImages.png(64, 64, 4);
        byte[] jpeg = TestImages.jpeg(64, 64, 5);
        byte[] webp = TestImages.webp();
        byte[] heic = TestImages.heic();
        assertThat(reason(TestImages.truncated(png, png.length - 20))).startsWith("truncated PNG");
        assertThat(reason(TestImages.truncated(jpeg, jpeg.length / 2))).isEqualTo("truncated JPEG: the file ends before its end-of-image marker");
        assertThat(reason(TestImages.truncated(webp, webp.length - 10))).startsWith("truncated WebP");
        assertThat(reason(TestImages.truncated(heic, heic.length - 10))).startsWith("truncated HEIC");
    }

    @Test
    void pngWithCorruptDataFailsItsCrc() {
        byte[] png = TestImages.png(32, 32, 6);
        png[png.length - 30] ^= 0x55;
        assertThat(reason(png)).contains("fails its CRC check");
    }

    @Test
    void pngWithInvalidColourTypeIsNamed() {
        byte[] png = pngWithHeader(10, 10, 8, 1);
        assertThat(reason(png)).isEqualTo("malformed PNG: colour type 1 is invalid");
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        // given a PNG whose header declares 20000 x 20000 pixels (400 MP) but holds almost nothing
        byte[] png = pngWithHeader(20000, 20000, 8, 2);
        // then it is refused without decoding
        assertThat(reason(png)).contains("400 megapixels").contains("decompression bomb");
    }

    @Test
    void aTruncatedGifIsRejectedFromItsHeaderAndAGoodOnePasses() {
        byte[] truncated = "GIF89a\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(reason(truncated)).startsWith("malformed GIF");
        byte[] gif = TestImages.encoded("gif", 30, 20);
        assertThat(inspector.inspect(ImageRef.file("a.gif", gif.length), gif)).isInstanceOfSatisfying(PreparedImage.class,
                p -> assertThat(p.dimensions()).isEqualTo(new Dimensions(30, 20)));
    }

    @Test
    void fileOverTheReadLimitIsRefused() {
        ImageInspector small = new ImageInspector(new ImageLimits(200_000, 100, 100_000));
        byte[] png = TestImages.png(400, 400, 7);
        Inspection inspection = small.inspect(ImageRef.file("big.png", png.length), png);
        assertThat(inspection).isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).contains("gemcap.input.max-file-bytes"));
    }

    @Test
    void listedSizeOverTheLimitIsRefusedBeforeAnyRead() {
        ImageInspector small = new ImageInspector(new ImageLimits(200_000, 100, 200_000));
        assertThat(small.refuseBySize(new ImageRef("s3://b/huge.jpg", "huge.jpg", 5_000_000_000L, "etag")))
                .hasValueSatisfying(r -> assertThat(r.reason()).startsWith("file is 4768.4 MB, over the 0.2 MB gemcap reads"));
        assertThat(small.refuseBySize(ImageRef.file("small.jpg", 100_000))).isEmpty();
    }

    /** A structurally valid PNG (good CRCs, one IDAT, IEND) with the given header fields. */
    static byte[] pngWithHeader(int width, int height, int bitDepth, int colourType) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer out = ByteBuffer.allocate(8 + 25 + 12 + 12 + 12);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[0]);
        chunk(out, "IEND", new byte[0]);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        out.putInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.putInt((int) crc.getValue());
    }
}
