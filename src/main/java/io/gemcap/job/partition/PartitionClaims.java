package io.gemcap.job.partition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Who holds each partition sent to workers ({@code gemcap_partition}). The manager records a partition when it sends its
 * request; a worker claims it in the transaction that takes the request, renews the claim while it works and checks it in
 * each chunk's transaction; the manager clears a silent worker's claim when it sends the partition again, so that worker's
 * next commit fails. A claim is taken and renewed only while the partition's run goes on (its job execution STARTED or
 * STOPPING) and the partition has not ended: a run recovered after its process died takes its workers' claims with it.
 * Times are the job database's clock.
 */
public final class PartitionClaims {

    /** A claim is taken and kept only for a partition of a run going on that has not ended. */
    private static final String OPEN = " EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION e"
            + " WHERE e.JOB_EXECUTION_ID = gemcap_partition.job_execution_id AND e.STATUS IN ('STARTED', 'STOPPING'))"
            + " AND NOT EXISTS (SELECT 1 FROM BATCH_STEP_EXECUTION s WHERE s.STEP_EXECUTION_ID = gemcap_partition.step_execution_id"
            + " AND s.STATUS IN ('COMPLETED', 'FAILED', 'ABANDONED'))";
    /** Left in {@code claim} by the manager for a partition it closed itself (the run stopping): nobody may claim it. */
    private static final String CLOSED = "closed";

    /** A partition taken by a worker: its claim is what its commits are checked against. */
    public record Claimed(long stepExecutionId, long jobExecutionId, String claim) {
    }

    /** A claimed partition as the manager sees it: its worker and how long ago it was last heard from. */
    public record Held(long stepExecutionId, String claim, String worker, Duration silentFor, int sends) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionOperations transactions;

