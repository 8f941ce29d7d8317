package io.gemcap.testing;

import io.gemcap.cli.GemcapMain;
import io.gemcap.output.ResultsTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Runs gemcap's command line in this JVM as a user would, with its job database in a folder of the
 * test's and settings made short for tests (small chunks, quick retries).
 */
public final class GemcapCli {

    /** What a command printed and returned. */
    public record Result(int exitCode, String out, String err) {
    }

    private final Path databaseDir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final java.util.List<String> childJvmOptions = new java.util.ArrayList<>();

    public GemcapCli(Path databaseDir) {
        this.databaseDir = databaseDir;
        settings.put("spring.datasource.url", jdbcUrl());
        settings.put("gemcap.home", databaseDir.toAbsolutePath().toString());
        // the job database's server process leaves soon after a test's last command
        settings.put("gemcap.job-database.server-idle", "2s");
        settings.put("gemcap.job.chunk-size", "5");
        settings.put("gemcap.retry.initial-backoff", "10ms");
        settings.put("gemcap.retry.max-backoff", "50ms");
        settings.put("gemcap.limits.rpm", "0");
        settings.put("gemcap.limits.tpm", "0");
        settings.put("gemcap.limits.concurrency", "4");
        settings.put("gemcap.breaker.window", "4");
        settings.put("gemcap.breaker.open-wait", "200ms");
        settings.put("gemcap.breaker.patience", "2s");
        settings.put("logging.level.io.gemcap", "WARN");
    }

    public String jdbcUrl() {
        return "jdbc:h2:file:" + databaseDir.resolve("jobs").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    public GemcapCli set(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public GemcapCli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** A JVM option for commands run in a child process ({@code -Xmx1g}). */
    public GemcapCli childJvm(String option) {
        childJvmOptions.add(option);
        return this;
    }

    /** Settings as JVM options, for a command run in a child process, after its own options. */
    public java.util.List<String> jvmOptions() {
        java.util.List<String> options = new java.util.ArrayList<>(childJvmOptions);
        settings.forEach((name, value) -> options.add("-D" + name + "=" + value));
        return options;
    }

    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** Runs one command line; settings are system properties for its duration (tests run one at a time). */
    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        settings.forEach(System::setProperty);
        try {
            int code = GemcapMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
            return new Result(code, out.toString(), err.toString());
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    /** The results table of the job database, read directly. */
    public ResultsTable results() {
        return new ResultsTable(jdbc());
    }

    /** The rows the latest run recorded has committed, in path order: none before one is recorded. */
    public java.util.List<io.gemcap.output.CaptionRow> committedRows() {
        Long instance = jdbc().queryForObject("SELECT MAX(job_instance_id) FROM gemcap_run", Long.class);
        return instance == null ? java.util.List.of() : results().rows(instance);
    }

    /** The paths of {@link #committedRows()}. */
    public java.util.List<String> committedPaths() {
        return committedRows().stream().map(io.gemcap.output.CaptionRow::path).toList();
    }

    /** The job instance of the latest run recorded. */
    public long lastInstanceId() {
        return jdbc().queryForObject("SELECT MAX(job_instance_id) FROM gemcap_run", Long.class);
    }

    /** The latest execution recorded, or {@code null} before any. */
    public Long lastExecutionId() {
        return jdbc().queryForObject("SELECT MAX(job_execution_id) FROM gemcap_run", Long.class);
    }

    /** The job instance of the latest run recorded for an input folder. */
    public long instanceIdOf(Path input) throws java.io.IOException {
        return jdbc().queryForObject("SELECT MAX(job_instance_id) FROM gemcap_run WHERE input_location = ?", Long.class,
                input.toRealPath().toString());
    }

    /** How many answers the ledger holds (one per content, model and request). */
    public long ledgerEntries() {
        return jdbc().queryForObject("SELECT COUNT(*) FROM gemcap_ledger", Long.class);
    }

    /**
     * The job database as another program reads it: PostgreSQL, or an H2 file through its URL with AUTO_SERVER, which joins
     * gemcap's server process while one is up. A server leaving idle at that very moment refuses the connection once; the next one opens the file.
     */
    public JdbcTemplate jdbc() {
        String url = settings.get("spring.datasource.url");
        SimpleDriverDataSource direct = url.startsWith("jdbc:postgresql:")
                ? new SimpleDriverDataSource(new org.postgresql.Driver(), url, settings.getOrDefault("spring.datasource.username", ""),
                        settings.getOrDefault("spring.datasource.password", ""))
                : new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
        return new JdbcTemplate(new org.springframework.jdbc.datasource.DelegatingDataSource(direct) {
            @Override
            public java.sql.Connection getConnection() throws java.sql.SQLException {
                for (int attempt = 1; ; attempt++) {
                    try {
                        return direct.getConnection();
                    } catch (java.sql.SQLException e) {
                        if (attempt == 5 || e.getErrorCode() != org.h2.api.ErrorCode.CONNECTION_BROKEN_1) {
                            throw e;
                        }
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                            throw e;
                        }
                    }
                }
            }
        });
    }
}
