package io.gemcap.policy;

import io.gemcap.jobdb.Upsert;
import io.gemcap.jobdb.Upserts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A pool kept in the job database ({@code gemcap_quota}), shared by every gemcap process on it, H2 or PostgreSQL.
 * Each lease or report reads the row with the database's clock, applies {@link QuotaState}'s rules and writes it
 * back if no other process wrote it meanwhile (compare-and-set on {@code round_trips}), else tries again: two
 * statements, on a connection of its own outside any transaction of the caller's, so no row lock outlives them.
 * The database's clock, not the processes', times the slots, so processes on hosts whose clocks differ share one
 * schedule. Thread-safe.
 */
public final class JdbcQuotaPool implements QuotaPool {

    private static final int MAX_TRIES = 100;
    private static final String COLUMNS = "next_slot_us, learnt_rpm, lowered_at_us, window_start_us, window_ok, previous_window_ok,"
            + " quota_day, day_requests, least_rpm, least_rpm_seen_us, least_tpm, least_tpm_seen_us, least_rpd, least_rpd_seen_us,"
            + " round_trips";

    private static final Upsert NEW_POOL = Upsert.into("gemcap_quota", ("pool, model, " + COLUMNS).split(", ")).keepingOn("pool",
            "model");

    private final DataSource dataSource;
    private final String pool;
    private final String model;

    public JdbcQuotaPool(DataSource dataSource, String pool, String model) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.model = model;
        create();
    }

    @Override
    public QuotaState.Slice lease(QuotaState.Demand demand) {
        QuotaState.Slice[] slice = new QuotaState.Slice[1];
        update(now -> state -> {
            QuotaState.Leased leased = state.lease(now, demand);
            slice[0] = leased.slice();
            return leased.state();
        });
        return slice[0];
    }

    @Override
    public void rateLimited(QuotaState.Demand demand, Duration retryAfter) {
        update(now -> state -> state.rateLimited(now, demand, retryAfter));
    }

    @Override
    public void report(QuotaState.Demand demand) {
        update(now -> state -> state.reported(now, demand));
    }

    /** The pool's state as the database holds it (for the benchmark's count of round trips). */
    public QuotaState state() {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection).state();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read quota pool " + pool + " from the job database: " + e.getMessage(), e);
        }
    }

    private void update(java.util.function.LongFunction<UnaryOperator<QuotaState>> change) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (int i = 0; i < MAX_TRIES; i++) {
                Read read = read(connection);
                QuotaState next = change.apply(read.now()).apply(read.state());
                if (write(connection, next, read.state().roundTrips())) {
                    return;
                }
            }
            throw new IllegalStateException("quota pool " + pool + ": " + MAX_TRIES + " processes changed it at once");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach quota pool " + pool + " in the job database: " + e.getMessage(), e);
        }
    }

    private record Read(long now, QuotaState state) {
    }

    private Read read(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT CURRENT_TIMESTAMP, " + COLUMNS
                + " FROM gemcap_quota WHERE pool = ? AND model = ?")) {
            select.setString(1, pool);
            select.setString(2, model);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("quota pool " + pool + " for " + model + " is missing from gemcap_quota");
                }
                OffsetDateTime now = row.getObject(1, OffsetDateTime.class);
                long micros = now.toEpochSecond() * 1_000_000 + now.getNano() / 1000;
                return new Read(micros, new QuotaState(row.getLong(2), row.getDouble(3), row.getLong(4), row.getLong(5), row.getLong(6),
                        row.getLong(7), row.getString(8), row.getLong(9), new QuotaState.Least(row.getLong(10), row.getLong(11)),
                        new QuotaState.Least(row.getLong(12), row.getLong(13)), new QuotaState.Least(row.getLong(14), row.getLong(15)),
                        row.getLong(16)));
            }
        }
    }

    private boolean write(Connection connection, QuotaState state, long readVersion) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE gemcap_quota SET next_slot_us = ?, learnt_rpm = ?,"
                + " lowered_at_us = ?, window_start_us = ?, window_ok = ?, previous_window_ok = ?, quota_day = ?, day_requests = ?,"
                + " least_rpm = ?, least_rpm_seen_us = ?, least_tpm = ?, least_tpm_seen_us = ?, least_rpd = ?, least_rpd_seen_us = ?,"
                + " round_trips = ? WHERE pool = ? AND model = ? AND round_trips = ?")) {
            update.setLong(1, state.nextSlot());
            update.setDouble(2, state.learntRpm());
            update.setLong(3, state.loweredAt());
            update.setLong(4, state.windowStart());
            update.setLong(5, state.windowOk());
            update.setLong(6, state.previousWindowOk());
            update.setString(7, state.day());
            update.setLong(8, state.dayRequests());
            update.setLong(9, state.rpm().value());
            update.setLong(10, state.rpm().seenAt());
            update.setLong(11, state.tpm().value());
            update.setLong(12, state.tpm().seenAt());
            update.setLong(13, state.rpd().value());
            update.setLong(14, state.rpd().seenAt());
            update.setLong(15, Math.max(state.roundTrips(), readVersion + 1));
            update.setString(16, pool);
            update.setString(17, model);
            update.setLong(18, readVersion);
            return update.executeUpdate() == 1;
        }
    }

    /** The pool's row, unless a process made it already (two processes may start on a new pool at the same moment). */
    private void create() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            new Upserts(new JdbcTemplate(new SingleConnectionDataSource(connection, true))).write(NEW_POOL, pool, model, 0L, 0.0, 0L, 0L,
                    0L, 0L, "", 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        } catch (SQLException | DataAccessException e) {
            throw new IllegalStateException("cannot record quota pool " + pool + " in the job database: " + e.getMessage(), e);
        }
    }
}
