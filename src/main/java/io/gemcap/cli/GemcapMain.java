package io.gemcap.cli;

import io.gemcap.report.ExitCode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code scripts/caption}. */
@Command(name = "caption", mixinStandardHelpOptions = true, version = "gemcap 0.1.0",
        description = "Caption large sets of images with Gemini, restartably.",
        subcommands = {RunCommand.class, OneCommand.class, EstimateCommand.class, JobControlCommands.Jobs.class, JobControlCommands.Report.class,
                JobControlCommands.Status.class,
                JobControlCommands.Stop.class, JobControlCommands.Restart.class, WorkerCommand.class, EmulatorCommand.class, ServeJobDatabaseCommand.class})
public final class GemcapMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where keys are looked up; the process environment, or a map in tests. */
    final Map<String, String> environment;

    private GemcapMain(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs a command line and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new GemcapMain(environment));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine command = ex.getCommandLine();
            err.println("gemcap: " + ex.getMessage() + " (see: scripts/caption " + subcommandPath(command) + "--help)");
            return ExitCode.USAGE.code();
        });
        commandLine.setExecutionExceptionHandler((ex, command, parseResult) -> {
            if (ex instanceof CannotStart cannotStart) {
                err.println("gemcap: " + cannotStart.getMessage());
                return ExitCode.USAGE.code();
            }
            err.println("gemcap: " + oneLine(ex));
            return ExitCode.FAILED.code();
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static String subcommandPath(CommandLine command) {
        return command.getParent() == null ? "" : command.getCommandName() + " ";
    }
}
