package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.image.Dimensions;
import io.gemcap.image.ImageInspector;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import io.gemcap.report.SummaryText;
import io.gemcap.usage.Prices;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** What a run sends for each image and what it costs: detail levels, conversion, orientation, the budget. */
class CostFunctionalTests extends FolderJobTest {

    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.10");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("0.40");
    private static final Prices PRICES = new Prices("", "", Map.of("gemini-2.5-flash-lite",
            new Prices.ModelPrice(INPUT_PRICE.doubleValue(), OUTPUT_PRICE.doubleValue())));
    /**
     * The most one call of a 300x200 image can cost with the default prompt and answer length: its input (one tile and
     * the prompt, a tenth to spare) and 256 output tokens, rounded up.
     */
    private static final double ONE_CALL_WORST_CASE = 0.00014;

    private Map<String, CSVRecord> rows() {
        return CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"), Function.identity()));
    }

    @Test
    void atTheDefaultLevelCameraPhotosAreSentSmallUprightAndConvertedAndEachRowCarriesItsCost() throws Exception {
        TestImages.write(input.resolve("camera.jpg"), TestImages.jpeg(4000, 3000, 1));
        TestImages.write(input.resolve("phone.jpg"), TestImages.jpegWithOrientation(1600, 1200, 6, 2));
        TestImages.write(input.resolve("logo.png"), TestImages.pngWithTransparency(2000, 1000));
        TestImages.write(input.resolve("old/scan.gif"), TestImages.encoded("gif", 200, 150));
        TestImages.write(input.resolve("old/scan.bmp"), TestImages.encoded("bmp", 200, 150));
        TestImages.write(input.resolve("old/scan.tif"), TestImages.encoded("tiff", 200, 150));

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, CSVRecord> rows = rows();
        assertThat(rows).hasSize(6).allSatisfy((path, row) -> assertThat(row.get("status")).as(path + ": " + row.get("error")).isEqualTo("ok"));
        assertThat(emulator.sentSizes()).allSatisfy(size -> assertThat(Math.max(size.width(), size.height())).isLessThanOrEqualTo(768));
        // the 12-megapixel photo: one 258-token tile instead of 24
        assertThat(rows.get("camera.jpg").get("sent_width")).isEqualTo("768");
        assertThat(rows.get("camera.jpg").get("sent_height")).isEqualTo("576");
        assertThat(rows.get("camera.jpg").get("width")).isEqualTo("4000");
        // the phone's portrait photo arrives portrait
        assertThat(emulator.sentSizes()).contains(new Dimensions(576, 768));
        assertThat(rows.get("phone.jpg").get("caption")).contains("576x768 JPEG");
        // transparency stays PNG; GIF, BMP and TIFF, which the service refuses, are converted
        assertThat(rows.get("logo.png").get("caption")).contains("768x384 PNG");
        assertThat(rows.get("old/scan.tif").get("mime")).isEqualTo("image/tiff");
        assertThat(rows.get("old/scan.tif").get("caption")).contains("200x150 JPEG");
        // each row's cost is its tokens at the model's price
        for (CSVRecord row : rows.values()) {
            BigDecimal expected = new BigDecimal(row.get("prompt_tokens")).multiply(INPUT_PRICE)
                    .add(new BigDecimal(row.get("output_tokens")).multiply(OUTPUT_PRICE)).movePointLeft(6);
            assertThat(new BigDecimal(row.get("cost_usd"))).as(row.get("path")).isEqualByComparingTo(expected);
            assertThat(Long.parseLong(row.get("sent_bytes"))).isPositive();
        }
        // a second night takes them all from the ledger at no cost
        GemcapCli.Result again = run();
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(rows().values()).allSatisfy(row -> {
            assertThat(row.get("source")).isEqualTo("ledger");
            assertThat(row.get("cost_usd")).isEqualTo("0");
        });
    }

    @Test
    void aFortyMegabytePhotoIsDownscaledAndCaptioned() throws Exception {
        byte[] huge = noisePng(3700, 3700);
        assertThat(huge.length).isGreaterThan(40_000_000);
        TestImages.write(input.resolve("huge.png"), huge);

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        CSVRecord row = rows().get("huge.png");
        assertThat(row.get("status")).as(row.get("error")).isEqualTo("ok");
        assertThat(row.get("sent_width")).isEqualTo("768");
        assertThat(Long.parseLong(row.get("sent_bytes"))).isLessThan(2_000_000);
    }

