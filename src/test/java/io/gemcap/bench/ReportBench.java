package io.gemcap.bench;

import io.gemcap.image.DecodeBudget;
import io.gemcap.image.Thumbnails;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.report.HtmlReport;
import io.gemcap.report.RunSummary;
import io.gemcap.report.StopReason;
import io.gemcap.testing.HeadlessChromium;
import io.gemcap.testing.TestImages;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long a big run's report takes to write and to open: pages of 1,000 and 100,000 images (a thumbnail each), written
 * and then loaded in headless Chromium until its first cards are drawn, side by side. Prints figures; asserts nothing.
 * Run with {@code bench/report}.
 */
public final class ReportBench {

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        HeadlessChromium.ensureInstalled();
        Path dir = Files.createTempDirectory("gemcap-report-bench");
        Thumbnails thumbnails = new Thumbnails(dir.resolve("store"), DecodeBudget.ofHeap(0.5));
        byte[] image = TestImages.jpeg(640, 480, 1);
        String sample = io.gemcap.image.ImageInspector.sha256(image);
        thumbnails.make(sample, image);
        for (int images : List.of(1_000, Integer.getInteger("bench.images", 100_000))) {
            Path page = dir.resolve("r" + images).resolve("captions.html");
            Files.createDirectories(HtmlReport.thumbnailFolder(page));
            long started = System.nanoTime();
            try (java.io.Writer out = Files.newBufferedWriter(page)) {
                HtmlReport.write(out, HtmlReport.thumbnailFolder(page), summary(images), rows -> {
                    for (int i = 0; i < images; i++) {
                        rows.accept(row(i));
                    }
                }, row -> Optional.of(thumbnails.path(sample)));
            }
            double writeSeconds = (System.nanoTime() - started) / 1e9;
            // Timed to the first picture drawn; dumping a 20 MB document back (to count the cards) is not what a person waits for.
            started = System.nanoTime();
            HeadlessChromium.screenshot(page.toUri().toString(), dir.resolve("r" + images + ".png"));
            double openSeconds = (System.nanoTime() - started) / 1e9;
            HeadlessChromium.Page shown = HeadlessChromium.load(page.toUri().toString());
            int cards = shown.dom().split("<article class=\"card ", -1).length - 1;
            System.out.printf(Locale.ROOT, "%,7d images: page %.1f MB, written in %.1f s; opened and drawn by headless Chromium (its start included) in %.1f s"
                    + " (%d cards drawn, console lines %d)%n", images, Files.size(page) / 1e6, writeSeconds, openSeconds, cards,
                    shown.console().size());
        }
    }

    private static CaptionRow row(int i) {
        String sha = String.format(Locale.ROOT, "%064x", i);
        return new CaptionRow(new CaptionRow.ImageFacts("2024/trip-" + (i / 1000) + "/IMG_" + i + ".jpg", sha, "image/jpeg", 4000, 3000,
                768, 576, 60_000L), new CaptionRow.Answer(i % 50 == 0 ? RowStatus.REJECTED : RowStatus.OK,
                i % 50 == 0 ? null : "A sandy beach at sunset with two people walking a dog along the waterline, picture " + i,
                i % 50 == 0 ? "truncated JPEG: the file ends before its end-of-image marker" : null, "STOP"),
                new CaptionRow.Usage("gemini-2.5-flash-lite", 276, 30, 0, 900L, new BigDecimal("0.0000396")), RowSource.CALL, null);
    }

    private static RunSummary summary(int images) {
        return new RunSummary(1, 1, "/photos", "/out/captions.csv", "online", "COMPLETED", new StopReason.Completed(),
                "2026-12-02T10:00:00", "2026-12-02T12:00:00", 7200, Map.of("ok", (long) images), Map.of("call", (long) images),
                Map.of(), Map.of("prompt", 276L * images), images * 0.0000396, null, Map.of(), new RunSummary.QuotaUse(images, 0, 0),
                List.of(), 0, 0, 0, List.of(), List.of(), new RunSummary.Files("/out/captions.csv", "/out/captions.html", null, null), "host",
                1, null, new RunSummary.Billed(images * 0.0000396, 0));
    }
}
