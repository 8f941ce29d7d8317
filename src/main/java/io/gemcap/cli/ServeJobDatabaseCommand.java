package io.gemcap.cli;

import io.gemcap.jobdb.H2FileUrl;
import io.gemcap.jobdb.JobDatabaseServer;
import io.gemcap.report.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code serve-job-database URL}: the server process of an H2 job database, started by gemcap itself
 * ({@link io.gemcap.jobdb.SharedH2}); its user and password come on standard input, never as arguments.
 */
@Command(name = "serve-job-database", hidden = true)
final class ServeJobDatabaseCommand implements Callable<Integer> {

    @Option(names = "--idle-millis", required = true)
    long idleMillis;

    @Parameters(paramLabel = "URL")
    String url;

    @Override
    public Integer call() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String user = Optional.ofNullable(in.readLine()).orElse("");
        String password = Optional.ofNullable(in.readLine()).orElse("");
        in.close();
        return H2FileUrl.parse(url).map(file -> JobDatabaseServer.serve(file, user, password, Duration.ofMillis(idleMillis), System.out))
                .orElse(ExitCode.USAGE.code());
    }

    /** The command line that starts this command in a new JVM. */
    static io.gemcap.jobdb.ServerLaunch launch() {
        return io.gemcap.jobdb.ServerLaunch.thisJvm(GemcapMain.class.getName(), "serve-job-database");
    }
}
