package io.gemcap.job;

import io.gemcap.job.partition.WalkPartitioner;
import io.gemcap.output.ResultsTable;
import io.gemcap.report.Partitions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads a run's partitions for {@code status} and {@code jobs}, from any process: each partition's last step execution
 * across the run's executions, who holds those sent to {@code worker} processes ({@code gemcap_partition}; a partition
 * without a row there ran in the run's own process), and, for those listed, their ranges of the walk (in their step
 * executions' contexts) and the rows each has. Thread-safe.
 *
 * <p>A run may have 10,000 partitions: their statuses come in one query, and only the listed ones' contexts are read
 * (the job repository reads a context per step execution).
 */
public class RunPartitions {

    private static final String PARTITION_PREFIX = CaptionJobConfiguration.PARTITION_STEP + ":";
    /** What the run leaves in the claim of a partition it closed as it stopped: nobody takes it. */
    private static final String CLOSED_CLAIM = "closed";

    private final JobRepository jobRepository;
    private final RunRegistry registry;
    private final ResultsTable results;
    private final JdbcTemplate jdbc;

    public RunPartitions(JobRepository jobRepository, RunRegistry registry, ResultsTable results, JdbcTemplate jdbc) {
        this.jobRepository = jobRepository;
        this.registry = registry;
        this.results = results;
        this.jdbc = jdbc;
    }

    /**
     * The run's partitions as of {@code execution} (those its later executions ran are not seen), with the ranges and rows
     * of those listed; empty for a run without partitions (Batch Mode, releases before them).
     */
    public Optional<Partitions> of(JobExecution execution) {
        return read(execution, true);
    }

    /** As {@link #of}, counted by status and host only: nothing listed. */
    public Optional<Partitions> counted(JobExecution execution) {
        return read(execution, false);
    }

    /** A partition's last step execution, as its row in the job repository has it. */
    private record Step(long id, String name, BatchStatus status, long jobExecutionId, BatchStatus jobStatus) {
    }

    private Optional<Partitions> read(JobExecution execution, boolean list) {
        Map<String, Step> last = new TreeMap<>();
        jdbc.query("SELECT s.STEP_EXECUTION_ID, s.STEP_NAME, s.STATUS, s.JOB_EXECUTION_ID, j.STATUS AS JOB_STATUS"
                + " FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION j ON j.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID"
                + " WHERE j.JOB_INSTANCE_ID = ? AND j.JOB_EXECUTION_ID <= ? AND s.STEP_NAME LIKE ?", (RowCallbackHandler) rs -> {
                    Step step = new Step(rs.getLong(1), rs.getString(2).substring(PARTITION_PREFIX.length()),
                            BatchStatus.valueOf(rs.getString(3)), rs.getLong(4), BatchStatus.valueOf(rs.getString(5)));
                    last.merge(step.name(), step, (a, b) -> a.id() > b.id() ? a : b);
                }, execution.getJobInstanceId(), execution.getId(), PARTITION_PREFIX + "%");
        if (last.isEmpty()) {
            return Optional.empty();
        }
        boolean captioning = execution.getStepExecutions().stream()
                .anyMatch(step -> step.getStepName().equals(CaptionJobConfiguration.CAPTION_STEP) && step.getStatus().isRunning());
        Map<Long, Holder> holders = holders(last.values().stream().map(Step::jobExecutionId).distinct().toList());
        Map<Long, Optional<RunRegistry.Run>> processes = new HashMap<>();
        List<Partitions.Partition> all = new ArrayList<>();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        Set<String> hosts = new HashSet<>();
        for (Step step : last.values()) {
            Optional<RunRegistry.Run> process = processes.computeIfAbsent(step.jobExecutionId(), registry::run);
            Holder holder = holders.get(step.id());
            Partitions.Partition partition = new Partitions.Partition(step.name(), shownStatus(step, holder, process), 0, 0, 0,
                    holder == null ? Partitions.Hold.LOCAL : holder.hold(), holder == null ? null : holder.worker(),
                    process.map(run -> run.host() + " pid " + run.pid()).orElse(null),
                    holder == null ? null : holder.heartbeatSeconds(), holder == null ? 0 : holder.sends());
            all.add(partition);
            statuses.merge(partition.status(), 1, Integer::sum);
            if (partition.running() && (holder == null || holder.hold() == Partitions.Hold.HELD)) {
                String host = holder == null ? process.map(RunRegistry.Run::host).orElse(null) : hostOf(holder.worker());
                if (host != null) {
                    hosts.add(host);
                }
            }
        }
        List<Partitions.Partition> listed = list ? counted(execution, listed(all), last) : List.of();
        return Optional.of(new Partitions(statuses, hosts.size(), captioning, listed));
    }

