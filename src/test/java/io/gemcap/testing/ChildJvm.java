package io.gemcap.testing;

import io.gemcap.cli.GemcapMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** gemcap's command line in a JVM of its own, to be killed or signalled as a user's process would be. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code args} with the CLI's settings and environment; output goes to {@code log}. */
    public static Process start(GemcapCli cli, List<String> args, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath));
        command.addAll(cli.jvmOptions());
        command.add(GemcapMain.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(cli.environment());
        return builder.start();
    }
}
