package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import io.gemcap.usage.Prices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** A server that answers nonsense, refuses the request itself, or echoes the key; and hostile settings. */
class HostileServiceFunctionalTests extends FolderJobTest {

    private static final String SECRET_KEY = "AIzaSyD-gemcap-test-secret-0042";
    private static final int IMAGES = 12;

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder().apiKey(SECRET_KEY);
    }

    @BeforeEach
    void images() {
        cli.env("GEMINI_API_KEY", SECRET_KEY);
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("d" + (i % 2) + "/img" + i + ".png"), TestImages.png(14, 14, i));
        }
    }

    private JdbcTemplate jobDatabase() {
        return new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), cli.jdbcUrl(), "sa", ""));
    }

    /** A PNG whose chunks and checksums are sound (gemcap's check passes it) but whose pixel data is not zlib: the service refuses it. */
    private static byte[] pngWithUndecodablePixels() {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", java.nio.ByteBuffer.allocate(13).putInt(30).putInt(30).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        byte[] noise = new byte[200];
        new java.util.Random(5).nextBytes(noise);
        chunk(png, "IDAT", noise);
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream png, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        png.writeBytes(data);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private long ledgerEntries() {
        return jobDatabase().queryForObject("SELECT COUNT(*) FROM gemcap_ledger", Long.class);
    }

    @Test
    void anEndpointAnsweringHtmlStopsAtStartWithOneLine() {
        emulator.faults().answerHtml();

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("gemcap: what answers at " + emulator.baseUrl() + " is not the Gemini API")
                .hasLineCount(1);
        assertThat(output).doesNotExist();
    }

    @Test
    void tlsAgainstAPlainHttpPortStopsAtStartWithOneLine() throws Exception {
        // given a plain HTTP server that answers what it cannot parse with 400, as nginx does to a TLS hello
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (Socket client = plain.accept()) {
                        client.getInputStream().read(new byte[4096]);
                        client.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 11"
                                + "\r\nConnection: close\r\n\r\nBad Request").getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        // next connection, or the test is over
                    }
                }
            });
            server.setDaemon(true);
            server.start();

            // when gemcap is pointed at it with https://
            GemcapCli.Result result = cli.run("run", "--input", input.toString(), "--output", output.toString(), "--endpoint",
                    "https://127.0.0.1:" + plain.getLocalPort());

            // then it stops at start, saying so in one line
            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err()).startsWith("gemcap: cannot speak TLS with https://").hasLineCount(1);
        }
    }

    @Test
    void aServiceRefusingTheRequestItselfStopsAtStartAndNothingReachesTheLedger() {
        emulator.faults().refuseRequests("FAILED_PRECONDITION", "User location is not supported for the API use.");

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("the service refused gemcap's start-up request")
                .contains("User location is not supported").hasLineCount(1);
        assertThat(emulator.calls()).isZero();
        assertThat(ledgerEntries()).isZero();
    }

    @Test
    void theSameRefusalOfTheRequestOnSeveralImagesMidRunStopsTheJobAndTheImagesArePaidForLater() {
        // given a run whose service starts refusing every request (a setting withdrawn) once it is under way
        cli.set("gemcap.limits.concurrency", "1");
        emulator.setLatency(Duration.ofMillis(150));
        CompletableFuture<GemcapCli.Result> running = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.calls() >= 3);
        emulator.faults().refuseRequests("INVALID_ARGUMENT", "Thinking budget is not supported by this model.");

        // then the job stops, exit 2, naming the refusal, and none of the refused images is in the ledger
        GemcapCli.Result stopped = running.join();
        assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(2);
        assertThat(stopped.err()).contains("Thinking budget is not supported").contains("3 different images in a row");
        assertThat(ledgerEntries()).isLessThan(IMAGES);

        // and once the setting is right, the same command finishes the run (rows refused before the stop was decided
        // are failed, as any failed call) and the next night pays for those, so that every image ends ok
        emulator.faults().clear();
        GemcapCli.Result resumed = run();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(IMAGES).filteredOn(r -> r.get("status").equals("failed"))
                .hasSizeLessThan(3).allSatisfy(r -> assertThat(r.get("error")).contains("refused the request (not the image)"));
        GemcapCli.Result nextNight = run();
        assertThat(nextNight.exitCode()).as(nextNight.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(IMAGES).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("ok"));
        assertThat(ledgerEntries()).isEqualTo(IMAGES);
    }

    @Test
    void answersOfTheWrongShapeAreFailedRowsSentOnceAndCountedAsBilled() throws IOException {
        // given a gateway that answers every call of the run 200 with JSON that is not Gemini's (the service billed them)
        emulator.faults().answerWrongShape();
        // retried as unreachable, they would keep the run going to this patience and end it exit 1
        cli.set("gemcap.breaker.patience", "20s");

        GemcapCli.Result result = run();

        // then each image is sent once and is a failed row saying why, and the run ends as with any failed row
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(emulator.calls()).as(result.out()).isEqualTo(IMAGES);
        assertThat(CsvFiles.records(output)).hasSize(IMAGES).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("failed");
            assertThat(r.get("error")).startsWith("the answer was not Gemini's JSON (").contains("may have been billed")
                    .doesNotContain("cannot reach");
        });
        // and billed counts them as the service may have: at least what it invoiced, more than the start-up check alone
        JsonNode report = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        Prices prices = new Prices("", "", Map.of("gemini-2.5-flash-lite", new Prices.ModelPrice(0.10, 0.40)));
        assertThat(emulator.invoice().requests()).isEqualTo(IMAGES + 1);
        assertThat(report.get("billedUsd").asDouble()).as(result.out())
                .isGreaterThanOrEqualTo(emulator.invoice().usd(prices, 0.5) - 1e-9);
    }

    @Test
    void aServerEchoingTheKeyNeverGetsItPrintedOrStored() throws IOException {
        // given a gateway repeating the key in its errors, an image it refuses, and then an outage past the patience
        emulator.faults().echoKeyInErrors();
        TestImages.write(input.resolve("d0/broken.png"), pngWithUndecodablePixels());
        GemcapCli.Result first = run();
        assertThat(first.exitCode()).as(first.err()).isZero();
        emulator.faults().outage(Duration.ofMinutes(5));
        TestImages.write(input.resolve("d1/new.png"), TestImages.png(31, 31, 78));
        GemcapCli.Result second = run();
        assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
        assertThat(second.err()).contains("503").contains("[redacted]");

        // then the key is in nothing gemcap printed or wrote
        String everything = first.out() + first.err() + second.out() + second.err() + Files.readString(output)
                + Files.readString(Path.of(output + ".run.json"))
                + jobDatabase().queryForList("SELECT COALESCE(error, '') FROM gemcap_result", String.class)
                + jobDatabase().queryForList("SELECT COALESCE(error, '') FROM gemcap_ledger", String.class);
        assertThat(everything).contains("refused the image").doesNotContain(SECRET_KEY);
    }

    @Test
    void nothingListeningOnThePortEndsResumableOncePastThePatience() {
        cli.set("gemcap.limits.concurrency", "1");
        GemcapCli.Result result = cli.run("run", "--input", input.toString(), "--output", output.toString(), "--endpoint",
                "http://127.0.0.1:9");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains("has been failing for over 2 s").contains("run the same command to resume");
    }

    @Test
    void aHugeConcurrencyIsCappedAndTheRunTakesEveryImage() {
        GemcapCli.Result result = run("--concurrency", "2147483647");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("run 1 completed: " + IMAGES + " images");
    }

    @Test
    void anOutputNamingAnImageInsideTheInputOrAFileThatIsNotACsvIsRefused() throws IOException {
        Path image = input.resolve("d0/img0.png");
        byte[] before = Files.readAllBytes(image);
        GemcapCli.Result overImage = cli.run("run", "--input", input.toString(), "--output", image.toString(), "--endpoint",
                emulator.baseUrl());
        assertThat(overImage.exitCode()).isEqualTo(2);
        assertThat(overImage.err()).contains("lies inside --input and is named like an image").hasLineCount(1);
        assertThat(Files.readAllBytes(image)).isEqualTo(before);

        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        GemcapCli.Result overNotes = cli.run("run", "--input", input.toString(), "--output", notes.toString(), "--endpoint",
                emulator.baseUrl());
        assertThat(overNotes.exitCode()).isEqualTo(2);
        assertThat(overNotes.err()).contains("exists and is not a CSV gemcap wrote").hasLineCount(1);
        assertThat(Files.readString(notes)).isEqualTo("my notes\n");
    }

    @Test
    void aFileOfTheUsersWhereGemcapKeepsItsPartialCsvOrRunJsonOrAPipeAsOutputIsRefused() throws Exception {
        Path partial = Files.writeString(Path.of(output + ".partial"), "draft notes\n");
        GemcapCli.Result overPartial = run();
        assertThat(overPartial.exitCode()).isEqualTo(2);
        assertThat(overPartial.err()).contains(partial + " exists and is not a CSV gemcap wrote").hasLineCount(1);
        assertThat(Files.readString(partial)).isEqualTo("draft notes\n");
        Files.delete(partial);

        Path runJson = Files.writeString(Path.of(output + ".run.json"), "{\"mine\": true}");
        GemcapCli.Result overRunJson = run();
        assertThat(overRunJson.exitCode()).isEqualTo(2);
        assertThat(overRunJson.err()).contains(runJson + " exists and is not a run.json gemcap wrote").hasLineCount(1);
        assertThat(Files.readString(runJson)).isEqualTo("{\"mine\": true}");
        Files.delete(runJson);

        Path pipe = dir.resolve("pipe.csv");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        GemcapCli.Result overPipe = cli.run("run", "--input", input.toString(), "--output", pipe.toString(), "--endpoint",
                emulator.baseUrl());
        assertThat(overPipe.exitCode()).isEqualTo(2);
        assertThat(overPipe.err()).contains("exists and is not a file").hasLineCount(1);
        assertThat(Files.isRegularFile(pipe)).isFalse();

        // and with them gone the run goes, and its own run.json and partial CSV are no obstacle to the next one
        assertThat(run().exitCode()).isZero();
        assertThat(run().exitCode()).isZero();
    }

    @Test
    void aDamagedJobDatabaseStopsAtStartNamingTheFileAndNotPromisingAResume() throws Exception {
        assertThat(run().exitCode()).isZero();
        // damaged at rest, not under the server process that holds it while jobs use it
        stopJobDatabaseServers();
        Path database = dir.resolve("db/jobs.mv.db");
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(database, garbage);

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("gemcap: the job database").contains("is damaged").contains("restore it from a backup")
                .doesNotContain("run the same command").hasLineCount(1);
    }
}
