package io.gemcap.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The overlap lock: one lease row per job in the job database, held by one run (a token, with its
 * host and pid for people to read) and renewed while it runs. It holds across machines sharing the
 * database; a lease whose holder died (its pid gone on this host, or not renewed in time) is taken
 * over rather than left to block every later night. Plain SQL, portable between H2 and PostgreSQL.
 * Thread-safe.
 */
public class RunLease {

    /** Who holds a job's lease, and until when unless renewed. */
    public record Holder(String host, long pid, Instant until) {
    }

    /** A lease this process holds; renewed in the background until closed, then released. */
    public final class Held implements AutoCloseable {
        private final String jobKey;
        private final String token;
        private final ScheduledExecutorService renewal;

        private Held(String jobKey, String token) {
            this.jobKey = jobKey;
            this.token = token;
            this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "gemcap-lease");
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(1, renewEvery.toMillis());
            renewal.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            try {
                jdbc.update("UPDATE gemcap_lease SET expires_at = ? WHERE job_key = ? AND token = ?",
                        Timestamp.from(Instant.now().plus(ttl)), jobKey, token);
            } catch (org.springframework.dao.DataAccessException lost) {
                // The job database is out of reach for now (its server restarting): renewed at the next beat. A task that
                // threw would never run again, and the lease would lapse under a live run.
            }
        }

        @Override
        public void close() {
            renewal.shutdownNow();
            try {
                jdbc.update("DELETE FROM gemcap_lease WHERE job_key = ? AND token = ?", jobKey, token);
            } catch (org.springframework.dao.DataAccessException lost) {
                // A connection to a job database server that is gone, handed out once more: the next one is new.
                jdbc.update("DELETE FROM gemcap_lease WHERE job_key = ? AND token = ?", jobKey, token);
            }
        }
    }

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final Duration renewEvery;

    /**
     * @param ttl how long a lease lasts unless renewed
     * @param renewEvery how often a held lease is renewed
     */
    public RunLease(JdbcTemplate jdbc, Duration ttl, Duration renewEvery) {
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.renewEvery = renewEvery;
    }

    /**
     * Takes the job's lease for one run of this process.
     *
     * @return the lease, or who holds it
     */
    public Result acquire(String jobKey) {
        String token = UUID.randomUUID().toString();
        String host = RunOwner.host();
        long pid = RunOwner.pid();
        Instant now = Instant.now();
        Timestamp until = Timestamp.from(now.plus(ttl));
        int expiredTaken = jdbc.update("UPDATE gemcap_lease SET token = ?, host = ?, pid = ?, expires_at = ? WHERE job_key = ?"
                + " AND expires_at < ?", token, host, pid, until, jobKey, Timestamp.from(now));
        if (expiredTaken == 1) {
            return new Result(new Held(jobKey, token), null);
        }
        try {
            jdbc.update("INSERT INTO gemcap_lease (job_key, token, host, pid, expires_at) VALUES (?, ?, ?, ?, ?)",
                    jobKey, token, host, pid, until);
            return new Result(new Held(jobKey, token), null);
        } catch (DuplicateKeyException held) {
            Optional<Holder> holder = holder(jobKey);
            if (holder.isEmpty()) {
                return acquire(jobKey);
            }
            Holder current = holder.get();
            boolean deadHere = current.host().equals(host) && !ProcessHandle.of(current.pid()).map(ProcessHandle::isAlive).orElse(false);
            if (deadHere && jdbc.update("UPDATE gemcap_lease SET token = ?, pid = ?, expires_at = ? WHERE job_key = ? AND host = ?"
                    + " AND pid = ?", token, pid, until, jobKey, host, current.pid()) == 1) {
                // Its process is gone from this host: taken over now rather than when it expires.
                return new Result(new Held(jobKey, token), null);
            }
            return new Result(null, current);
        }
    }

    /** Either the lease, or who holds it. */
    public record Result(Held lease, Holder heldBy) {
    }

    private Optional<Holder> holder(String jobKey) {
        List<Holder> holders = jdbc.query("SELECT host, pid, expires_at FROM gemcap_lease WHERE job_key = ?",
                (rs, n) -> new Holder(rs.getString("host"), rs.getLong("pid"), rs.getTimestamp("expires_at").toInstant()), jobKey);
        return holders.stream().findFirst();
    }
}
