package io.gemcap.testing;

import io.gemcap.cli.GemcapMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** gemcap's command line in a JVM of its own, to be killed or signalled as a user's process would be. */
public final class ChildJvm {

    /**
     * The JIT's quick tier only: a child is a short command whose start-up (Spring, the Gemini client) is most of its
     * CPU, and it halves that (a `jobs` command: 4.8 s of CPU, 2.4 s with it). A test's own JVM options come after.
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

    private ChildJvm() {
    }

    /** Starts {@code args} with the CLI's settings and environment; output goes to {@code log}. */
    public static Process start(GemcapCli cli, List<String> args, Path log) throws IOException {
        return start(List.of(), cli, args, log);
    }

    /**
     * Like {@link #start}, but permission bits hold for the child even when the tests run as root (as in
     * CI): it runs without the capabilities that let root read any file ({@code setpriv}, util-linux).
     */
    public static Process startBoundByPermissions(GemcapCli cli, List<String> args, Path log) throws IOException {
        List<String> drop = List.of("setpriv", "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search");
        return start("root".equals(System.getProperty("user.name")) ? drop : List.of(), cli, args, log);
    }

    /**
     * Like {@link #start}, but on a pseudo-terminal, as a person at a terminal runs it ({@code script}, util-linux):
     * {@code log} receives what the terminal would show, control characters included.
     */
    public static Process startOnTerminal(GemcapCli cli, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        command.addAll(QUICK_START);
        command.addAll(cli.jvmOptions());
        command.add(GemcapMain.class.getName());
        command.addAll(args);
        String shell = String.join(" ", command.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").toList());
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", shell, "/dev/null").redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(cli.environment());
        builder.environment().put("TERM", "xterm");
        return builder.start();
    }

    /** Like {@link #start}, under a command that runs it ({@code /usr/bin/time}, {@code setpriv}). */
    public static Process start(List<String> prefix, GemcapCli cli, List<String> args, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath));
        command.addAll(QUICK_START);
        command.addAll(cli.jvmOptions());
        command.add(GemcapMain.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(cli.environment());
        return builder.start();
    }
}
