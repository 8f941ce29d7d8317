package io.gemcap.cli;

import io.gemcap.gemini.emulator.GeminiEmulator;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption emulator}: serve the bundled Gemini emulator until interrupted, for --endpoint and benchmarks. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Serve the bundled Gemini-compatible emulator on loopback until stopped (Ctrl-C).")
final class EmulatorCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8089", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "PT0.15S", description = "Time per answer, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration latency;

    @Option(names = "--key", paramLabel = "KEY", description = "A key to accept besides '" + GeminiEmulator.DEFAULT_KEY + "'.")
    String key;

    @Option(names = "--no-image-checks", description = "Do not decode images (for benchmarks of gemcap itself).")
    boolean noImageChecks;

    @Override
    public Integer call() throws InterruptedException {
        GeminiEmulator.Builder builder = GeminiEmulator.builder().port(port).latency(latency).checkImages(!noImageChecks);
        if (key != null) {
            builder.apiKey(key);
        }
        GeminiEmulator emulator = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        spec.commandLine().getOut().println("Gemini emulator on " + emulator.baseUrl() + " (accepts key '"
                + GeminiEmulator.DEFAULT_KEY + "'" + (key == null ? "" : " and the one given") + ")");
        new CountDownLatch(1).await();
        return 0;
    }
}
