package io.gemcap.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.JdbcSpend;
import io.gemcap.usage.Spend;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What the Spend costs per call: one reservation and its settlement, in an H2 file job database with the default URL's
 * settings and a connection pool as a run has, from 16 threads; without a limit (an insert and an update) and under a
 * daily cap (the lock row, two sums, the insert), with the day's rows few and then 50,000. Asserts nothing. Run with
 * {@code bench/spend}.
 */
public final class SpendBench {

    private static final int THREADS = 16;
    private static final int CALLS = 4_000;
    private static final BigDecimal WORST = new BigDecimal("0.000136");
    private static final BigDecimal COST = new BigDecimal("0.000036");

    private SpendBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-spend-bench");
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("jobs") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
            pool.setUsername("sa");
            pool.setPassword("");
            pool.setMaximumPoolSize(THREADS + 2);
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(pool);
            System.out.printf(Locale.ROOT, "spend benchmark: H2 file, %d threads, %d calls each measure%n", THREADS, CALLS);
            measure("no limit, day's rows few", new JdbcSpend(jdbc, transactions, new BudgetSettings(BigDecimal.ZERO, BigDecimal.ZERO),
                    Clock.systemDefaultZone()));
            BudgetSettings cap = new BudgetSettings(BigDecimal.ZERO, new BigDecimal("1000000"));
            measure("daily cap, day's rows " + count(jdbc), new JdbcSpend(jdbc, transactions, cap, Clock.systemDefaultZone()));
            while (count(jdbc) < 50_000) {
                measure(null, new JdbcSpend(jdbc, transactions, new BudgetSettings(BigDecimal.ZERO, BigDecimal.ZERO),
                        Clock.systemDefaultZone()));
            }
            measure("daily cap, day's rows " + count(jdbc), new JdbcSpend(jdbc, transactions, cap, Clock.systemDefaultZone()));
            measure("no limit, day's rows " + count(jdbc), new JdbcSpend(jdbc, transactions, new BudgetSettings(BigDecimal.ZERO,
                    BigDecimal.ZERO), Clock.systemDefaultZone()));
        }
    }

    private static long count(JdbcTemplate jdbc) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_spend", Long.class);
        return rows == null ? 0 : rows;
    }

    /** Reserves and settles {@link #CALLS} calls from {@link #THREADS} threads; prints the rate unless {@code label} is null. */
    private static void measure(String label, JdbcSpend spend) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long run = t;
            done.add(threads.submit(() -> {
                for (int i = 0; i < CALLS / THREADS; i++) {
                    Spend.Attempt held = spend.reserve(run, Spend.Kind.CALL, WORST);
                    spend.settle(held.reservation(), COST);
                }
                return null;
            }));
        }
        for (Future<?> each : done) {
            each.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        threads.shutdown();
        spend.close();
        if (label != null) {
            System.out.printf(Locale.ROOT, "  %-32s %,8.0f calls/s  %6.2f ms of wall time per call and thread%n", label, CALLS / seconds,
                    seconds * 1000 * THREADS / CALLS);
        }
    }
}
