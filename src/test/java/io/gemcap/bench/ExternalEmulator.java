package io.gemcap.bench;

import io.gemcap.cli.GemcapMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

/** A zero-latency, unlimited emulator in a process of its own, so a benchmark counts only gemcap's CPU and heap. */
final class ExternalEmulator implements AutoCloseable {

    private final Process process;
    private final int port;

    private ExternalEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ExternalEmulator start(Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GemcapMain.class.getName(), "emulator", "--port",
                String.valueOf(port), "--latency", "PT0S", "--no-image-checks")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 300; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new ExternalEmulator(process, port);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new IllegalStateException("the emulator did not start on port " + port + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
