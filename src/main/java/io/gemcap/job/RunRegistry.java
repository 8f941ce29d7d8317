package io.gemcap.job;

import io.gemcap.image.ImageInspector;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
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

    /**
     * The job execution of a run gemcap recorded, or empty for an ID it never had: the job repository throws for
     * those instead of answering null, so every lookup by a user's ID comes through here.
     */
    public Optional<JobExecution> execution(long executionId, JobRepository jobRepository) {
        return run(executionId).map(found -> jobRepository.getJobExecution(executionId));
    }

    /**
     * When the job's last completed run ended, by the job repository: what tells a monitor that the nightly job did its work,
     * whatever failed runs came after it.
     */
    public Optional<Instant> lastCompleted(String jobKey) {
        List<java.sql.Timestamp> ended = jdbc.queryForList("SELECT MAX(e.END_TIME) FROM gemcap_run r JOIN BATCH_JOB_EXECUTION e"
                + " ON e.JOB_EXECUTION_ID = r.job_execution_id WHERE r.job_key = ? AND e.STATUS = 'COMPLETED'", java.sql.Timestamp.class,
                jobKey);
        return ended.stream().filter(java.util.Objects::nonNull).findFirst().map(java.sql.Timestamp::toInstant);
    }

    public Optional<Run> lastRun(String input, String output) {
        return lastRun(jobKey(input, output));
    }

    /** The job's last run, under its real locations or, for a job first run by an earlier release, as it was spelled then. */
    public Optional<Run> lastRun(JobLocation job) {
        return lastRun(job.key()).or(() -> lastRun(job.spelledKey()));
    }

    private Optional<Run> lastRun(String jobKey) {
        List<Run> runs = jdbc.query("SELECT * FROM gemcap_run WHERE job_key = ? ORDER BY job_execution_id DESC LIMIT 1",
                RunRegistry::map, jobKey);
        return runs.stream().findFirst();
    }

    /** The last run of each job that writes one of {@code outputs}, newest first. */
    public List<Run> lastRunsWriting(List<String> outputs) {
        Map<String, Run> lastPerJob = new LinkedHashMap<>();
        for (String output : new LinkedHashSet<>(outputs)) {
            jdbc.query("SELECT * FROM gemcap_run WHERE output_location = ? ORDER BY job_execution_id DESC", RunRegistry::map, output)
                    .forEach(run -> lastPerJob.merge(jobKey(run.input(), run.output()), run,
                            (a, b) -> a.executionId() >= b.executionId() ? a : b));
        }
        return lastPerJob.values().stream().sorted(java.util.Comparator.comparingLong(Run::executionId).reversed()).toList();
    }

    /** The runs that wrote an output before {@code executionId}, of any job, newest first. */
    public List<Run> runsWritingBefore(String output, long executionId) {
        return jdbc.query("SELECT * FROM gemcap_run WHERE output_location = ? AND job_execution_id < ? ORDER BY job_execution_id DESC",
                RunRegistry::map, output, executionId);
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
