package io.gemcap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** The job database server process gemcap starts for an H2 file, found by its command line (ProcessHandle.Info leaves out long ones). */
public final class JobDatabaseServers {

    private JobDatabaseServers() {
    }

    /** The server process of the H2 database {@code database} (the file's path without {@code .mv.db}), if one is up. */
    public static Optional<ProcessHandle> of(Path database) {
        return serving(database.toAbsolutePath().toString()).findFirst();
    }

    /**
     * Stops the server processes of every H2 database under {@code folder} and waits until they have left: SIGTERM, on
     * which H2 closes the file and deletes its lock file, as when the server leaves idle.
     */
    public static void stopAllUnder(Path folder) throws Exception {
        for (ProcessHandle server : serving(folder.toAbsolutePath() + "/").toList()) {
            server.destroy();
            try {
                server.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                server.destroyForcibly();
                throw new IllegalStateException("the job database server " + server.pid() + " ignored SIGTERM for 30 s", e);
            }
        }
    }

    private static Stream<ProcessHandle> serving(String path) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String line = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")));
                return line.contains("serve-job-database") && line.contains(path);
            } catch (IOException gone) {
                return false;
            }
        });
    }
}
