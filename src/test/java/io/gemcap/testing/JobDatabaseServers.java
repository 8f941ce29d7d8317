package io.gemcap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The job database server process gemcap starts for an H2 file, found by its command line (ProcessHandle.Info leaves out long ones). */
public final class JobDatabaseServers {

    private JobDatabaseServers() {
    }

    /** The server process of the H2 database {@code database} (the file's path without {@code .mv.db}), if one is up. */
    public static Optional<ProcessHandle> of(Path database) {
        String path = database.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String line = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")));
                return line.contains("serve-job-database") && line.contains(path);
            } catch (IOException gone) {
                return false;
            }
        }).findFirst();
    }
}
