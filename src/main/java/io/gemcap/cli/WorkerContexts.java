package io.gemcap.cli;

import io.gemcap.gemini.ApiKey;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.job.RunStop;
import io.gemcap.metrics.RunMetrics;
import io.gemcap.jobdb.RunSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application contexts a worker runs partitions in: one per set of run settings (as the job database keeps them for
 * each run), built as the run's own process built its own, with this worker's key. Runs with the same settings share one.
 */
final class WorkerContexts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerContexts.class);

    private final RunSettings runSettings;
    private final ApiKey key;
    private final Map<String, String> environment;
    private final Path files;
    private final Map<String, ConfigurableApplicationContext> byFingerprint = new HashMap<>();
    private final Map<Long, ConfigurableApplicationContext> byRun = new HashMap<>();
    private final Map<ConfigurableApplicationContext, Integer> inUse = new IdentityHashMap<>();
    private boolean stopping;

    WorkerContexts(RunSettings runSettings, ApiKey key, Map<String, String> environment) {
        this.runSettings = runSettings;
        this.key = key;
        this.environment = environment;
        try {
            this.files = Files.createTempDirectory("gemcap-worker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the runs' schema and metadata files", e);
        }
    }

    /**
     * The context to run a partition of {@code jobExecutionId} in, until {@link #done} with it. Contexts no partition is
     * running in are closed when another is started (each holds its own connections to the job database).
     */
    synchronized ConfigurableApplicationContext forRun(long jobExecutionId) {
        ConfigurableApplicationContext context = contextFor(jobExecutionId);
        inUse.merge(context, 1, Integer::sum);
        return context;
    }

    /**
     * A partition ended in {@code context}. A context whose run was stopped in it (a stop of the run, a partition lost to
     * another worker) stays stopped, so it is not used again: the next partition gets a new one.
     */
    synchronized void done(ConfigurableApplicationContext context) {
        int left = inUse.merge(context, -1, Integer::sum);
        if (!stopping && context.getBean(RunStop.class).level() != RunStop.Level.NONE) {
            byFingerprint.values().removeIf(known -> known == context);
            byRun.values().removeIf(known -> known == context);
        }
        if (left == 0 && !byFingerprint.containsValue(context)) {
            inUse.remove(context);
            context.close();
        }
    }

    private ConfigurableApplicationContext contextFor(long jobExecutionId) {
        ConfigurableApplicationContext known = byRun.get(jobExecutionId);
        if (known != null) {
            return known;
        }
        RunSettings.Stored stored = runSettings.load(jobExecutionId).orElseThrow(() -> new IllegalStateException("run id "
                + jobExecutionId + " kept no settings for workers: its process is of a release without workers"));
        ConfigurableApplicationContext context = byFingerprint.computeIfAbsent(stored.fingerprint(), fingerprint -> {
            Map<String, String> properties = new HashMap<>(stored.materialise(files.resolve(fingerprint.substring(0, 16))));
            // The run's metrics job, pushed under this host's name; the run's metrics file is the run's process's alone. The run's
            // gateway comes without its password: a worker that needs one gives the gateway itself.
            properties.put("gemcap.metrics.role", "worker");
            String gateway = environment.get("GEMCAP_METRICS_PUSH_GATEWAY");
            if (gateway != null && !gateway.isBlank()) {
                properties.put("gemcap.metrics.push-gateway", gateway);
            }
            // A run against the bundled emulator: the worker starts one of its own, which takes only its key.
            boolean emulator = Boolean.parseBoolean(properties.getOrDefault("gemcap.emulator.enabled", "false"));
            log.info("Worker takes the settings of run id {} (model {})", jobExecutionId, properties.get("gemcap.gemini.model"));
            ConfigurableApplicationContext started = SpringLauncher.start(emulator ? new ApiKey(GeminiEmulator.DEFAULT_KEY) : key,
                    properties, environment);
            if (stopping) {
                started.getBean(RunStop.class).escalate();
            }
            // (the run's settings name its metrics job; a run of a release before them, none)
            started.getBean(RunMetrics.class).open("gemcap");
            closeIdle();
            return started;
        });
        byRun.put(jobExecutionId, context);
        return context;
    }

    /** Closes the contexts no partition is running in. */
    private void closeIdle() {
        List<ConfigurableApplicationContext> idle = byFingerprint.values().stream()
                .filter(context -> inUse.getOrDefault(context, 0) == 0).toList();
        byFingerprint.values().removeAll(idle);
        byRun.values().removeAll(idle);
        idle.forEach(ConfigurableApplicationContext::close);
    }

    /** Asks every context's partitions to stop (SIGTERM): no new call, the calls in flight finished and committed. */
    synchronized String stopAll() {
        stopping = true;
        Optional<RunStop.Level> level = byFingerprint.values().stream().map(context -> context.getBean(RunStop.class).escalate())
                .reduce((a, b) -> a.compareTo(b) >= 0 ? a : b);
        return level.orElse(RunStop.Level.DRAIN).name();
    }

    @Override
    public synchronized void close() {
        byFingerprint.values().forEach(ConfigurableApplicationContext::close);
        try (var leftovers = Files.walk(files)) {
            leftovers.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", files, e.getMessage());
        }
    }
}
