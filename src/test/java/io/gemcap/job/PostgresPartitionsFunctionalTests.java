package io.gemcap.job;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.GemcapCli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PartitionsFunctionalTests} on a real PostgreSQL server, which the test starts itself. */
class PostgresPartitionsFunctionalTests extends PartitionsFunctionalTests {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    GemcapCli cli(String name) throws Exception {
        String database = "gemcap_" + name + "_" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return new GemcapCli(dir.resolve("home-" + name)).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .set("spring.datasource.url", postgres.getJdbcUrl("postgres", database))
                .set("spring.datasource.username", "postgres");
    }
}
