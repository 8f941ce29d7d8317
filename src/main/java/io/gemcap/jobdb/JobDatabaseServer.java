package io.gemcap.jobdb;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.h2.api.ErrorCode;

/**
 * The process that holds an H2 job database file open and serves it to every gemcap process on the machine, so that
 * none of them depends on another's life: runs, {@code jobs} and {@code status} come and go, or are killed, and the
 * server stays. It opens the file with {@code AUTO_SERVER=TRUE}, so H2's lock file advertises it and a release of
 * gemcap that opens the file itself (that URL) joins it too. It leaves once no one has been connected for a while.
 * Started by {@link SharedH2}, never by a person.
 */
public final class JobDatabaseServer {

    /** Printed on its own line once the server holds the file (or found another process serving it). */
    public static final String READY = "ready";

    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    /** How the server's last line says the file is not a database H2 can read (its clients cannot see the cause). */
    static final String DAMAGED = "[store damaged]";

    private JobDatabaseServer() {
    }

    /** Whether H2 could not read the file's store: a disk that filled up, a copy cut short, bytes that are not H2's. */
    public static boolean damaged(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.h2.mvstore.") || t instanceof SQLException sql
                    && (sql.getErrorCode() == ErrorCode.FILE_CORRUPTED_1 || sql.getErrorCode() == ErrorCode.FILE_VERSION_ERROR_1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Serves {@code file} until no other session has been open for {@code idle}.
     *
     * @param announce where {@link #READY} is printed, then closed
     * @return the exit code: 0 when it left idle, 1 when the database could not be opened or was lost
     */
    public static int serve(H2FileUrl file, String user, String password, Duration idle, PrintStream announce) {
        Connection held;
        try {
            held = open(file, user, password);
        } catch (SQLException e) {
            System.err.println("gemcap job database server: cannot open " + file.path() + ": " + e.getMessage()
                    + (damaged(e) ? " " + DAMAGED : ""));
            return 1;
        }
        String id = servedBy(file).orElse(null);
        announce.println(READY);
        announce.close();
        if (!(held instanceof org.h2.jdbc.JdbcConnection jdbc && jdbc.getSession() instanceof org.h2.engine.SessionLocal)) {
            // Another process (a release before this one) was serving the file first: its clients and ours share it.
            close(held);
            return 0;
        }
        long lastBusy = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(LOOK_EVERY.toMillis());
                if (otherSessions(held) > 0) {
                    lastBusy = System.nanoTime();
                } else if (System.nanoTime() - lastBusy >= idle.toNanos()) {
                    Optional<Connection> still = leave(file, user, password, held, id);
                    if (still.isEmpty()) {
                        return 0;
                    }
                    held = still.get();
                    lastBusy = System.nanoTime();
                }
            }
        } catch (SQLException | IOException e) {
            System.err.println("gemcap job database server: lost " + file.path() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(held);
            return 0;
        }
    }

    /**
     * Closes the database unless someone connected meanwhile, under the server lock so that no process starts a
     * server of its own until this one is gone.
     *
     * @return the connection that keeps serving, if a client arrived while it left
     */
    private static Optional<Connection> leave(H2FileUrl file, String user, String password, Connection held, String id)
            throws SQLException, IOException {
        try (FileChannel channel = FileChannel.open(file.serverLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (otherSessions(held) > 0) {
                return Optional.of(held);
            }
            held.close();
            // H2 deletes its lock file as the database closes; a session that came in between keeps it open.
            if (id == null || !id.equals(servedBy(file).orElse(null))) {
                return Optional.empty();
            }
            return Optional.of(open(file, user, password));
        }
    }

    private static Connection open(H2FileUrl file, String user, String password) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        return new org.h2.Driver().connect(file.servingUrl(), credentials);
    }

    private static int otherSessions(Connection held) throws SQLException {
        try (Statement statement = held.createStatement();
                ResultSet sessions = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            sessions.next();
            return sessions.getInt(1) - 1;
        }
    }

    /** The id H2's lock file gives the process serving the file, if one does. */
    static Optional<String> servedBy(H2FileUrl file) {
        return lockFile(file.lockFile()).map(properties -> properties.getProperty("id"));
    }

    /** H2's lock file, read; empty when there is none (no process has the file open). */
    static Optional<Properties> lockFile(Path lockFile) {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(lockFile)) {
            properties.load(in);
            return Optional.of(properties);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // leaving anyway
        }
    }
}
