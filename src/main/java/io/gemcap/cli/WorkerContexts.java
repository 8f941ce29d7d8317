package io.gemcap.cli;

import io.gemcap.gemini.ApiKey;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application contexts a worker runs partitions in: one per set of run settings, built as the run's own process built
 * its own, with this worker's key.
 */
final class WorkerContexts implements AutoCloseable {

    private final ConfigurableApplicationContext base;
    private final ApiKey key;
    private final Map<String, String> environment;

    WorkerContexts(ConfigurableApplicationContext base, ApiKey key, Map<String, String> environment) {
        this.base = base;
        this.key = key;
        this.environment = environment;
    }

    /** The context to run a partition of {@code jobExecutionId} in. */
    ConfigurableApplicationContext forRun(long jobExecutionId) {
        return base;
    }

    /** Asks every context's run to stop (SIGTERM): no new call, the calls in flight finished and committed. */
    void stopAll() {
        WorkerCommand.stop(base);
    }

    @Override
    public void close() {
    }
}
