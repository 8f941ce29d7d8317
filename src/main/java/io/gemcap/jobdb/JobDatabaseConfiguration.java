package io.gemcap.jobdb;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job database's connection pool, as Spring Boot would build it from {@code spring.datasource.*}, except that an H2
 * file is reached through its server process ({@link SharedH2}) and always with {@code WRITE_DELAY=0}.
 */
@Configuration
public class JobDatabaseConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    public HikariDataSource dataSource(DataSourceProperties properties, JobDatabaseSettings settings, ObjectProvider<ServerLaunch> launch) {
        String url = properties.determineUrl();
        Optional<H2FileUrl> file = H2FileUrl.parse(url);
        ServerLaunch server = launch.getIfAvailable();
        if (file.isPresent() && server != null) {
            HikariDataSource pool = new HikariDataSource();
            SharedH2 shared = new SharedH2(file.get(), properties.determineUsername(), properties.determinePassword(),
                    settings.serverIdle(), server.command());
            pool.setDataSource(shared);
            // H2's "connection broken" and "database closed" carry no SQL state 08: without this the pool would hand out
            // connections to a server that is gone, each failing once.
            pool.setExceptionOverride(new com.zaxxer.hikari.SQLExceptionOverride() {
                @java.lang.Override
                public Override adjudicate(java.sql.SQLException sql) {
                    if (JobDatabaseConnection.lostIn(java.util.List.of(sql))) {
                        JobDatabaseConnection.lost();
                        return Override.MUST_EVICT;
                    }
                    return Override.CONTINUE_EVICT;
                }
            });
            shared.onServerGone(() -> {
                if (pool.getHikariPoolMXBean() != null) {
                    pool.getHikariPoolMXBean().softEvictConnections();
                }
            });
            return pool;
        }
        // PostgreSQL and in-memory H2 as given; an H2 file opened by this process alone (no CLI to start a server) still
        // gets WRITE_DELAY=0.
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).url(file.map(H2FileUrl::servingUrl).orElse(url))
                .build();
    }

    /** gemcap's migrations, safe for processes that start together on a new database. */
    @Bean
    public SchemaMigration schemaMigration() {
        return new SchemaMigration();
    }
}
