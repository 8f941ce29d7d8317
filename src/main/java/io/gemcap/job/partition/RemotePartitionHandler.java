package io.gemcap.job.partition;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The manager's side of remote partitioning. Each partition's request goes to the queue that {@code worker} processes take
 * from (a Spring Integration channel kept in the job database); this process works on the run's partitions too, with
 * {@code localSlots} (none with {@code --no-local-work}). There is no reply channel: the job repository is polled, as
 * Spring Batch's {@code MessageChannelPartitionHandler} does when it has none, and, which that one does not, a partition
 * whose worker has been silent past {@code silence} is sent again: it resumes from its last commit on another worker, and
 * the silent one's next commit fails ({@link PartitionClaims}). A partition a worker handed back (it was stopped while the
 * run goes on) is sent again too. Once the run is asked to stop, partitions nobody holds are closed, left for the restart.
 */
public final class RemotePartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

    private final MessageChannel requests;
    private final PartitionClaims claims;
    private final PartitionRunner localRunner;
    private final int localSlots;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final BooleanSupplier stopAsked;
    private final Duration silence;
    private final Duration pollEvery;
    private final LongConsumer rowsSeen;
    private static final Duration WAITING_LINE_EVERY = Duration.ofMinutes(1);
    private long lastWaitingLine = System.nanoTime();

    /** @param rowsSeen told the run's job execution at each look, to bring its progress line up to the workers' rows */
    public RemotePartitionHandler(int gridSize, MessageChannel requests, PartitionClaims claims, PartitionRunner localRunner,
            int localSlots, JobRepository jobRepository, JdbcTemplate jdbc, BooleanSupplier stopAsked, Duration silence,
            Duration pollEvery, LongConsumer rowsSeen) {
        this.requests = requests;
        this.claims = claims;
        this.localRunner = localRunner;
        this.localSlots = localSlots;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.stopAsked = stopAsked;
        this.silence = silence;
        this.pollEvery = pollEvery;
        this.rowsSeen = rowsSeen;
        setGridSize(gridSize);
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        long job = manager.getJobExecutionId();
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparing(StepExecution::getStepName));
        Map<Long, String> names = new HashMap<>();
        for (StepExecution partition : ordered) {
            names.put(partition.getId(), partition.getStepName());
            claims.sent(partition.getId(), job);
            send(partition.getId());
        }
        PartitionWorker local = localSlots == 0 ? null
                : new PartitionWorker("gemcap-partition", localSlots, () -> claims.claimNext(job, PartitionWorkers.thisProcess()),
                        localRunner::run, pollEvery, System::nanoTime).start();
        try {
            boolean stopping = false;
            while (true) {
                if (!stopping && (stopAsked.getAsBoolean() || stoppingInTheDatabase(job))) {
                    stopping = true;
                    markStopping(manager);
                    if (local != null) {
                        local.stopTaking();
                    }
                }
                Map<Long, BatchStatus> statuses = statuses(job, names.keySet());
                if (stopping) {
                    claims.closeUnclaimed(job).forEach(this::leftForRestart);
                }
                for (PartitionClaims.Held held : claims.held(job)) {
                    BatchStatus status = statuses.get(held.stepExecutionId());
                    if (status == null) {
                        continue;
                    }
                    boolean handedBack = status == BatchStatus.STOPPED && !stopping;
                    boolean silent = status.isRunning() && held.silentFor().compareTo(silence) > 0;
                    if (silent && stopping) {
                        if (claims.closeSilent(held, silence)) {
                            leftForRestart(held.stepExecutionId());
                        }
                    } else if (handedBack ? claims.release(held) : silent && claims.releaseSilent(held, silence)) {
                        log.warn(handedBack ? "Partition {} was handed back by {}: sent again"
                                : "Partition {}'s worker ({}) has not been heard from for " + held.silentFor().toSeconds() + " s: sent again",
                                shortName(names.get(held.stepExecutionId())), held.worker());
                        send(held.stepExecutionId());
                    }
                }
                rowsSeen.accept(job);
                waitingForWorkers(job, local == null);
                boolean stoppedAreFinal = stopping;
                // (what this look changed -- a partition sent again or closed -- is seen by the next)
                if (statuses.values().stream().noneMatch(status -> status.isRunning()
                        || status == BatchStatus.STOPPED && !stoppedAreFinal)) {
                    break;
                }
                Thread.sleep(pollEvery.toMillis());
            }
        } finally {
            if (local != null) {
                local.stopTaking();
                local.join();
            }
        }
        Set<StepExecution> ended = new LinkedHashSet<>();
        for (StepExecution partition : ordered) {
            ended.add(jobRepository.getStepExecution(partition.getId()));
        }
        return ended;
    }

    /** With nobody here to take them, a line a minute while partitions wait for a worker: a run left waiting says so. */
    private void waitingForWorkers(long job, boolean noLocalWork) {
        long now = System.nanoTime();
        if (!noLocalWork || now - lastWaitingLine < WAITING_LINE_EVERY.toNanos()) {
            return;
        }
        lastWaitingLine = now;
        Integer waiting = jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_partition WHERE job_execution_id = ? AND claim IS NULL",
                Integer.class, job);
        if (waiting != null && waiting > 0) {
            log.warn("{} partition{} waiting for a worker (scripts/caption worker with this job database)", waiting, waiting == 1 ? "" : "s");
        }
    }

    private void send(long stepExecutionId) {
        requests.send(MessageBuilder.withPayload(localRunner.request(stepExecutionId)).build());
    }

    private Map<Long, BatchStatus> statuses(long job, Set<Long> partitions) {
        Map<Long, BatchStatus> statuses = new HashMap<>();
        jdbc.query("SELECT STEP_EXECUTION_ID, STATUS FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?", row -> {
            long id = row.getLong(1);
            if (partitions.contains(id)) {
                statuses.put(id, BatchStatus.valueOf(row.getString(2)));
            }
        }, job);
        return statuses;
    }

    private boolean stoppingInTheDatabase(long job) {
        return "STOPPING".equals(jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class, job));
    }

    /** Workers read a stop from the job database: a stop asked of this process is put there for them. */
    private void markStopping(StepExecution manager) {
        var execution = manager.getJobExecution();
        if (execution.getStatus() == BatchStatus.STARTED) {
            execution.setStatus(BatchStatus.STOPPING);
            jobRepository.update(execution);
        }
    }

    /** A partition nobody works on while the run stops: STOPPED, so that the manager ends unfinished and a restart runs it. */
    private void leftForRestart(long stepExecutionId) {
        StepExecution partition = jobRepository.getStepExecution(stepExecutionId);
        if (partition == null || !partition.getStatus().isRunning()) {
            return;
        }
        partition.setStatus(BatchStatus.STOPPED);
        partition.setExitStatus(ExitStatus.STOPPED.addExitDescription("not finished: the run was stopping"));
        partition.setStartTime(partition.getStartTime() == null ? LocalDateTime.now() : partition.getStartTime());
        partition.setEndTime(LocalDateTime.now());
        jobRepository.update(partition);
    }

    private static String shortName(String stepName) {
        return stepName == null ? "?" : stepName.substring(stepName.indexOf(':') + 1);
    }
}
