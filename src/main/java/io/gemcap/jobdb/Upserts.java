package io.gemcap.jobdb;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

/**
 * Runs {@link Upsert}s on the job database in its dialect (asked of the database on first use), in the caller's
 * transaction if there is one. Thread-safe.
 */
public final class Upserts {

    /**
     * How many times a statement H2 failed as the loser of an insert race is run: once more finds the winner's row,
     * committed (a row still being inserted makes H2 itself wait and run the statement again).
     */
    private static final int H2_ATTEMPTS = 3;

    private final JdbcTemplate jdbc;
    private volatile Dialect dialect;

    public Upserts(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    public Dialect dialect() {
        Dialect known = dialect;
        if (known == null) {
            known = Dialect.of(Objects.requireNonNull(jdbc.getDataSource(), "the JdbcTemplate has no data source"));
            dialect = known;
        }
        return known;
    }

    /** Writes one row: {@code values} are the upsert's columns in order. */
    public void write(Upsert upsert, Object... values) {
        String sql = upsert.sql(dialect());
        run(upsert, () -> jdbc.update(sql, values));
    }

    /**
     * Writes one row and answers its {@code column} as written (for a counter, its new value). Not for a kept row: where
     * one was there, PostgreSQL answers nothing.
     */
    public long writeReturning(Upsert upsert, String column, Object... values) {
        if (upsert.kind() == Upsert.Kind.KEEP) {
            throw new IllegalArgumentException("a kept row answers nothing where one was there: read it instead");
        }
        String sql = upsert.sqlReturning(dialect(), column);
        Long written = run(upsert, () -> jdbc.queryForObject(sql, Long.class, values));
        return Objects.requireNonNull(written, column);
    }

    /** Writes a row per item, in one batch where the statement cannot lose a race (else one statement per item). */
    public <T> void writeAll(Upsert upsert, List<T> items, ParameterizedPreparedStatementSetter<T> setter) {
        if (items.isEmpty()) {
            return;
        }
        String sql = upsert.sql(dialect());
        if (!upsert.mayLoseRaceOn(dialect())) {
            jdbc.batchUpdate(sql, items, items.size(), setter);
            return;
        }
        for (T item : items) {
            run(upsert, () -> jdbc.update(sql, ps -> setter.setValues(ps, item)));
        }
    }

    private <R> R run(Upsert upsert, Supplier<R> statement) {
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.get();
            } catch (DuplicateKeyException lostRace) {
                // H2 undoes only the failed statement, so the caller's transaction goes on.
                if (!upsert.mayLoseRaceOn(dialect()) || attempt == H2_ATTEMPTS) {
                    throw lostRace;
                }
            }
        }
    }
}