    public PartitionClaims(JdbcTemplate jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The manager sends a partition's request for the first time. */
    public void sent(long stepExecutionId, long jobExecutionId) {
        jdbc.update("INSERT INTO gemcap_partition (step_execution_id, job_execution_id, sends, sent_at) VALUES (?, ?, 1, CURRENT_TIMESTAMP)",
                stepExecutionId, jobExecutionId);
    }

    /**
     * Takes a partition whose request came, unless someone holds it, it was closed, or it or its run ended (a request sent
     * again, or one for a run that ended, is then dropped).
     */
    public Optional<Claimed> claim(long stepExecutionId, String worker) {
        String claim = UUID.randomUUID().toString();
        int taken = jdbc.update("UPDATE gemcap_partition SET claim = ?, worker = ?, claimed_at = CURRENT_TIMESTAMP,"
                + " heartbeat_at = CURRENT_TIMESTAMP WHERE step_execution_id = ? AND claim IS NULL AND" + OPEN,
                claim, worker, stepExecutionId);
        if (taken == 0) {
            return Optional.empty();
        }
        long job = jdbc.queryForObject("SELECT job_execution_id FROM gemcap_partition WHERE step_execution_id = ?", Long.class,
                stepExecutionId);
        return Optional.of(new Claimed(stepExecutionId, job, claim));
    }

    /** Takes the first partition of a run, in walk order, that nobody holds (the run's own process working on its partitions). */
    public Optional<Claimed> claimNext(long jobExecutionId, String worker) {
        return transactions.execute(status -> {
            List<Long> free = jdbc.queryForList("SELECT p.step_execution_id FROM gemcap_partition p JOIN BATCH_STEP_EXECUTION s"
                    + " ON s.STEP_EXECUTION_ID = p.step_execution_id WHERE p.job_execution_id = ? AND p.claim IS NULL"
                    + " ORDER BY s.STEP_NAME LIMIT 1 FOR UPDATE OF p SKIP LOCKED", Long.class, jobExecutionId);
            return free.isEmpty() ? Optional.empty() : claim(free.get(0), worker);
        });
    }

    /** Tells the manager the worker holding a partition is alive. @return false when the claim is no longer held */
    public boolean renew(Claimed claimed) {
        return jdbc.update("UPDATE gemcap_partition SET heartbeat_at = CURRENT_TIMESTAMP WHERE step_execution_id = ? AND claim = ? AND"
                + OPEN, claimed.stepExecutionId(), claimed.claim()) == 1;
    }

    /**
     * In a chunk's transaction: checks the claim and locks it until the commit, so that the manager cannot send the
     * partition again between this check and the commit. It does not renew it: in a transaction the database's
     * CURRENT_TIMESTAMP is the transaction's start, which for a chunk waiting on its calls is long past (the heartbeat
     * renews, outside any). @throws PartitionLostException when it was sent again
     */
    public void check(Claimed claimed) {
        if (jdbc.update("UPDATE gemcap_partition SET claim = claim WHERE step_execution_id = ? AND claim = ? AND" + OPEN,
                claimed.stepExecutionId(), claimed.claim()) != 1) {
            throw new PartitionLostException(claimed);
        }
    }

    /** The claimed partitions of a run still going, with how long each worker has been silent, by the database's clock. */
    public List<Held> held(long jobExecutionId) {
        return jdbc.query("SELECT step_execution_id, claim, worker, heartbeat_at, CURRENT_TIMESTAMP AS now_at, sends"
                + " FROM gemcap_partition WHERE job_execution_id = ? AND claim IS NOT NULL AND claim <> ?",
                PartitionClaims::held, jobExecutionId, CLOSED);
    }

    private static Held held(ResultSet row, int number) throws SQLException {
        OffsetDateTime heartbeat = row.getObject("heartbeat_at", OffsetDateTime.class);
        OffsetDateTime now = row.getObject("now_at", OffsetDateTime.class);
        return new Held(row.getLong("step_execution_id"), row.getString("claim"), row.getString("worker"),
                heartbeat == null ? Duration.ZERO : Duration.between(heartbeat, now), row.getInt("sends"));
    }

    /**
     * Clears a claim so that the partition can be taken again, when it is still the one seen: a worker that renewed it
     * since, or a commit holding it, keeps it. The partition's step execution changes version with it, so that nothing
     * the worker that held it records about it (its chunks, its end) is taken any more. @return whether it was cleared
     */
    public boolean release(Held held) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            boolean cleared = jdbc.update("UPDATE gemcap_partition SET claim = NULL, sends = sends + 1, sent_at = CURRENT_TIMESTAMP"
                    + " WHERE step_execution_id = ? AND claim = ? AND sends = ?", held.stepExecutionId(), held.claim(), held.sends()) == 1;
            if (cleared) {
                jdbc.update("UPDATE BATCH_STEP_EXECUTION SET VERSION = VERSION + 1 WHERE STEP_EXECUTION_ID = ?", held.stepExecutionId());
            }
            return cleared;
        }));
    }

    /**
     * Clears a silent worker's claim, unless it was heard from within {@code silence} meanwhile, or a commit holds it now
     * (the next look tries again: the manager never waits on a worker's transaction).
     */
    public boolean releaseSilent(Held held, Duration silence) {
        return transactions.execute(status -> stillSilent(held, silence).map(this::release).orElse(false));
    }

    /**
     * In a transaction: the claim as it is now, locked, if it is still the one seen and still silent past {@code silence};
     * empty when it was renewed, or a commit holds it (never waited for).
     */
    private Optional<Held> stillSilent(Held held, Duration silence) {
        return jdbc.query("SELECT step_execution_id, claim, worker, heartbeat_at, CURRENT_TIMESTAMP AS now_at, sends"
                + " FROM gemcap_partition WHERE step_execution_id = ? AND claim = ? FOR UPDATE SKIP LOCKED",
                PartitionClaims::held, held.stepExecutionId(), held.claim()).stream()
                .filter(now -> now.silentFor().compareTo(silence) > 0).findFirst();
    }

    /** The run is stopping: its partitions nobody holds are closed, never to be taken. @return them */
    public List<Long> closeUnclaimed(long jobExecutionId) {
        return transactions.execute(status -> {
            List<Long> free = jdbc.queryForList("SELECT step_execution_id FROM gemcap_partition WHERE job_execution_id = ?"
                    + " AND claim IS NULL FOR UPDATE", Long.class, jobExecutionId);
            free.forEach(id -> jdbc.update("UPDATE gemcap_partition SET claim = ? WHERE step_execution_id = ?", CLOSED, id));
            return free;
        });
    }

    /** Closes a silent worker's partition while the run stops: nobody takes it again this run. */
    public boolean closeSilent(Held held, Duration silence) {
        return transactions.execute(status -> stillSilent(held, silence).isPresent()
                && jdbc.update("UPDATE gemcap_partition SET claim = ? WHERE step_execution_id = ?", CLOSED, held.stepExecutionId()) == 1);
    }
}
