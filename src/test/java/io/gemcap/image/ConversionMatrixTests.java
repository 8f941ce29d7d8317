package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.source.ImageRef;
import io.gemcap.testing.Pillow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every colour model a user's archive holds is sent as the picture it is. The files are made by Pillow (Debian's
 * python3-pil, with TurboJPEG for YCCK, ImageMagick for tiled and 16-bit RGB TIFF and Ghostscript's ICC profiles), and the reference decoder is
 * Pillow too: the file and what gemcap sends for it are both decoded by Pillow, turned upright, flattened onto white and
 * reduced to 64 px, so neither Java's decoders nor gemcap's judge their own work
 * ({@code src/test/resources/pillow/conversion_matrix.py}). Each case comes at 1600x1200 (scaled to the low detail
 * level's 768 px) and at 320x240 (sent as it is where the service takes the format).
 */
class ConversionMatrixTests {

    /** Mean difference allowed per channel, in levels of 255. */
    private static final double MEAN_LEVELS = 3;
    /** The 95th-percentile pixel error allowed (the largest channel difference of a pixel). */
    private static final int P95_LEVELS = 10;

    private final ImageInspector inspector = new ImageInspector(ImageLimits.GEMINI_INLINE);
    private final ImageConverter converter = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes());

    @TestFactory
    Stream<DynamicTest> everyColourModelIsSentAsThePictureItIs(@TempDir Path folder) throws Exception {
        // given every case of the matrix, made by Pillow
        Pillow.ensureInstalled();
        Pillow.run("conversion_matrix.py", "make", folder.toString());
        List<String[]> cases = Files.readAllLines(folder.resolve("manifest.tsv")).stream().map(line -> line.split("\t")).toList();

        // when gemcap prepares each for the low detail level
        Map<String, String> defects = new LinkedHashMap<>();
        for (String[] c : cases) {
            byte[] file = Files.readAllBytes(folder.resolve(c[1]));
            Inspection inspection = inspector.inspect(ImageRef.file(c[1], file.length), file);
            try {
                if (!(inspection instanceof PreparedImage image)) {
                    throw new ImageDefect(((Rejection) inspection).reason());
                }
                SendableImage sent = converter.convert(image, OptionalInt.of(768));
                Files.write(folder.resolve(c[1] + ".sent"), sent.bytes());
            } catch (ImageDefect defect) {
                defects.put(c[0], defect.getMessage());
            }
        }

        // then Pillow sees the same picture in what is sent as in the file
        Map<String, double[]> measured = new LinkedHashMap<>();
        String table = Pillow.run("conversion_matrix.py", "compare", folder.toString());
        System.out.println("case\tmean r\tmean g\tmean b\tp95\tsent\n" + table);
        for (String line : table.split("\n")) {
            String[] f = line.split("\t");
            measured.put(f[0], Arrays.stream(f, 1, 5).mapToDouble(Double::parseDouble).toArray());
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] c : cases) {
            tests.add(DynamicTest.dynamicTest(c[0], () -> {
                assertThat(defects.get(c[0])).as("conversion of " + c[0]).isNull();
                double[] m = measured.get(c[0]);
                assertThat(m).as("comparison of " + c[0]).isNotNull();
                assertThat(Math.max(m[0], Math.max(m[1], m[2]))).as(c[0] + ": mean difference per channel (r, g, b): %.2f %.2f %.2f",
                        m[0], m[1], m[2]).isLessThanOrEqualTo(MEAN_LEVELS);
                assertThat(m[3]).as(c[0] + ": 95th-percentile pixel error").isLessThanOrEqualTo(P95_LEVELS);
            }));
        }
        return tests.stream();
    }
}
