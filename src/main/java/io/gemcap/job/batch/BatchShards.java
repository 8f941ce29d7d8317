package io.gemcap.job.batch;

import io.gemcap.jobdb.Upsert;
import io.gemcap.jobdb.Upserts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A batch run's shards and the images waiting in them ({@code gemcap_batch}, {@code gemcap_batch_item}): what any
 * later process needs to pick the run up, whether it crashed or left on purpose ({@code --detach}). Thread-safe.
 */
public class BatchShards {

    /** How far a shard got; each step is recorded before the next is taken. */
    public enum State {
        /** Its request file is written. */
        PREPARED,
        /** The file is uploaded ({@code fileName} set). */
        UPLOADED,
        /** A batch is being created from it: recorded before the call, since creating is not idempotent. */
        CREATING,
        /** The batch exists ({@code batchName} set). */
        CREATED,
        /** Its rows are written. */
        COLLECTED,
        /** Its files on the service are deleted. */
        CLEANED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @param attempt which attempt of its images the shard is: 1 for a shard of the walk, more for requests sent again */
    public record Shard(long shard, String displayName, State state, int items, long predictedTokens, String fileName,
            String batchName, int attempt) {
    }

    /** An image waiting in a shard: what its row needs besides the answer. */
    public record Item(long position, long shard, String path, String sha256, String version, String mime, Integer width,
            Integer height, Integer sentWidth, Integer sentHeight, Long sentBytes, String note) {
    }

    /** A shard of the walk, prepared (again, after a crash: from its start). */
    private static final Upsert PREPARED_SHARD = Upsert.into("gemcap_batch", "job_instance_id", "shard", "display_name", "state", "items",
            "predicted_tokens", "file_name", "batch_name", "outcome", "attempt", "quota_pool", "model", "submitted_at")
            .replacingOn("job_instance_id", "shard");
    private static final Upsert ITEM = Upsert.into("gemcap_batch_item", "job_instance_id", "walk_position", "shard", "path", "sha256",
            "version", "mime", "width", "height", "sent_width", "sent_height", "sent_bytes", "note")
            .replacingOn("job_instance_id", "walk_position");
    /** Batches that ended without answers, counted per content and the way they ended. */
    private static final Upsert FAILURE = Upsert.into("gemcap_batch_failure", "sha256", "ended", "failures")
            .addingTo("failures", "sha256", "ended");

    private final JdbcTemplate jdbc;
    private final Upserts upserts;

    public BatchShards(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.upserts = new Upserts(jdbc);
    }

    /** Records a prepared shard and its images (in the caller's transaction). */
    public void add(long instance, long shard, String displayName, long predictedTokens, List<Item> items) {
        upserts.write(PREPARED_SHARD, instance, shard, displayName, State.PREPARED.label(), items.size(), predictedTokens, null, null,
                null, 1, null, null, null);
        // (images of an earlier preparation of this shard that it no longer holds: the walk changed before the crash)
        jdbc.update("DELETE FROM gemcap_batch_item WHERE job_instance_id = ? AND shard = ?", instance, shard);
        upserts.writeAll(ITEM, items, (ps, item) -> {
            ps.setLong(1, instance);
            ps.setLong(2, item.position());
            ps.setLong(3, shard);
            ps.setString(4, item.path());
            ps.setString(5, item.sha256());
            ps.setString(6, item.version());
            ps.setString(7, item.mime());
            ps.setObject(8, item.width(), java.sql.Types.INTEGER);
            ps.setObject(9, item.height(), java.sql.Types.INTEGER);
            ps.setObject(10, item.sentWidth(), java.sql.Types.INTEGER);
            ps.setObject(11, item.sentHeight(), java.sql.Types.INTEGER);
            ps.setObject(12, item.sentBytes(), java.sql.Types.BIGINT);
            ps.setString(13, item.note());
        });
    }

    /**
     * Records shard {@code shard} (from {@link #nextShard}) of requests to send again, in the caller's transaction: one
     * attempt more than {@code failedIn}, its images moved to it from the shard they failed in.
     */
    public void addAttempt(long instance, long shard, Shard failedIn, long predictedTokens, List<Item> items) {
        String prefix = failedIn.displayName().substring(0, Math.max(0, failedIn.displayName().lastIndexOf(" shard ")));
        jdbc.update("INSERT INTO gemcap_batch (job_instance_id, shard, display_name, state, items, predicted_tokens, attempt)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", instance, shard, prefix + " shard " + shard, State.PREPARED.label(), items.size(),
                predictedTokens, failedIn.attempt() + 1);
        jdbc.batchUpdate("UPDATE gemcap_batch_item SET shard = ? WHERE job_instance_id = ? AND walk_position = ?", items, items.size(),
                (ps, item) -> {
                    ps.setLong(1, shard);
                    ps.setLong(2, instance);
                    ps.setLong(3, item.position());
                });
    }

