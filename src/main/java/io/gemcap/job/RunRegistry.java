package io.gemcap.job;

import io.gemcap.image.ImageInspector;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which executions belong to which job (input and output), and which host and process ran them.
 * Whether a run is still alive is the lease's business ({@link RunLease}).
 */
public class RunRegistry {

    /** One execution of a job as recorded when it started. */
    public record Run(long executionId, long instanceId, String input, String output, long runNumber, String host,
            long pid, Instant registeredAt) {
    }

    private final JdbcTemplate jdbc;

    public RunRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The job's identity: its input and output locations. */
    public static String jobKey(String input, String output) {
        return ImageInspector.sha256((input + "\n" + output).getBytes(StandardCharsets.UTF_8));
    }

    /** Every recorded execution, newest first. */
    public List<Run> allRuns() {
        return jdbc.query("SELECT * FROM gemcap_run ORDER BY job_execution_id DESC", RunRegistry::map);
    }

    public Optional<Run> run(long executionId) {
        return jdbc.query("SELECT * FROM gemcap_run WHERE job_execution_id = ?", RunRegistry::map, executionId).stream().findFirst();
    }

    public Optional<Run> lastRun(String input, String output) {
        List<Run> runs = jdbc.query("SELECT * FROM gemcap_run WHERE job_key = ? ORDER BY job_execution_id DESC LIMIT 1",
                RunRegistry::map, jobKey(input, output));
        return runs.stream().findFirst();
    }

    private static Run map(java.sql.ResultSet rs, int rowNum) throws java.sql.SQLException {
        return new Run(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"), rs.getString("input_location"),
                rs.getString("output_location"), rs.getLong("run_number"), rs.getString("host"), rs.getLong("pid"),
                rs.getTimestamp("registered_at").toInstant());
    }

    public void register(Run run) {
        jdbc.update("INSERT INTO gemcap_run (job_execution_id, job_instance_id, job_key, input_location, output_location,"
                + " run_number, host, pid, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.executionId(), run.instanceId(), jobKey(run.input(), run.output()), run.input(), run.output(),
                run.runNumber(), run.host(), run.pid(), Timestamp.from(run.registeredAt()));
    }
}
