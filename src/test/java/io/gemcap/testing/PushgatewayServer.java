package io.gemcap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's Prometheus Pushgateway on a loopback port, keeping what is pushed in memory only. */
public final class PushgatewayServer implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/bin/prometheus-pushgateway");

    private final PrometheusProgram program;
    /** Its web configuration file (read at each request), or {@code null}. */
    private final Path webConfig;

    private PushgatewayServer(PrometheusProgram program, Path webConfig) {
        this.program = program;
        this.webConfig = webConfig;
    }

    /** A Pushgateway on a free port. */
    public static PushgatewayServer start() throws IOException, InterruptedException {
        return start(0);
    }

    /** A Pushgateway on {@code port} (one a test has seen refused, to see it come back). */
    public static PushgatewayServer start(int port) throws IOException, InterruptedException {
        return new PushgatewayServer(program(port, List.of()), null);
    }

    /**
     * A Pushgateway on a free port that takes requests only with HTTP Basic authentication as {@code user}.
     *
     * @param bcryptHash the password's bcrypt hash, as its web configuration file holds it
     */
    public static PushgatewayServer startWithBasicAuth(String user, String bcryptHash) throws IOException, InterruptedException {
        Path config = Files.createTempFile("pushgateway-web-", ".yml");
        Files.writeString(config, "basic_auth_users:\n  " + user + ": '" + bcryptHash + "'\n");
        try {
            return new PushgatewayServer(program(0, List.of("--web.config.file=" + config)), config);
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.delete(config);
            throw e;
        }
    }

    private static PrometheusProgram program(int port, List<String> arguments) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--persistence.file=", "--log.level=debug"));
        all.addAll(arguments);
        return PrometheusProgram.start(PROGRAM, "prometheus-pushgateway", port, all);
    }

    /** Its URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return program.url();
    }

    public int port() {
        return program.port();
    }

    /** Its {@code /metrics}: its own figures and every group pushed to it, with their grouping labels. */
    public String metrics() throws IOException, InterruptedException {
        return program.metrics();
    }

    /** What it logged (for a failing test's message). */
    public String log() {
        return program.log();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        program.close();
        if (webConfig != null) {
            Files.deleteIfExists(webConfig);
        }
    }
}
