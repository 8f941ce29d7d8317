package io.gemcap.usage;

import io.gemcap.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The database's Spend, shared by two instances on one H2 database as two processes share it. */
class JdbcSpendTests {

    private static final BigDecimal CALL = new BigDecimal("0.03");

    private DataSource dataSource;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    @BeforeEach
    void database() {
        dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:spend" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private JdbcSpend process(BudgetSettings limits) {
        return new JdbcSpend(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), limits, clock);
    }

    @Test
    void twoProcessesReservingTogetherNeverHoldMoreThanTheDailyCap() throws Exception {
        assertTwoProcessesHoldNoMoreThanTheCap();
    }

    @Test
    void onPostgresqlTooTwoProcessesReservingTogetherNeverHoldMoreThanTheDailyCap() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            assertTwoProcessesHoldNoMoreThanTheCap();
        }
    }

    private void assertTwoProcessesHoldNoMoreThanTheCap() throws Exception {
        BudgetSettings cap = new BudgetSettings(BigDecimal.ZERO, BigDecimal.ONE);
        List<JdbcSpend> processes = List.of(process(cap), process(cap));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<Future<Integer>> held = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            JdbcSpend spend = processes.get(i % 2);
            long run = i % 2;
            held.add(threads.submit(() -> {
                int calls = 0;
                while (true) {
                    Spend.Attempt attempt = spend.reserve(run, Spend.Kind.CALL, CALL);
                    if (!attempt.held()) {
                        if (attempt.inFlight() == 0) {
                            return calls;
                        }
                        Thread.sleep(5);
                        continue;
                    }
                    calls++;
                    spend.settle(attempt.reservation(), CALL);
                }
            }));
        }
        int calls = 0;
        for (Future<Integer> each : held) {
            calls += each.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        // 33 calls of 0.03 fit under 1 USD, and not one more
        assertThat(calls).isEqualTo(33);
        assertThat(processes.get(0).billed(0).usd().add(processes.get(1).billed(1).usd())).isEqualByComparingTo("0.99");
        // and the totals kept beside the calls agree with them
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT usd FROM gemcap_spend_total WHERE scope = 'day:2026-12-07'", BigDecimal.class))
                .isEqualByComparingTo("0.99");
        assertThat(jdbc.queryForObject("SELECT SUM(usd) FROM gemcap_spend_total WHERE scope LIKE 'run:%'", BigDecimal.class))
                .isEqualByComparingTo("0.99");
        processes.forEach(JdbcSpend::close);
    }

    @Test
    void aGoneProcesssReservationCountsAtItsWorstCaseButIsNoLongerInFlight() {
        BudgetSettings budget = new BudgetSettings(new BigDecimal("0.05"), BigDecimal.ZERO);
        JdbcSpend killed = process(budget);
        killed.reserve(1L, Spend.Kind.CALL, CALL);
        killed.close();
        JdbcSpend resumed = process(budget);

        Spend.Attempt now = resumed.reserve(1L, Spend.Kind.CALL, CALL);
        assertThat(now.held()).isFalse();
        assertThat(now.inFlight()).isEqualTo(1);

        clock.now = clock.now.plus(JdbcSpend.ALIVE_FOR).plusSeconds(1);
        Spend.Attempt later = resumed.reserve(1L, Spend.Kind.CALL, CALL);
        assertThat(later.held()).isFalse();
        assertThat(later.inFlight()).isZero();
        assertThat(later.limit()).isEqualTo("its budget of 0.05 USD (0.03 billed or held)");
        assertThat(resumed.billed(1)).isEqualTo(new Spend.Billed(new BigDecimal("0.0300000000"), 1));
    }

    @Test
    void aReservationUnderAnIdOfTheCallersIsSettledByAnotherProcess() {
        BudgetSettings none = new BudgetSettings(BigDecimal.ZERO, BigDecimal.ZERO);
        JdbcSpend first = process(none);
        first.reserve("shard-4-1", 4L, Spend.Kind.SHARD, CALL);
        first.close();

        JdbcSpend next = process(none);
        assertThat(next.reserve("shard-4-1", 4L, Spend.Kind.SHARD, CALL).reservation().worstCase()).isEqualByComparingTo(CALL);
        next.settle("shard-4-1", new BigDecimal("0.01"));
        next.settle("shard-4-1", new BigDecimal("0.02"));

        assertThat(next.billed(4)).isEqualTo(new Spend.Billed(new BigDecimal("0.0100000000"), 0));
    }

    @Test
    void anUpgradedDatabaseCarriesWhatEarlierRunsPaidIntoTheirBudgetAndTheirDay() {
        DataSource old = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:old" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(old).locations("classpath:db/migration").target("11").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(old);
        jdbc.update("INSERT INTO gemcap_run (job_execution_id, job_instance_id, job_key, input_location, output_location, run_number,"
                + " host, pid, registered_at) VALUES (10, 3, 'k', 'in', 'out.csv', 1, 'h', 1, TIMESTAMP '2026-12-07 08:00:00')");
        for (int i = 0; i < 3; i++) {
            jdbc.update("INSERT INTO gemcap_result (job_instance_id, job_execution_id, path, status, source, cost_usd)"
                    + " VALUES (3, 10, ?, 'ok', 'call', 0.02)", "img" + i + ".png");
        }
        jdbc.update("INSERT INTO gemcap_result (job_instance_id, job_execution_id, path, status, source, cost_usd)"
                + " VALUES (3, 10, 'seen.png', 'ok', 'ledger', 0)");

        Flyway.configure().dataSource(old).locations("classpath:db/migration").load().migrate();

        JdbcSpend spend = new JdbcSpend(jdbc, new DataSourceTransactionManager(old),
                new BudgetSettings(BigDecimal.ZERO, new BigDecimal("0.07")), clock);
        assertThat(spend.billed(3).usd()).isEqualByComparingTo("0.06");
        assertThat(spend.reserve(5L, Spend.Kind.CALL, CALL).limit()).startsWith("today's cap of 0.07 USD (gemcap.budget.per-day-usd;"
                + " 0.06 billed or held today)");
    }
}
