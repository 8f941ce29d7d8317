package io.gemcap.bench;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How much of a request quota gemcap uses: one process, three processes sharing the quota's pool through one job
 * database (with the database round trips per call), and the seed's way (one call after another), in one
 * invocation. Prints figures; asserts nothing. Run with {@code bench/quota}.
 */
public final class QuotaBench {

    private static final int IMAGES = Integer.getInteger("bench.images", 600);
    private static final int PROCESSES = Integer.getInteger("bench.processes", 3);
    private static final int SEQUENTIAL_IMAGES = Integer.getInteger("bench.sequentialImages", 60);
    private static final int RPM = Integer.getInteger("bench.rpm", 300);
    private static final Duration LATENCY = Duration.ofMillis(Long.getLong("bench.latencyMs", 1200));

    private QuotaBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-quota-bench");
        Path input = dir.resolve("images");
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve(String.format("p%02d/img%04d.png", i / 100, i)), TestImages.png(64, 48, i));
        }
        System.out.printf(Locale.ROOT, "quota benchmark: %d images; emulator quota %d requests per sliding minute and %d per"
                + " sliding second; latency %d ms%n", IMAGES, RPM, RPM / 60, LATENCY.toMillis());

        Result gemcap;
        try (GeminiEmulator emulator = quotaEmulator()) {
            GemcapCli cli = new GemcapCli(dir.resolve("db")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                    .set("gemcap.limits.concurrency", "0").set("gemcap.job.chunk-size", "20")
                    .set("logging.level.io.gemcap", "WARN").set("gemcap.breaker.window", "10").set("gemcap.breaker.open-wait", "30s")
                    .set("gemcap.breaker.patience", "10m");
            long started = System.nanoTime();
            GemcapCli.Result run = cli.run("run", "--input", input.toString(), "--output", dir.resolve("captions.csv").toString(),
                    "--endpoint", emulator.baseUrl(), "--rpm", String.valueOf(RPM));
            if (run.exitCode() != 0) {
                throw new IllegalStateException("the run failed: " + run.err());
            }
            gemcap = Result.of(emulator.events(), System.nanoTime() - started);
        }
        long singleRoundTrips = roundTrips(dir.resolve("db"));
        Result shared = sharedRun(dir);
        long sharedRoundTrips = roundTrips(dir.resolve("shared-db"));
        Result sequential;
        try (GeminiEmulator emulator = quotaEmulator()) {
            long started = System.nanoTime();
            sequentialLoop(emulator, input);
            sequential = Result.of(emulator.events(), System.nanoTime() - started);
        }
        gemcap.print("gemcap, one process", RPM);
        shared.print("gemcap, " + PROCESSES + " processes", RPM);
        sequential.print("sequential loop (seed)", RPM);
        System.out.printf(Locale.ROOT, "quota pool round trips (lease or report, 2 statements each) per call: one process %.3f (%d),"
                + " %d processes %.3f (%d)%n", (double) singleRoundTrips / gemcap.calls(), singleRoundTrips, PROCESSES,
                (double) sharedRoundTrips / shared.calls(), sharedRoundTrips);
        System.out.printf(Locale.ROOT, "gemcap uses %.1fx the quota share of the sequential loop%n",
                gemcap.callsPerMinute() / sequential.callsPerMinute());
    }

    /**
     * The same images split between {@code PROCESSES} gemcap processes started together on one job database and one
     * key, so one quota pool. The benchmark holds the database open, so no process serves it to the others.
     */
    private static Result sharedRun(Path dir) throws Exception {
        List<Path> files;
        try (var walk = Files.walk(dir.resolve("images"))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path to = dir.resolve("shared-images" + (i % PROCESSES)).resolve(files.get(i).getFileName());
            Files.createDirectories(to.getParent());
            Files.copy(files.get(i), to);
        }
        try (GeminiEmulator emulator = quotaEmulator()) {
            GemcapCli cli = new GemcapCli(dir.resolve("shared-db")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                    .set("gemcap.limits.concurrency", "0").set("gemcap.job.chunk-size", "20").set("gemcap.limits.rpm", String.valueOf(RPM))
                    .set("logging.level.io.gemcap", "WARN").set("gemcap.breaker.window", "10").set("gemcap.breaker.open-wait", "30s")
                    .set("gemcap.breaker.patience", "10m");
            try (Connection held = DriverManager.getConnection(cli.jdbcUrl(), "sa", "")) {
                long started = System.nanoTime();
                List<Process> processes = new ArrayList<>();
                for (int p = 0; p < PROCESSES; p++) {
                    processes.add(ChildJvm.start(cli, List.of("run", "--input", dir.resolve("shared-images" + p).toString(), "--output",
                            dir.resolve("shared" + p + ".csv").toString(), "--endpoint", emulator.baseUrl()), dir.resolve("shared" + p + ".log")));
                }
                for (int p = 0; p < PROCESSES; p++) {
                    if (processes.get(p).waitFor() != 0) {
                        throw new IllegalStateException("shared run " + p + " failed: see " + dir.resolve("shared" + p + ".log"));
                    }
                }
                return Result.of(emulator.events(), System.nanoTime() - started);
            }
        }
    }

    /** Leases and reports the job database's quota pools took. */
    private static long roundTrips(Path databaseDir) throws Exception {
        try (Connection connection = DriverManager.getConnection(new GemcapCli(databaseDir).jdbcUrl(), "sa", "");
                var statement = connection.createStatement();
                var row = statement.executeQuery("SELECT COALESCE(SUM(round_trips), 0) FROM gemcap_quota")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static GeminiEmulator quotaEmulator() {
        GeminiEmulator emulator = GeminiEmulator.builder().latency(LATENCY).build();
        emulator.faults().quota(RPM, Duration.ofMinutes(1)).quota(Math.max(1, RPM / 60), Duration.ofSeconds(1));
        return emulator.start();
    }

    /** The seed's way: the official client, one image after another, no pacing, no retries. */
    private static void sequentialLoop(GeminiEmulator emulator, Path input) throws Exception {
        List<Path> files;
        try (var walk = Files.walk(input)) {
            files = walk.filter(Files::isRegularFile).sorted().limit(SEQUENTIAL_IMAGES).toList();
        }
        try (Client client = Client.builder().apiKey(GeminiEmulator.DEFAULT_KEY).httpOptions(HttpOptions.builder()
                .baseUrl(emulator.baseUrl()).apiVersion("v1beta").retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build()).build()) {
            for (Path file : files) {
                try {
                    client.models.generateContent("gemini-2.5-flash", Content.fromParts(Part.fromText("Caption this image."),
                            Part.fromBytes(Files.readAllBytes(file), "image/png")), null);
                } catch (ApiException e) {
                    // a 429 costs the seed its image; counted from the emulator's log
                }
            }
        }
    }

    private record Result(int ok, int rateLimited, long firstNanos, long lastNanos, long wallNanos, List<String> rateLimitedAt) {

        static Result of(List<GeminiEmulator.CallEvent> events, long wallNanos) {
            int ok = 0;
            int limited = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (GeminiEmulator.CallEvent event : events) {
                if (event.status() == 200) {
                    ok++;
                    first = Math.min(first, event.arrivedNanos());
                    last = Math.max(last, event.arrivedNanos());
                } else if (event.status() == 429) {
                    limited++;
                }
            }
            List<String> at = new java.util.ArrayList<>();
            for (GeminiEmulator.CallEvent event : events) {
                if (event.status() == 429) {
                    at.add(String.format(Locale.ROOT, "%.1f s", (event.arrivedNanos() - first) / 1e9));
                }
            }
            return new Result(ok, limited, first, last, wallNanos, at);
        }

        int calls() {
            return ok + rateLimited;
        }

        /** Answered calls per minute from the first to the last, counting the last one's own slot. */
        double callsPerMinute() {
            double minutes = (lastNanos - firstNanos) / 60e9;
            return (ok - 1) / minutes;
        }

        void print(String name, int rpm) {
            System.out.printf(Locale.ROOT, "%-24s %4d ok in %6.1f s (whole run); %6.1f calls/min = utilisation %.3f of %d RPM;"
                            + " 429s: %d (%.2f %% of calls)%n", name, ok, wallNanos / 1e9, callsPerMinute(),
                    callsPerMinute() / rpm, rpm, rateLimited, 100.0 * rateLimited / Math.max(1, ok + rateLimited));
            if (!rateLimitedAt.isEmpty()) {
                System.out.println("  429s at " + String.join(", ", rateLimitedAt) + " after the first call");
            }
        }
    }
}
