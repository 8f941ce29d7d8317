package io.gemcap.source;

import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The walk table in the job database: every image a run's walk found, by its place in walk order. A run walks its
 * input once; the caption step's partitions are ranges of places ({@link #partition}), listed from here rather than
 * walked again. Thread-safe.
 */
public final class WalkTable {

    private final JdbcTemplate jdbc;

    public WalkTable(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Records walked images, in the caller's transaction (the walk step's chunk). */
    public void record(long jobInstanceId, List<? extends Walked> walked) {
        jdbc.batchUpdate("INSERT INTO gemcap_walk (job_instance_id, walk_position, path, list_key, listed_size, version, file_uri)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", walked, walked.size(), (ps, image) -> {
                    ImageRef ref = image.ref();
                    ps.setLong(1, jobInstanceId);
                    ps.setLong(2, image.position());
                    ps.setString(3, ref.path());
                    ps.setString(4, ref.key());
                    ps.setLong(5, ref.size());
                    ps.setString(6, ref.version());
                    // Only the walk's own Path holds the bytes of a name that is not UTF-8; its URI keeps them.
                    ps.setString(7, ref.file() != null && FileNames.isEscaped(ref.path()) ? ref.file().toUri().toString() : null);
                });
    }

    /** How many images the run's walk has recorded. */
    public long count(long jobInstanceId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_walk WHERE job_instance_id = ?", Long.class, jobInstanceId);
        return count == null ? 0 : count;
    }

    /**
     * Gives the run's rows written without a place (by a release before the walk table, which kept walk order in its CSV
     * file) their place in this walk. A row whose image the walk no longer found keeps none and is rendered last.
     */
    public void placeRowsWithoutPosition(long jobInstanceId) {
        jdbc.update("UPDATE gemcap_result SET walk_position = (SELECT w.walk_position FROM gemcap_walk w"
                + " WHERE w.job_instance_id = gemcap_result.job_instance_id AND w.path = gemcap_result.path)"
                + " WHERE job_instance_id = ? AND walk_position IS NULL", jobInstanceId);
    }

    /** Drops a run's walk (its CSV is published; a later run walks again). */
    public void forget(long jobInstanceId) {
        jdbc.update("DELETE FROM gemcap_walk WHERE job_instance_id = ?", jobInstanceId);
    }

    /**
     * The images at places {@code from} (inclusive) to {@code to} (exclusive) that have no row yet, read through
     * {@code source}: a partition resumes after its last commit, and never writes a row the run has already.
     */
    public WalkPartition partition(long jobInstanceId, long from, long to, ImageSource source) {
        return new WalkPartition(jdbc, jobInstanceId, from, to, source);
    }
}
