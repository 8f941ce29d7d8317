package io.gemcap.jobdb;

import java.sql.SQLException;
import java.util.Collection;

/** What a failure says about the job database's connection. */
public final class JobDatabaseConnection {

    private static final java.util.concurrent.atomic.AtomicLong LOSSES = new java.util.concurrent.atomic.AtomicLong();

    private JobDatabaseConnection() {
    }

    /**
     * How many times this process saw its job database connection break (a pooled connection found broken, the server
     * found gone): a failure between two counts was the connection breaking, whatever the exception that reached the
     * caller says (a rollback on a dead connection says only "Connection is closed").
     */
    public static long losses() {
        return LOSSES.get();
    }

    static void lost() {
        LOSSES.incrementAndGet();
    }

    /**
     * Whether any of {@code failures} was the connection to the job database breaking (its server process killed or gone,
     * a PostgreSQL server restarted), rather than a statement the database refused: SQL state class 08, or H2's
     * "connection broken" and "database is closed" (which H2's client also says of a session whose server is gone).
     */
    public static boolean lostIn(Collection<? extends Throwable> failures) {
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql && (String.valueOf(sql.getSQLState()).startsWith("08")
                        || sql.getErrorCode() == org.h2.api.ErrorCode.CONNECTION_BROKEN_1
                        || sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_IS_CLOSED
                        || sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)) {
                    return true;
                }
            }
        }
        return false;
    }
}
