package io.gemcap.job;

import io.gemcap.testing.GemcapCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** {@link KilledRunUpgradeTest} on the H2 job database file 8e1950e left when its run was killed. */
class KilledRunUpgradeFunctionalTests extends KilledRunUpgradeTest {

    @Override
    protected Path recorded() {
        return Path.of("/tmp/gemcap-8e1950e-fixture");
    }

    @Override
    protected Path fixture() {
        return Path.of("src/test/resources/upgrade/main-8e1950e");
    }

    @Override
    protected GemcapCli commandLineOnTheOldDatabase() throws Exception {
        Files.createDirectories(dir.resolve("db"));
        Files.copy(fixture().resolve("jobs.mv.db"), dir.resolve("db/jobs.mv.db"));
        return new GemcapCli(dir.resolve("db"));
    }

    @Override
    protected JdbcTemplate jobDatabase() {
        return new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), cli.jdbcUrl(), "sa", ""));
    }
}
