package io.gemcap.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program of Prometheus's (a Pushgateway, node_exporter) run for a test on a free loopback port: installed from its
 * Debian package when missing, started, and waited for until it serves its {@code /metrics}. What it prints goes to a
 * log file, shown when it does not start and by {@link #log} for a failing test.
 */
final class PrometheusProgram implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final int port;

    private PrometheusProgram(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code program} with {@code --web.listen-address=127.0.0.1:<port>} and {@code arguments}.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    static PrometheusProgram start(Path program, String debianPackage, int port, List<String> arguments)
            throws IOException, InterruptedException {
        DebianPackages.ensure(program, debianPackage);
        Path log = Files.createTempFile(program.getFileName() + "-", ".log");
        int listening = port == 0 ? freePort() : port;
        List<String> command = new ArrayList<>(List.of(program.toString(), "--web.listen-address=127.0.0.1:" + listening));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusProgram started = new PrometheusProgram(process, log, listening);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!started.serves()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                started.close();
                throw new IllegalStateException(program + " did not start on port " + listening + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return started;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether it answers (a gateway asking for a password answers 401). */
    private boolean serves() throws InterruptedException {
        try {
            get("/metrics");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The program's {@code /metrics}. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** What the program printed so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(its log " + log + " could not be read: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
