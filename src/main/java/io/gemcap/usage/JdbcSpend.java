package io.gemcap.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link Spend} of runs: rows of {@code gemcap_spend} in the job database, shared by every process on it (H2 or
 * PostgreSQL), with the day's and each run's totals kept beside them ({@code gemcap_spend_total}). A reservation takes
 * the {@code gemcap_spend_lock} row, reads the run's and the day's totals when a limit applies, and inserts itself and
 * adds to the totals, in a transaction of its own committed before the call is sent: a {@code kill -9} right after the
 * send leaves it counted. A settlement corrects the totals by what the call cost less its worst case.
 *
 * <p>While this process holds reservations not settled, it renews their {@code alive_until} every few seconds; one
 * whose time has passed belongs to a process that is gone: it still counts at its worst case, but nobody waits for it
 * to settle. Thread-safe; {@link #close()} stops the renewal.
 */
public final class JdbcSpend implements Spend, AutoCloseable {

    /** How long a reservation counts as in flight without its process renewing it. */
    static final Duration ALIVE_FOR = Duration.ofSeconds(20);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(5);
    private static final int SCALE = 10;
    private static final int ATTEMPTS = 10;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final TransactionTemplate joined;
    private final SpendLimits limits;
    private final Clock clock;
    private final String holder = UUID.randomUUID().toString();
    private ScheduledExecutorService renewal;

    public JdbcSpend(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, BudgetSettings limits, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.own = new TransactionTemplate(transactionManager);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.joined = new TransactionTemplate(transactionManager);
        this.limits = new SpendLimits(limits);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Attempt reserve(Long jobInstanceId, Kind kind, BigDecimal worstCase) {
        return reserve(UUID.randomUUID().toString(), jobInstanceId, kind, worstCase);
    }

    @Override
    public Attempt reserve(String id, Long jobInstanceId, Kind kind, BigDecimal worstCase) {
        BigDecimal worst = worstCase.setScale(SCALE, RoundingMode.UP);
        Attempt attempt = retried(() -> own.execute(status -> {
            List<BigDecimal> held = jdbc.queryForList("SELECT worst_usd FROM gemcap_spend WHERE id = ?", BigDecimal.class, id);
            if (!held.isEmpty()) {
                return new Attempt(new Reservation(id, held.get(0)), null, 0);
            }
            Instant now = clock.instant();
            LocalDate day = LocalDate.ofInstant(now, clock.getZone());
            jdbc.queryForList("SELECT name FROM gemcap_spend_lock WHERE name = 'spend' FOR UPDATE", String.class);
            if (limits.limited()) {
                // Totals are locked day first, then run, as settlements update them: no two transactions wait for each other.
                BigDecimal today = limits.dayLimited() ? total(dayScope(day)) : BigDecimal.ZERO;
                BigDecimal run = jobInstanceId == null || !limits.runLimited() ? null : total(runScope(jobInstanceId));
                SpendLimits.Passed passed = limits.passed(run, today, worst);
                if (passed != null) {
                    Long inFlight = passed.run()
                            ? jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_spend WHERE job_instance_id = ? AND cost_usd IS NULL"
                                    + " AND alive_until >= ?", Long.class, jobInstanceId, Timestamp.from(now))
                            : jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_spend WHERE spend_day = ? AND cost_usd IS NULL"
                                    + " AND alive_until >= ?", Long.class, Date.valueOf(day), Timestamp.from(now));
                    return new Attempt(null, passed.limit(), inFlight == null ? 0 : inFlight);
                }
            }
            jdbc.update("INSERT INTO gemcap_spend (id, job_instance_id, spend_day, kind, holder, worst_usd, reserved_at, alive_until)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, jobInstanceId, Date.valueOf(day), kind.label(), holder, worst,
                    Timestamp.from(now), Timestamp.from(now.plus(ALIVE_FOR)));
            // (Under the lock row: no other process creates a total at the same moment.)
            add(dayScope(day), worst);
            if (jobInstanceId != null) {
                add(runScope(jobInstanceId), worst);
            }
            return new Attempt(new Reservation(id, worst), null, 0);
        }));
        if (attempt.held()) {
            renewWhileHeld();
        }
        return attempt;
    }

    /** Joins the caller's transaction when there is one (a Batch Mode shard settles with its rows). */
    @Override
    public void settle(String reservationId, BigDecimal cost) {
        BigDecimal settled = cost.setScale(SCALE, RoundingMode.HALF_UP);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            settleIn(reservationId, settled);
        } else {
            retried(() -> joined.execute(status -> {
                settleIn(reservationId, settled);
                return null;
            }));
        }
    }

    private void settleIn(String reservationId, BigDecimal settled) {
        List<Object[]> held = jdbc.query("SELECT job_instance_id, spend_day, worst_usd FROM gemcap_spend WHERE id = ? AND cost_usd IS NULL",
                (rs, n) -> new Object[] {rs.getObject("job_instance_id", Long.class), rs.getDate("spend_day").toLocalDate(),
                        rs.getBigDecimal("worst_usd")}, reservationId);
        if (held.isEmpty() || jdbc.update("UPDATE gemcap_spend SET cost_usd = ?, alive_until = NULL WHERE id = ? AND cost_usd IS NULL",
                settled, reservationId) == 0) {
            return;
        }
        BigDecimal change = settled.subtract((BigDecimal) held.get(0)[2]);
        jdbc.update("UPDATE gemcap_spend_total SET usd = usd + ? WHERE scope = ?", change, dayScope((LocalDate) held.get(0)[1]));
        if (held.get(0)[0] != null) {
            jdbc.update("UPDATE gemcap_spend_total SET usd = usd + ? WHERE scope = ?", change, runScope((Long) held.get(0)[0]));
        }
    }

    /** A transaction of its own tried again when the database chose it as a deadlock's victim or it waited too long for a lock. */
    private static <T> T retried(java.util.function.Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (PessimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                // Apart, so that the transactions that met do not meet again at once (many calls settle together).
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 10L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void attach(long jobInstanceId) {
        own.executeWithoutResult(status -> {
            jdbc.queryForList("SELECT name FROM gemcap_spend_lock WHERE name = 'spend' FOR UPDATE", String.class);
            BigDecimal attached = jdbc.queryForObject("SELECT COALESCE(SUM(COALESCE(cost_usd, worst_usd)), 0) FROM gemcap_spend"
                    + " WHERE holder = ? AND job_instance_id IS NULL", BigDecimal.class, holder);
            if (jdbc.update("UPDATE gemcap_spend SET job_instance_id = ? WHERE holder = ? AND job_instance_id IS NULL", jobInstanceId,
                    holder) > 0) {
                add(runScope(jobInstanceId), attached);
            }
        });
    }

    @Override
    public Billed billed(long jobInstanceId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(COALESCE(cost_usd, worst_usd)), 0) AS usd,"
                + " COALESCE(SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END), 0) AS unsettled FROM gemcap_spend WHERE job_instance_id = ?",
                (rs, n) -> new Billed(rs.getBigDecimal("usd"), rs.getLong("unsettled")), jobInstanceId);
    }

    private BigDecimal total(String scope) {
        List<BigDecimal> total = jdbc.queryForList("SELECT usd FROM gemcap_spend_total WHERE scope = ? FOR UPDATE", BigDecimal.class, scope);
        return total.isEmpty() ? BigDecimal.ZERO : total.get(0);
    }

    private void add(String scope, BigDecimal amount) {
        if (jdbc.update("UPDATE gemcap_spend_total SET usd = usd + ? WHERE scope = ?", amount, scope) == 0) {
            jdbc.update("INSERT INTO gemcap_spend_total (scope, usd) VALUES (?, ?)", scope, amount);
        }
    }

    private static String dayScope(LocalDate day) {
        return "day:" + day;
    }

    private static String runScope(long jobInstanceId) {
        return "run:" + jobInstanceId;
    }

    /** Stops renewing: reservations still not settled then count as a gone process's once their time passes. */
    @Override
    public synchronized void close() {
        if (renewal != null) {
            // Never by interrupting: an interrupt in the middle of a write makes H2 close the database.
            renewal.shutdown();
            renewal = null;
        }
    }

    private synchronized void renewWhileHeld() {
        if (renewal != null) {
            return;
        }
        renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gemcap-spend");
            thread.setDaemon(true);
            return thread;
        });
        long every = RENEW_EVERY.toMillis();
        renewal.scheduleWithFixedDelay(() -> {
            try {
                jdbc.update("UPDATE gemcap_spend SET alive_until = ? WHERE holder = ? AND cost_usd IS NULL",
                        Timestamp.from(clock.instant().plus(ALIVE_FOR)), holder);
            } catch (RuntimeException e) {
                // The database went away for a moment: the next renewal tries again, well within ALIVE_FOR.
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }
}
