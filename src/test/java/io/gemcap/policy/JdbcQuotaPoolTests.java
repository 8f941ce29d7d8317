package io.gemcap.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.Races;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The pool in the job database, on H2 and PostgreSQL: what several processes on one database share. */
class JdbcQuotaPoolTests {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private static DataSource database(String kind) throws Exception {
        DataSource dataSource;
        if (kind.equals("h2")) {
            dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:quota" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            String name = "quota_" + ThreadLocalRandom.current().nextInt(1_000_000);
            try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            dataSource = postgres.getDatabase("postgres", name);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    private static QuotaState.Demand demand(int rpm, long answered) {
        return new QuotaState.Demand(rpm, 0, 0, 1.0, true, 300, answered, 0, null, 1, false, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void processesLeasingAtOnceGetSlotsThatNeverOverlap(String kind) throws Exception {
        // given four processes of one pool at 600 RPM (a slot every 100 ms) on one database
        DataSource dataSource = database(kind);
        List<QuotaState.Slice> slices = Collections.synchronizedList(new ArrayList<>());
        List<Thread> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            JdbcQuotaPool pool = new JdbcQuotaPool(dataSource, "team", "gemini-2.5-flash-lite");
            Thread process = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    slices.add(pool.lease(demand(600, 0)));
                }
            });
            process.start();
            processes.add(process);
        }
        for (Thread process : processes) {
            process.join();
        }

        // then every slice is its own stretch of the pool's schedule, a slot every 100 ms
        List<QuotaState.Slice> inOrder = slices.stream().sorted(java.util.Comparator.comparingLong(QuotaState.Slice::first)).toList();
        for (int i = 1; i < inOrder.size(); i++) {
            QuotaState.Slice before = inOrder.get(i - 1);
            assertThat(inOrder.get(i).first()).isGreaterThanOrEqualTo(before.first() + before.count() * before.interval());
        }
        assertThat(inOrder).allSatisfy(slice -> assertThat(slice.interval()).isEqualTo(100_000));
        assertThat(new JdbcQuotaPool(dataSource, "team", "gemini-2.5-flash-lite").state().roundTrips()).isEqualTo(40);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theRateA429TaughtIsTheNextProcesssStart(String kind) throws Exception {
        // given a pool at 4000 RPM that got 120 calls through in its first minute, then a 429
        DataSource dataSource = database(kind);
        JdbcQuotaPool tonight = new JdbcQuotaPool(dataSource, "team", "gemini-2.5-flash-lite");
        tonight.lease(demand(4000, 0));
        tonight.rateLimited(demand(4000, 120), Duration.ofSeconds(30));

        // when another process of the pool starts, on the same model and on another
        QuotaState.Slice tomorrow = new JdbcQuotaPool(dataSource, "team", "gemini-2.5-flash-lite").lease(demand(4000, 0));
        QuotaState.Slice otherModel = new JdbcQuotaPool(dataSource, "team", "gemini-3-flash-preview").lease(demand(4000, 0));

        // then it is paced at the learnt 120 a minute, after the server's delay; the other model is not
        assertThat(tomorrow.rpm()).isCloseTo(120, org.assertj.core.data.Offset.offset(1.0));
        assertThat(tomorrow.first() - tomorrow.now()).isGreaterThan(Duration.ofSeconds(29).toNanos() / 1000);
        assertThat(otherModel.rpm()).isCloseTo(4000, org.assertj.core.data.Offset.offset(1.0));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void processesStartingOnANewPoolAtTheSameMomentBothJoinIt(String kind) throws Exception {
        DataSource dataSource = database(kind);

        // (each process makes the pool's row unless another made it already: here both at once, pool after pool)
        Races.run(200, round -> new JdbcQuotaPool(dataSource, "pool-" + round, "gemini-2.5-flash-lite"),
                round -> new JdbcQuotaPool(dataSource, "pool-" + round, "gemini-2.5-flash-lite"));

        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_quota", Integer.class)).isEqualTo(200);
    }
}
