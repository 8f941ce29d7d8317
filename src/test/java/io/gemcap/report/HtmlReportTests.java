package io.gemcap.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gemcap.image.DecodeBudget;
import io.gemcap.image.Thumbnails;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.testing.HeadlessChromium;
import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as a browser shows it (Debian's Chromium, headless): nothing leaves the page, every image has its card. */
class HtmlReportTests {

    private static final Pattern CARD = Pattern.compile("<article class=\"card (\\w+)\" data-status=\"(\\w+)\">");

    @TempDir
    Path dir;

    private HttpServer site;
    private HttpServer canary;
    private final List<String> served = new CopyOnWriteArrayList<>();
    private final List<String> leaked = new CopyOnWriteArrayList<>();
    private final List<CaptionRow> rows = new ArrayList<>();
    private Path page;

    @BeforeEach
    void aRunWithHostileNamesAndCaptions() throws IOException {
        canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        canary.createContext("/", exchange -> {
            leaked.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        canary.start();
        String elsewhere = "http://127.0.0.1:" + canary.getAddress().getPort();
        Thumbnails thumbnails = new Thumbnails(dir.resolve("store"), DecodeBudget.ofHeap(0.5));
        for (int i = 0; i < 12; i++) {
            byte[] image = TestImages.jpeg(300 + i, 200, i);
            String sha = io.gemcap.image.ImageInspector.sha256(image);
            assertThat(thumbnails.make(sha, image)).isTrue();
            rows.add(row("trip/img" + i + ".jpg", sha, RowStatus.OK, "A beach at sunset, picture " + i, null));
        }
        rows.add(row("<script>alert(1)</script>.png", "0".repeat(64), RowStatus.OK,
                "</script><script>fetch('" + elsewhere + "/script')</script><img src=\"" + elsewhere + "/img\">", null));
        rows.add(row("bad/empty.png", null, RowStatus.REJECTED, null, "empty file"));
        rows.add(row("bad/notes.png", null, RowStatus.REJECTED, null, "not an image: the file holds text"));
        rows.add(row("bad/other.png", null, RowStatus.REJECTED, null, "empty file"));
        rows.add(row("safety/x.png", "1".repeat(64), RowStatus.BLOCKED, null, "response stopped: SAFETY"));
        rows.add(row("slow/y.png", "2".repeat(64), RowStatus.FAILED, null, "503: overloaded <b>" + elsewhere + "</b>"));
        page = dir.resolve("out").resolve("captions.html");
        Files.createDirectories(page.getParent());
        Files.createDirectories(HtmlReport.thumbnailFolder(page));
        try (java.io.Writer out = Files.newBufferedWriter(page)) {
            HtmlReport.write(out, HtmlReport.thumbnailFolder(page), summary(), each -> rows.forEach(each),
                    row -> row.sha256() != null && thumbnails.has(row.sha256()) ? Optional.of(thumbnails.path(row.sha256())) : Optional.empty());
        }

        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            served.add(path);
            Path file = page.getParent().resolve(path.substring(1));
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        site.start();
    }

    @AfterEach
    void stopServers() {
        site.stop(0);
        canary.stop(0);
    }

    private String url(String fragment) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + "/captions.html" + fragment;
    }

    @Test
    void theReportShowsACardPerImageAsTextAndAsksNothingOfTheNetwork() throws Exception {
        // when the report is opened in a browser
        HeadlessChromium.Page shown = HeadlessChromium.load(url(""));

        // then it loads without a console message, asking for nothing but itself and its thumbnails
        assertThat(shown.console()).isEmpty();
        assertThat(served).allMatch(path -> path.equals("/captions.html") || path.matches("/captions_files/[0-9a-f]{64}\\.jpg"));
        assertThat(served).anyMatch(path -> path.startsWith("/captions_files/"));
        assertThat(leaked).isEmpty();
        // and it shows one card per image, whose names and captions holding markup are text
        assertThat(cards(shown.dom())).hasSize(rows.size());
        assertThat(shown.dom()).contains("&lt;script&gt;alert(1)&lt;/script&gt;.png")
                .contains("&lt;/script&gt;&lt;script&gt;fetch(").doesNotContain("<script>alert(1)").doesNotContain("<img src=\"http://127.0.0.1:"
                        + canary.getAddress().getPort());
        // and the failures grouped by reason, the most common first
        assertThat(shown.dom()).containsSubsequence("2 \u00d7 empty file", "1 \u00d7 not an image");
        HeadlessChromium.screenshot(url(""), Path.of("target", "report-screenshots", "report.png"));
    }

    @Test
    void theStatusFilterHidesOkRowsAndTheSearchFindsCaptions() throws Exception {
        // when the report is opened filtered to the rejected rows
        HeadlessChromium.Page rejected = HeadlessChromium.load(url("#status=rejected"));

        // then only they are shown
        assertThat(cards(rejected.dom())).containsOnly("rejected").hasSize(3);
        assertThat(rejected.dom()).contains("<button id=\"more\" hidden=\"\">");
        assertThat(rejected.console()).isEmpty();

        // and a search finds the captions that hold its words
        HeadlessChromium.Page sunset = HeadlessChromium.load(url("#q=picture+1"));
        assertThat(cards(sunset.dom())).hasSize(3);
        HeadlessChromium.screenshot(url("#status=rejected"), Path.of("target", "report-screenshots", "report-rejected.png"));
    }

    private static List<String> cards(String dom) {
        List<String> statuses = new ArrayList<>();
        Matcher card = CARD.matcher(dom);
        while (card.find()) {
            statuses.add(card.group(2));
        }
        return statuses;
    }

    private static CaptionRow row(String path, String sha, RowStatus status, String caption, String error) {
        return new CaptionRow(new CaptionRow.ImageFacts(path, sha, "image/jpeg", 300, 200, 300, 200, 1000L),
                new CaptionRow.Answer(status, caption, error, null),
                new CaptionRow.Usage("gemini-2.5-flash-lite", 300, 20, 0, 100L, new BigDecimal("0.000036")), RowSource.CALL, null);
    }

    private RunSummary summary() {
        return new RunSummary(1, 1, "/photos", "/out/captions.csv", "online", "COMPLETED", new StopReason.Completed(),
                "2026-12-02T10:00:00", "2026-12-02T10:01:00", 60, Map.of("ok", 13L, "rejected", 3L, "blocked", 1L, "failed", 1L),
                Map.of("call", 15L, "check", 3L), Map.of("hidden", 1L), Map.of("prompt", 4000L, "output", 300L, "thought", 0L), 0.0005,
                null, Map.of(), new RunSummary.QuotaUse(15, 0, 0), List.of(new RunSummary.ReasonCount("empty file", 2)), 0, 0, 0, List.of(),
                List.of(), new RunSummary.Files("/out/captions.csv", "/out/captions.html", "/out/captions.csv.run.json", null), "host", 1,
                null, new RunSummary.Billed(0.0006, 0));
    }
}
