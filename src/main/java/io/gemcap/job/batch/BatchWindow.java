package io.gemcap.job.batch;

import io.gemcap.policy.JdbcQuotaPool;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Batch Mode's limits, which are the project's: batches pending or running at once, and input tokens enqueued per
 * model. They are counted over every run of the quota pool on the job database, whichever process submitted them; a
 * batch the service would have dropped (48 hours after its submission) no longer counts. Claiming a shard for
 * submission holds the pool's row, so two processes cannot both take the window's last place. Thread-safe.
 */
public class BatchWindow {

    /** The service drops a batch still pending or running after this long. */
    private static final Duration BATCH_LIFETIME = Duration.ofHours(48);

    private final JdbcTemplate jdbc;
    private final String pool;
    private final String model;
    private final int maxRunning;
    private final long maxEnqueuedTokens;

    public BatchWindow(JdbcTemplate jdbc, String pool, String model, int maxRunning, long maxEnqueuedTokens) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.model = Objects.requireNonNull(model, "model");
        this.maxRunning = maxRunning;
        this.maxEnqueuedTokens = maxEnqueuedTokens;
        new JdbcQuotaPool(jdbc.getDataSource(), pool, model);
    }

    /**
     * Whether {@code next} fits beside the batches at the service: this run's ({@code own}) and the pool's other runs'.
     * A shard always fits when the pool has none there (however large, it must go some time).
     */
    public boolean allows(long instance, BatchShards.Shard next, List<BatchShards.Shard> own) {
        List<BatchShards.Shard> ownLive = own.stream().filter(s -> s.state() == BatchShards.State.CREATED
                || s.state() == BatchShards.State.CREATING).toList();
        List<Others> others = jdbc.query("SELECT model, predicted_tokens FROM gemcap_batch WHERE quota_pool = ? AND job_instance_id <> ?"
                + " AND state IN ('creating', 'created') AND submitted_at > ?", (rs, n) -> new Others(rs.getString(1), rs.getLong(2)),
                pool, instance, LocalDateTime.now().minus(BATCH_LIFETIME));
        int running = ownLive.size() + others.size();
        long enqueued = ownLive.stream().mapToLong(BatchShards.Shard::predictedTokens).sum()
                + others.stream().filter(o -> model.equals(o.model())).mapToLong(Others::predictedTokens).sum();
        return running == 0 || (running < maxRunning && enqueued + next.predictedTokens() <= maxEnqueuedTokens);
    }

    /**
     * In the caller's transaction: takes the pool's lock, and if {@code next} fits, records it as being submitted
     * (state creating, with the pool, the model and the time) before the batch is created, since creating is not
     * idempotent.
     *
     * @return whether it was claimed
     */
    public boolean claim(long instance, BatchShards.Shard next, List<BatchShards.Shard> own) {
        jdbc.queryForList("SELECT pool FROM gemcap_quota WHERE pool = ? AND model = ? FOR UPDATE", String.class, pool, model);
        if (!allows(instance, next, own)) {
            return false;
        }
        jdbc.update("UPDATE gemcap_batch SET state = 'creating', quota_pool = ?, model = ?, submitted_at = ? WHERE job_instance_id = ?"
                + " AND shard = ?", pool, model, LocalDateTime.now(), instance, next.shard());
        return true;
    }

    private record Others(String model, long predictedTokens) {
    }
}