    @Test
    void detailOriginalSendsEachFilesExactBytes() throws Exception {
        byte[] photo = TestImages.jpegWithOrientation(1600, 1200, 6, 3);
        byte[] png = TestImages.png(900, 500, 4);
        TestImages.write(input.resolve("a.jpg"), photo);
        TestImages.write(input.resolve("b.png"), png);

        GemcapCli.Result result = run("--detail", "original");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(emulator.callsFor(ImageInspector.sha256(photo))).isEqualTo(1);
        assertThat(emulator.callsFor(ImageInspector.sha256(png))).isEqualTo(1);
        assertThat(rows().get("a.jpg").get("sent_width")).isEqualTo("1600");
    }

    @Test
    void aChangedDetailLevelIsRefusedWithWhatItWouldPayAgainUnlessForced() {
        TestImages.write(input.resolve("a.png"), TestImages.png(900, 500, 5));
        assertThat(run().exitCode()).isZero();

        GemcapCli.Result changed = run("--detail", "high");

        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("detail low (now high)").contains("caption 1 images again").contains("--force");
        assertThat(emulator.calls()).isEqualTo(1);
        assertThat(run("--detail", "high", "--force").exitCode()).isZero();
        assertThat(emulator.calls()).isEqualTo(2);
    }

    @Test
    void aBudgetStopsTheRunOnlyWhenItCannotPayOneMoreCallAndAHigherOneResumesItPayingNothingTwice() throws Exception {
        for (int i = 0; i < 12; i++) {
            TestImages.write(input.resolve(String.format("img%02d.png", i)), TestImages.png(300, 200, 100 + i));
        }
        String budget = "0.0003";

        GemcapCli.Result stopped = run("--budget", budget);

        assertThat(stopped.exitCode()).as(stopped.err() + stopped.out()).isEqualTo(4);
        assertThat(stopped.err() + stopped.out()).contains("stopped at its budget").contains("its budget of 0.0003 USD")
                .contains("higher --budget");
        JsonNode report = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        assertThat(report.get("stoppedBy").asText()).isEqualTo("budget");
        // what the service billed (the start-up check included) is what the run says it was billed, within its budget
        double billed = emulator.invoice().usd(PRICES, 0.5);
        assertThat(report.get("billedUsd").asDouble()).isCloseTo(billed, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.get("costUsd").asDouble()).isPositive().isLessThan(billed);
        assertThat(billed).isLessThanOrEqualTo(Double.parseDouble(budget));
        // and it stopped only because what was left could not pay one more call's worst case (nothing in flight then)
        assertThat(billed).isGreaterThan(Double.parseDouble(budget) - ONE_CALL_WORST_CASE);
        int paid = emulator.calls();
        assertThat(paid).isBetween(1, 11);

        GemcapCli.Result resumed = run("--budget", "1");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(rows()).hasSize(12);
        for (int i = 0; i < 12; i++) {
            byte[] bytes = Files.readAllBytes(input.resolve(String.format("img%02d.png", i)));
            assertThat(emulator.callsFor(ImageInspector.sha256(bytes))).as("img%02d of %d paid in the stopped run; %s", i, paid,
                    stopped.out()).isEqualTo(1);
        }
        assertThat(emulator.calls()).isEqualTo(12);
        assertThat(resumed.out()).contains("billed " + SummaryText.usd(emulator.invoice().usd(PRICES, 0.5)));
    }

    @Test
    void callsTheServiceAnsweredWithErrorsAreNotCountedAsBilledSoTheyTakeNothingFromTheBudget() throws Exception {
        for (int i = 0; i < 3; i++) {
            TestImages.write(input.resolve(String.format("img%02d.png", i)), TestImages.png(300, 200, 300 + i));
        }
        cli.set("gemcap.retry.attempts", "2").set("gemcap.retry.initial-backoff", "10ms").set("gemcap.retry.max-backoff", "10ms")
                .set("gemcap.breaker.window", "100");
        emulator.faults().failNext(1000, 500);

        GemcapCli.Result result = run("--budget", "1");

        assertThat(rows()).as(result.out()).hasSize(3).allSatisfy((path, row) -> assertThat(row.get("status")).isEqualTo("failed"));
        assertThat(emulator.calls()).isEqualTo(6);
        JsonNode report = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        // six 500s, none billed: the run was billed its start-up check alone, and says so
        assertThat(report.get("billedUsd").asDouble()).as(result.out())
                .isCloseTo(emulator.invoice().usd(PRICES, 0.5), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.get("unsettledCalls").asInt()).isZero();
    }

