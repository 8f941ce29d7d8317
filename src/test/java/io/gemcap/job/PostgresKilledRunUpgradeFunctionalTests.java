package io.gemcap.job;

import io.gemcap.testing.GemcapCli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** {@link KilledRunUpgradeTest} on a PostgreSQL job database restored from the dump made after 8e1950e's run was killed. */
class PostgresKilledRunUpgradeFunctionalTests extends KilledRunUpgradeTest {

    private static EmbeddedPostgres postgres;

    private String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    protected Path recorded() {
        return Path.of("/tmp/gemcap-8e1950e-pg-fixture");
    }

    @Override
    protected Path fixture() {
        return Path.of("src/test/resources/upgrade/main-8e1950e-postgres");
    }

    @Override
    protected GemcapCli commandLineOnTheOldDatabase() throws Exception {
        database = "gemcap_" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        new ResourceDatabasePopulator(new ClassPathResource("upgrade/main-8e1950e-postgres/jobs.sql"))
                .execute(postgres.getDatabase("postgres", database));
        return new GemcapCli(dir.resolve("home")).set("spring.datasource.url", postgres.getJdbcUrl("postgres", database))
                .set("spring.datasource.username", "postgres");
    }

    @Override
    protected JdbcTemplate jobDatabase() {
        return new JdbcTemplate(postgres.getDatabase("postgres", database));
    }
}
