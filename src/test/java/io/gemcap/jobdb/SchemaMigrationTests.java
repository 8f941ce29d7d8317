package io.gemcap.jobdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.testing.JobDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class SchemaMigrationTests {

    private static final int PROCESSES = 4;

    @Test
    void processesStartingTogetherOnANewPostgresDatabaseAllStartAndMigrateItOnce() throws Exception {
        // given new PostgreSQL databases, each brought up by four processes at the same moment, as a run and its workers do
        // (one database in eight or so made one of them fail before: it found another's history table empty, or with its
        // first migrations, and would not baseline it)
        ExecutorService processes = Executors.newFixedThreadPool(PROCESSES);
        List<String> failures = new ArrayList<>();
        try {
            for (int round = 0; round < 15; round++) {
                DataSource database = JobDatabase.POSTGRESQL.empty();
                CyclicBarrier together = new CyclicBarrier(PROCESSES);
                List<Future<?>> starts = new ArrayList<>();
                for (int process = 0; process < PROCESSES; process++) {
                    starts.add(processes.submit(() -> {
                        together.await();
                        new SchemaMigration().migrate(flyway(database).load());
                        return null;
                    }));
                }
                for (Future<?> start : starts) {
                    try {
                        start.get();
                    } catch (ExecutionException e) {
                        failures.add(e.getCause().getMessage().lines().findFirst().orElse(""));
                    }
                }

                // then every one started, and the database holds each migration once, applied
                assertThat(failures).as("round %d", round).isEmpty();
                assertThat(new JdbcTemplate(database).queryForList(
                        "SELECT version FROM flyway_schema_history WHERE success AND version <> '0' ORDER BY installed_rank", String.class))
                        .as("round %d", round).containsExactly("1", "2");
            }
        } finally {
            processes.shutdownNow();
        }
    }

    @Test
    void aProcessRefusedTheBaselineOfAHistoryAnotherJustMadeTriesAgainThroughFlywaysLock() {
        // given a new database, and a Flyway that is refused its baseline once, as the process that looks second is
        DataSource database = JobDatabase.POSTGRESQL.empty();
        AtomicInteger tries = new AtomicInteger();
        Flyway refusedOnce = new Flyway(flyway(database)) {
            @Override
            public org.flywaydb.core.api.output.MigrateResult migrate() {
                if (tries.incrementAndGet() == 1) {
                    throw new FlywayException("Unable to baseline schema history table \"public\".\"flyway_schema_history\" as it"
                            + " already exists, and is empty.");
                }
                return super.migrate();
            }
        };

        // when it is migrated, then its second try migrates the database
        new SchemaMigration().migrate(refusedOnce);

        assertThat(tries).hasValue(2);
        assertThat(new JdbcTemplate(database).queryForList("SELECT version FROM flyway_schema_history WHERE success", String.class))
                .containsExactly("1", "2");
    }

    @Test
    void aMigrationThatFailsIsTriedOnceAndSaysWhy() {
        // given a database whose first migration cannot run: its table is already there
        DataSource database = JobDatabase.POSTGRESQL.empty();
        new JdbcTemplate(database).execute("CREATE TABLE first_step (id INT PRIMARY KEY)");
        AtomicInteger tries = new AtomicInteger();
        Flyway flyway = flyway(database).callbacks(countingMigrations(tries)).load();

        // when it is migrated, then Flyway's own reason reaches the user, after one try
        assertThatThrownBy(() -> new SchemaMigration().migrate(flyway)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("V1__first.sql").hasMessageContaining("\"first_step\" already exists");
        assertThat(tries).hasValue(1);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource database) {
        // (gemcap's own settings: config/application.yml)
        return Flyway.configure().dataSource(database).locations("classpath:db/two-steps").baselineOnMigrate(true)
                .baselineVersion("0");
    }

    private static Callback countingMigrations(AtomicInteger tries) {
        return new Callback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.BEFORE_MIGRATE;
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                tries.incrementAndGet();
            }

            @Override
            public String getCallbackName() {
                return "counting";
            }
        };
    }
}