    @Test
    void aBudgetThatCannotPayTheStartUpCheckStopsTheRunBeforeAnythingIsSent() {
        TestImages.write(input.resolve("a.png"), TestImages.png(300, 200, 1));

        GemcapCli.Result stopped = run("--budget", "0.00000001");

        assertThat(stopped.exitCode()).isEqualTo(4);
        assertThat(stopped.err() + stopped.out()).contains("stopped at its budget before its start-up check")
                .contains("its budget of 0.00000001 USD");
        assertThat(emulator.startupChecks() + emulator.calls()).isZero();
    }

    @Test
    void theDailyCapCountsEveryRunOfTheDayInTheJobDatabaseAndItsStartUpChecks() throws Exception {
        for (int i = 0; i < 6; i++) {
            TestImages.write(input.resolve(String.format("img%02d.png", i)), TestImages.png(300, 200, 200 + i));
        }
        cli.set("gemcap.budget.per-day-usd", "0.0002");
        GemcapCli.Result first = run();
        assertThat(first.exitCode()).as(first.err() + first.out()).isEqualTo(4);
        int paid = emulator.calls();
        assertThat(paid).isBetween(1, 5);

        // another job the same day has only what is left of the cap: together they never pass it
        Path other = dir.resolve("other.csv");
        GemcapCli.Result second = cli.run("run", "--input", input.toString(), "--output", other.toString(), "--endpoint",
                emulator.baseUrl(), "--force");

        assertThat(second.exitCode()).isEqualTo(4);
        // and it says what resumes it: tomorrow, or a higher cap (a higher --budget would not)
        assertThat(second.err() + second.out()).contains("stopped at today's cap").contains("today's cap of 0.0002 USD")
                .contains("run the same command tomorrow, or with a higher gemcap.budget.per-day-usd").doesNotContain("--budget");
        double billed = emulator.invoice().usd(PRICES, 0.5);
        assertThat(billed).isLessThanOrEqualTo(0.0002).isGreaterThan(0.0002 - ONE_CALL_WORST_CASE);
    }

    private static byte[] noisePng(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = random.nextInt(0x1000000);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void anEstimateCallsNothingAndIsWithinFivePercentOfWhatTheRunIsThenBilled() throws Exception {
        for (int i = 0; i < 4; i++) {
            TestImages.write(input.resolve("camera" + i + ".jpg"), TestImages.jpeg(4000, 3000, 10 + i));
        }
        TestImages.write(input.resolve("phone.jpg"), TestImages.jpegWithOrientation(1600, 1200, 6, 20));
        TestImages.write(input.resolve("small.png"), TestImages.png(300, 200, 21));
        TestImages.write(input.resolve("notes.png"), "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        GemcapCli.Result estimate = cli.run("estimate", "--input", input.toString(), "--detail", "medium");

        assertThat(estimate.exitCode()).as(estimate.err()).isZero();
        assertThat(emulator.calls() + emulator.startupChecks()).isZero();
        assertThat(estimate.out()).contains("images           7").contains("to call          6").contains("rejected         1");
        long predicted = Long.parseLong(estimate.out().replaceAll("(?s).*input tokens +([0-9,]+).*", "$1").replace(",", ""));

        GemcapCli.Result result = run("--detail", "medium");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat((double) predicted).isCloseTo(emulator.promptTokensBilled(), org.assertj.core.data.Percentage.withPercentage(5));
        // once answered, the ledger makes the next run free, and the estimate says so
        GemcapCli.Result next = cli.run("estimate", "--input", input.toString(), "--detail", "medium");
        assertThat(next.out()).contains("to call          0").contains("from the ledger  6").contains("$0.0000");
    }
}