    /**
     * The number the run's next shard of requests sent again takes: after every shard of the walk (all written before
     * any batch is submitted) and every earlier one, so it is submitted later and named once on the service.
     */
    public long nextShard(long instance) {
        Long last = jdbc.queryForObject("SELECT MAX(shard) FROM gemcap_batch WHERE job_instance_id = ?", Long.class, instance);
        return last == null ? 0 : last + 1;
    }

    /** Shards by where they are, in the words a user reads: to submit, with the service, collected. */
    public static Map<String, Long> whereTheyAre(List<Shard> shards) {
        Map<String, Long> where = new java.util.LinkedHashMap<>();
        for (Shard shard : shards) {
            String words = switch (shard.state()) {
                case PREPARED, UPLOADED -> "to submit";
                case CREATING, CREATED -> "with the service";
                case COLLECTED, CLEANED -> "collected";
            };
            where.merge(words, 1L, Long::sum);
        }
        return where;
    }

    /** A run's shards whose batches are at the service and not finished (or may be: one being created). */
    public List<Shard> live(long instance) {
        return shards(instance).stream().filter(s -> s.state() == State.CREATING || s.state() == State.CREATED).toList();
    }

    /** Cancels the batches of {@code live} shards at the service (one being created is found by its display name). */
    public static void cancel(List<Shard> live, io.gemcap.gemini.BatchClient client) {
        for (Shard shard : live) {
            java.util.Optional.ofNullable(shard.batchName()).or(() -> client.find(shard.displayName())).ifPresent(client::cancel);
        }
    }

    /** The run's shards: those of the walk in walk order, then those of requests sent again. */
    public List<Shard> shards(long instance) {
        return jdbc.query("SELECT * FROM gemcap_batch WHERE job_instance_id = ? ORDER BY shard", BatchShards::shard, instance);
    }

    public List<Item> items(long instance, long shard) {
        return jdbc.query("SELECT * FROM gemcap_batch_item WHERE job_instance_id = ? AND shard = ? ORDER BY walk_position",
                (rs, n) -> new Item(rs.getLong("walk_position"), rs.getLong("shard"), rs.getString("path"), rs.getString("sha256"),
                        rs.getString("version"), rs.getString("mime"), rs.getObject("width", Integer.class),
                        rs.getObject("height", Integer.class), rs.getObject("sent_width", Integer.class),
                        rs.getObject("sent_height", Integer.class), rs.getObject("sent_bytes", Long.class), rs.getString("note")),
                instance, shard);
    }

    public void uploaded(long instance, long shard, String fileName) {
        jdbc.update("UPDATE gemcap_batch SET state = ?, file_name = ? WHERE job_instance_id = ? AND shard = ?", State.UPLOADED.label(),
                fileName, instance, shard);
    }

    public void moveTo(long instance, long shard, State state) {
        jdbc.update("UPDATE gemcap_batch SET state = ? WHERE job_instance_id = ? AND shard = ?", state.label(), instance, shard);
    }

    public void created(long instance, long shard, String batchName) {
        jdbc.update("UPDATE gemcap_batch SET state = ?, batch_name = ? WHERE job_instance_id = ? AND shard = ?", State.CREATED.label(),
                batchName, instance, shard);
    }

    public void collected(long instance, long shard, String outcome) {
        jdbc.update("UPDATE gemcap_batch SET state = ?, outcome = ? WHERE job_instance_id = ? AND shard = ?", State.COLLECTED.label(),
                outcome, instance, shard);
    }

    /** Counts one more batch that ended this way without answers for each of these images. */
    public void countFailures(List<Item> items, String ended) {
        // (in key order, as every writer of these counts: see JdbcLedger)
        upserts.writeAll(FAILURE, items.stream().map(Item::sha256).distinct().sorted().toList(), (ps, sha) -> {
            ps.setString(1, sha);
            ps.setString(2, ended);
            ps.setInt(3, 1);
        });
    }

    /** How the batches of this content ended most often without answers, if that happened {@code times} or more. */
    public java.util.Optional<String> failedRepeatedly(String sha256, int times) {
        return jdbc.queryForList("SELECT ended FROM gemcap_batch_failure WHERE sha256 = ? AND failures >= ? ORDER BY failures DESC",
                String.class, sha256, times).stream().findFirst();
    }

    /** Forgets a finished run's shards and items (its rows are in the results table). */
    public void forget(long instance) {
        jdbc.update("DELETE FROM gemcap_batch_item WHERE job_instance_id = ?", instance);
        jdbc.update("DELETE FROM gemcap_batch WHERE job_instance_id = ?", instance);
    }

    private static Shard shard(ResultSet rs, int n) throws SQLException {
        return new Shard(rs.getLong("shard"), rs.getString("display_name"),
                State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)), rs.getInt("items"), rs.getLong("predicted_tokens"),
                rs.getString("file_name"), rs.getString("batch_name"), rs.getInt("attempt"));
    }
}