    /** All of them up to {@link Partitions#LISTED}, else the unfinished ones first, in name order. */
    private static List<Partitions.Partition> listed(List<Partitions.Partition> all) {
        if (all.size() <= Partitions.LISTED) {
            return all;
        }
        return all.stream().filter(partition -> !partition.status().equals(Partitions.COMPLETED)).limit(Partitions.LISTED).toList();
    }

    /** The listed partitions with their ranges of the walk and the rows in them (one grouped count for all). */
    private List<Partitions.Partition> counted(JobExecution execution, List<Partitions.Partition> listed, Map<String, Step> steps) {
        Map<Long, ExecutionContext> contexts = new HashMap<>();
        for (StepExecution step : execution.getStepExecutions()) {
            contexts.put(step.getId(), step.getExecutionContext());
        }
        List<ResultsTable.PositionRange> ranges = new ArrayList<>();
        for (Partitions.Partition partition : listed) {
            long id = steps.get(partition.name()).id();
            // (those an earlier execution ran last: the execution asked about has its own contexts read already)
            ExecutionContext context = contexts.computeIfAbsent(id, missing -> jobRepository.getStepExecution(missing).getExecutionContext());
            ranges.add(new ResultsTable.PositionRange(context.getLong(WalkPartitioner.FROM, 0L), context.getLong(WalkPartitioner.TO, 0L)));
        }
        long[] rows = results.countsIn(execution.getJobInstanceId(), execution.getId(), ranges);
        List<Partitions.Partition> counted = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            Partitions.Partition p = listed.get(i);
            counted.add(new Partitions.Partition(p.name(), p.status(), ranges.get(i).from(), ranges.get(i).to(), rows[i], p.hold(),
                    p.worker(), p.runProcess(), p.heartbeatSeconds(), p.sends()));
        }
        return Collections.unmodifiableList(counted);
    }

    /**
     * The step execution's status, except that a partition the run's own process was running when that process left this
     * host (kill -9, a crash) is DIED, as the run is (one it had not started yet stays STARTING: the same command starts it).
     */
    private static String shownStatus(Step step, Holder holder, Optional<RunRegistry.Run> process) {
        if (holder == null && step.status() == BatchStatus.STARTED && RunSummaries.died(step.jobStatus(), process)) {
            return "DIED";
        }
        return step.status().name();
    }

    /** A worker's host, from its name ("hostB pid 81"). */
    static String hostOf(String worker) {
        if (worker == null) {
            return null;
        }
        int pid = worker.lastIndexOf(" pid ");
        return pid < 0 ? worker : worker.substring(0, pid);
    }

    /**
     * Who holds a partition sent to workers (or last held it), and how long ago it was last heard from by the job database's
     * own clock.
     */
    private record Holder(Partitions.Hold hold, String worker, Long heartbeatSeconds, int sends) {
    }

    private Map<Long, Holder> holders(List<Long> jobExecutionIds) {
        Map<Long, Holder> holders = new HashMap<>();
        String ids = String.join(", ", Collections.nCopies(jobExecutionIds.size(), "?"));
        // Both times from the database, so that the hosts' clocks need not agree.
        jdbc.query("SELECT step_execution_id, claim, worker, sends, heartbeat_at, CURRENT_TIMESTAMP AS now_at FROM gemcap_partition"
                + " WHERE job_execution_id IN (" + ids + ")", (RowCallbackHandler) rs -> {
                    OffsetDateTime heartbeat = rs.getObject("heartbeat_at", OffsetDateTime.class);
                    OffsetDateTime now = rs.getObject("now_at", OffsetDateTime.class);
                    Long age = heartbeat == null ? null : Math.max(0, Duration.between(heartbeat, now).toSeconds());
                    String claim = rs.getString("claim");
                    Partitions.Hold hold = claim == null ? Partitions.Hold.WAITING
                            : claim.equals(CLOSED_CLAIM) ? Partitions.Hold.CLOSED : Partitions.Hold.HELD;
                    holders.put(rs.getLong("step_execution_id"), new Holder(hold, rs.getString("worker"), age, rs.getInt("sends")));
                }, jobExecutionIds.toArray());
        return holders;
    }
}
