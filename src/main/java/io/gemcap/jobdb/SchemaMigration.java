package io.gemcap.jobdb;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Flyway's migrate, tried again when another process was bringing the same new database up at that moment. A run and
 * its workers often start together on a fresh PostgreSQL database: each finds no schema history table, one creates it
 * (empty) and migrates, and one that then finds the schema no longer empty decides to baseline and is refused, since the
 * table is there with nothing or the first one's migrations in it. Its next try finds the table and goes through
 * Flyway's lock on it, which waits for the first process's migrations and finds nothing left to do. Any other failure
 * (a migration that fails, a checksum that differs) is not retried, so its own message reaches the user.
 */
public final class SchemaMigration implements FlywayMigrationStrategy {

    private final Retry retry;

    public SchemaMigration() {
        this.retry = Retry.of("schema-migration", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(200))
                .retryOnException(SchemaMigration::raced).build());
    }

    @Override
    public void migrate(Flyway flyway) {
        retry.executeRunnable(flyway::migrate);
    }

    private static boolean raced(Throwable failure) {
        return failure instanceof FlywayException && String.valueOf(failure.getMessage()).startsWith("Unable to baseline schema history table");
    }
}
