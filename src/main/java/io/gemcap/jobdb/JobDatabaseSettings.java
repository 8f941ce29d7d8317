package io.gemcap.jobdb;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How an H2 job database is shared on this machine ({@code gemcap.job-database.*}).
 *
 * @param serverIdle how long the server process holding an H2 file stays up once no gemcap process is connected
 */
@ConfigurationProperties("gemcap.job-database")
public record JobDatabaseSettings(Duration serverIdle) {

    public JobDatabaseSettings {
        if (serverIdle == null) {
            serverIdle = Duration.ofSeconds(60);
        }
        if (serverIdle.isNegative()) {
            throw new IllegalArgumentException("gemcap.job-database.server-idle cannot be negative, was " + serverIdle);
        }
    }
}
