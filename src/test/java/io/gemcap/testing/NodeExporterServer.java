package io.gemcap.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's node_exporter on a loopback port with only its textfile collector, as a team's monitoring reads metrics files
 * a cron job leaves in {@code --collector.textfile.directory}.
 */
public final class NodeExporterServer implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/bin/prometheus-node-exporter");

    private final PrometheusProgram program;

    private NodeExporterServer(PrometheusProgram program) {
        this.program = program;
    }

    /** A node_exporter on a free port reading the {@code .prom} files in {@code textfileDirectory}. */
    public static NodeExporterServer start(Path textfileDirectory) throws IOException, InterruptedException {
        return new NodeExporterServer(PrometheusProgram.start(PROGRAM, "prometheus-node-exporter", 0, List.of(
                "--collector.disable-defaults", "--collector.textfile",
                "--collector.textfile.directory=" + textfileDirectory.toAbsolutePath())));
    }

    public String url() {
        return program.url();
    }

    /** Its {@code /metrics}, read as Prometheus scrapes it: the metrics files' figures as they are now. */
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
    }
}
