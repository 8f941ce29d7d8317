package io.gemcap.jobdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Connections to an H2 job database file through the server process that holds it ({@link JobDatabaseServer}),
 * started by whichever gemcap process first finds none: under a file lock, so two processes starting at the same
 * moment start one server, and H2's own lock file says where it listens. A connection that finds the server gone
 * (it left idle, or was killed) finds or starts the next one. Thread-safe.
 */
public final class SharedH2 extends AbstractDataSource {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** One process may hold a file lock once: its threads take turns before taking it. */
    private static final ReentrantLock STARTING = new ReentrantLock();

    private final H2FileUrl file;
    private final Properties credentials = new Properties();
    private final Duration idle;
    private final List<String> launch;
    private final org.h2.Driver driver = new org.h2.Driver();
    private volatile String url;
    private volatile Runnable serverGone = () -> { };
    private volatile int loginTimeoutSeconds = 30;

    /**
     * @param idle how long the server stays up with no one connected
     * @param launch the command that starts a server process, up to its arguments ({@link ServerLaunch})
     */
    public SharedH2(H2FileUrl file, String user, String password, Duration idle, List<String> launch) {
        this.file = file;
        this.credentials.setProperty("user", user == null ? "" : user);
        this.credentials.setProperty("password", password == null ? "" : password);
        this.idle = idle;
        this.launch = List.copyOf(launch);
    }

    @Override
    public Connection getConnection() throws SQLException {
        String known = url;
        if (known != null) {
            try {
                return driver.connect(known, credentials);
            } catch (SQLException gone) {
                // the server left or was killed: find or start the next one below, and let the pool drop the others
                JobDatabaseConnection.lost();
                serverGone.run();
            }
        }
        SQLException failed = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Connection> served = connectToServer();
            if (served.isPresent()) {
                return served.get();
            }
            try {
                start();
            } catch (SQLException e) {
                if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                    throw e;
                }
                failed = e;
            }
        }
        Optional<Connection> served = connectToServer();
        if (served.isPresent()) {
            return served.get();
        }
        throw failed != null ? failed : new SQLException("the job database server for " + file.path()
                + " started but does not answer (see " + file.serverLog() + ")");
    }

    /** Told when the server this process was connected to is gone: the pool's connections to it are dead. */
    public void onServerGone(Runnable action) {
        this.serverGone = action;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /**
     * The pool waits this long for connections being opened when it closes: Spring's 0 made every short command
     * (`jobs`, `status`) end with "Timed-out waiting for add connection executor to shutdown".
     */
    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    /** A connection to the process H2's lock file names as serving the file, if one answers there. */
    private Optional<Connection> connectToServer() {
        Optional<Properties> lock = JobDatabaseServer.lockFile(file.lockFile());
        String server = lock.map(p -> p.getProperty("server")).orElse(null);
        String id = lock.map(p -> p.getProperty("id")).orElse(null);
        if (server == null || id == null) {
            return Optional.empty();
        }
        String address = "jdbc:h2:tcp://" + server + "/" + id;
        try {
            Connection connection = driver.connect(address, credentials);
            url = address;
            return Optional.of(connection);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Starts a server process unless one serves the file by the time this process holds the server lock. */
    private void start() throws SQLException {
        STARTING.lock();
        try {
            Files.createDirectories(file.path().getParent());
        } catch (IOException e) {
            STARTING.unlock();
            throw new SQLException("cannot create the job database folder " + file.path().getParent() + ": " + e.getMessage(), e);
        }
        try (FileChannel channel = FileChannel.open(file.serverLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Optional<Connection> served = connectToServer();
            if (served.isPresent()) {
                served.get().close();
                return;
            }
            Process server = launch();
            awaitReady(server);
        } catch (IOException e) {
            throw new SQLException("cannot start the job database server for " + file.path() + ": " + e.getMessage(), e);
        } finally {
            STARTING.unlock();
        }
    }

    private Process launch() throws IOException {
        List<String> command = new ArrayList<>();
        // A session of its own: Ctrl-C on the command that started it (its terminal's process group) leaves it up.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(launch);
        command.addAll(List.of("--idle-millis", String.valueOf(idle.toMillis()), file.servingUrl()));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(file.serverLog().toFile()))
                .start();
        try (Writer credentialsIn = new java.io.OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8)) {
            credentialsIn.write(credentials.getProperty("user") + "\n" + credentials.getProperty("password") + "\n");
        }
        return server;
    }

    private void awaitReady(Process server) throws SQLException, IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String said;
        try {
            said = line.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            server.destroyForcibly();
            throw new SQLException("the job database server for " + file.path() + " did not start within " + START_TIMEOUT.toSeconds()
                    + " s (see " + file.serverLog() + ")");
        } catch (ExecutionException e) {
            said = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the job database server started", e);
        }
        out.close();
        if (!JobDatabaseServer.READY.equals(said)) {
            String why = lastLine(file.serverLog()).orElse("it said nothing");
            if (why.contains("[" + org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1 + "-")) {
                throw new SQLException("the job database " + file.path() + " is open in another process that does not share it (one"
                        + " that opened it without AUTO_SERVER=TRUE, such as an H2 console)", "HY000",
                        org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1);
            }
            if (why.endsWith(JobDatabaseServer.DAMAGED)) {
                throw new SQLException("the job database server cannot read " + file.path() + ".mv.db", "XX000",
                        org.h2.api.ErrorCode.FILE_CORRUPTED_1);
            }
            throw new SQLException("the job database server for " + file.path() + " did not start: " + why);
        }
    }

    private static Optional<String> lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
