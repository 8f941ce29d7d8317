package io.gemcap.cli;

import io.gemcap.gemini.ApiKey;
import io.gemcap.job.JobSettings;
import io.gemcap.job.RunStop;
import io.gemcap.job.partition.PartitionClaims;
import io.gemcap.job.partition.PartitionLeases;
import io.gemcap.job.partition.PartitionRunner;
import io.gemcap.job.partition.PartitionWorker;
import io.gemcap.job.partition.PartitionWorkers;
import io.gemcap.job.partition.QueuedPartitions;
import io.gemcap.jobdb.Dialect;
import io.gemcap.jobdb.RunSettings;
import io.gemcap.report.ExitCode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caption worker}: works on the partitions that runs on the shared PostgreSQL job database send to workers, with the
 * run's own settings (read from the job database) and this process's key, until SIGTERM or, with {@code --exit-when-idle},
 * until nothing came for that long.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Work on partitions of runs on the shared PostgreSQL job database (SPRING_DATASOURCE_URL) that"
                + " `run --partitions N` sends to workers, with each run's settings and this process's key, until SIGTERM.")
final class WorkerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);
    static final String NOT_POSTGRES = "a worker needs the team's PostgreSQL job database: set SPRING_DATASOURCE_URL=jdbc:postgresql://HOST/DB"
            + " (and SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD) as the runs do";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ParentCommand
    GemcapMain parent;

    @Option(names = "--exit-when-idle", paramLabel = "DURATION",
            description = "Leave once no partition has come or been running for this long (30s, 5m, 1h).")
    String exitWhenIdle;

    @Option(names = "--threads", paramLabel = "N", description = "Partitions worked on at once (default: gemcap.job.partition-threads, or 1).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        Duration idleLimit;
        try {
            if (exitWhenIdle != null && exitWhenIdle.strip().matches("\\d+")) {
                throw new IllegalArgumentException("no unit");
            }
            idleLimit = exitWhenIdle == null ? null : DurationStyle.detectAndParse(exitWhenIdle);
        } catch (IllegalArgumentException e) {
            err.println("gemcap: --exit-when-idle takes a duration such as 30s, 5m or 1h, was '" + exitWhenIdle + "'");
            return ExitCode.USAGE.code();
        }
        if (idleLimit != null && (idleLimit.isNegative() || idleLimit.isZero())) {
            err.println("gemcap: --exit-when-idle must be longer than 0, was '" + exitWhenIdle + "'");
            return ExitCode.USAGE.code();
        }
        if (threads != null && threads < 1) {
            err.println("gemcap: --threads must be at least 1, was " + threads);
            return ExitCode.USAGE.code();
        }
        Optional<ApiKey> key = ApiKey.fromEnvironment(parent.environment);
        boolean vertex = Boolean.parseBoolean(parent.environment.getOrDefault("GOOGLE_GENAI_USE_VERTEXAI", "false").strip());
        if (key.isEmpty() && !vertex) {
            err.println("gemcap: GEMINI_API_KEY is not set: a worker calls with its own key (another key of the same project"
                    + " works: it paces in the run's quota pool), or set GOOGLE_GENAI_USE_VERTEXAI=true for Vertex AI");
            return ExitCode.USAGE.code();
        }
        try (ConfigurableApplicationContext base = SpringLauncher.startOnJobDatabase(key.orElse(null), parent.environment);
                WorkerContexts contexts = new WorkerContexts(base.getBean(RunSettings.class), key.orElse(null), parent.environment)) {
            if (Dialect.of(base.getBean(DataSource.class)) != Dialect.POSTGRESQL) {
                err.println("gemcap: " + NOT_POSTGRES);
                return ExitCode.USAGE.code();
            }
            JobSettings settings = base.getBean(JobSettings.class);
            String me = PartitionWorkers.thisProcess();
            QueuedPartitions queue = base.getBean(QueuedPartitions.class);
            AtomicBoolean stopAsked = new AtomicBoolean();
            PartitionWorker worker = new PartitionWorker("gemcap-worker", threads != null ? threads : settings.slots(),
                    () -> queue.take(me), claimed -> runPartition(contexts, base.getBean(PartitionLeases.class), claimed),
                    Duration.ofSeconds(1), System::nanoTime);
            GracefulStop stop = new GracefulStop();
            stop.install(signal -> {
                stopAsked.set(true);
                return contexts.stopAll().equals(RunStop.Level.DRAIN.name())
                        ? "stopping: taking no more partitions, finishing the calls in flight; the partitions go back to the queue ("
                                + signal + " again to abandon the calls)"
                        : "abandoning the calls in flight (a resume pays for them again) (" + signal + " again to quit at once)";
            }, settings.stopGrace(), () -> worker.idleFor().isZero());
            log.info("Worker {} waiting for partitions{}", me, idleLimit == null ? "" : " (leaving after " + exitWhenIdle + " idle)");
            try {
                worker.runUntil(stopAsked::get, idleLimit);
            } finally {
                stop.done();
            }
            log.info(stopAsked.get() ? "Worker {} stopped" : "Worker {} leaves: nothing to do for " + exitWhenIdle, me);
            return ExitCode.COMPLETED.code();
        } catch (CannotStart e) {
            err.println("gemcap: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (Exception e) {
            err.println("gemcap: " + GemcapMain.oneLine(e));
            return ExitCode.FAILED.code();
        }
    }

    /**
     * @param leases heartbeat for the partition from its claim on, while the run's context starts (seconds) and the partition
     *     runs in it
     */
    private static void runPartition(WorkerContexts contexts, PartitionLeases leases, PartitionClaims.Claimed claimed) {
        PartitionRunner.Ended ended;
        leases.hold(claimed);
        try {
            ConfigurableApplicationContext context = contexts.forRun(claimed.jobExecutionId());
            try {
                ended = context.getBean(PartitionRunner.class).run(claimed);
            } finally {
                contexts.done(context);
            }
        } finally {
            leases.release(claimed.stepExecutionId());
        }
        log.info("Partition {} of run id {}: {}, {} rows{}", ended.partition(), claimed.jobExecutionId(), ended.status(), ended.rows(),
                ended.why().isEmpty() ? "" : ": " + ended.why());
    }
}
