package io.gemcap.output;

import io.gemcap.source.FileNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The results table in the job database: one row per image per run (job instance), at its place in the walk, written in
 * the chunk's transaction. It is the record: the CSV, the report and the sidecars are rendered from it. Thread-safe.
 */
public final class ResultsTable {

    private static final String INSERT_AT = "INSERT INTO gemcap_result (job_instance_id, job_execution_id, walk_position, "
            + RowColumn.ALL.stream().map(RowColumn::label).collect(Collectors.joining(", ")) + ") VALUES (?, ?, ?"
            + ", ?".repeat(RowColumn.ALL.size()) + ")";

    private final JdbcTemplate jdbc;

    public ResultsTable(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Inserts rows with their places in walk order, in the caller's transaction; a path already recorded for the run is an error. */
    public void insertAt(long jobInstanceId, long jobExecutionId, List<Positioned> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT_AT, rows, rows.size(), (ps, positioned) -> {
            ps.setLong(1, jobInstanceId);
            ps.setLong(2, jobExecutionId);
            ps.setLong(3, positioned.position());
            int index = 4;
            for (RowColumn column : RowColumn.ALL) {
                column.bind(ps, index++, positioned.row());
            }
        });
    }

    /** A row and its place in walk order. */
    public record Positioned(long position, CaptionRow row) {
    }

    /** Hands a run's rows to {@code rows} in walk order, streamed from the table (a row without a place comes last). */
    public void eachInWalkOrder(long jobInstanceId, java.util.function.Consumer<CaptionRow> rows) {
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT * FROM gemcap_result WHERE job_instance_id = ?"
                    // Rows an earlier release wrote for images the walk no longer found have no place: last, on every database.
                    + " ORDER BY CASE WHEN walk_position IS NULL THEN 1 ELSE 0 END, walk_position, path");
            statement.setLong(1, jobInstanceId);
            statement.setFetchSize(500);
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> rows.accept(map(rs, 0)));
    }

    /** A run's rows in path order. */
    public List<CaptionRow> rows(long jobInstanceId) {
        return jdbc.query("SELECT * FROM gemcap_result WHERE job_instance_id = ? ORDER BY path", ResultsTable::map, jobInstanceId);
    }

    /** How many of a run's rows ended in each status. */
    public Map<RowStatus, Long> countsByStatus(long jobInstanceId) {
        Map<RowStatus, Long> counts = new TreeMap<>();
        jdbc.query("SELECT status, COUNT(*) AS n FROM gemcap_result WHERE job_instance_id = ? GROUP BY status",
                rs -> {
                    counts.put(RowStatus.fromLabel(rs.getString("status")), rs.getLong("n"));
                }, jobInstanceId);
        return counts;
    }

    /**
     * How many of a run's rows ended in each status and {@link ReasonClass reason class}: every status and every class of
     * its closed list, in their order, 0 where none did. One scan of the run's rows: ok rows are counted in it, the others
     * grouped by their reasons there and classed here (a run's distinct reasons are few beside its rows).
     */
    public Map<RowStatus, Map<String, Long>> countsByReason(long jobInstanceId) {
        Map<RowStatus, Map<String, Long>> counts = new java.util.EnumMap<>(RowStatus.class);
        ReasonClass.byStatus().forEach((status, classes) -> {
            Map<String, Long> byClass = new java.util.LinkedHashMap<>();
            classes.forEach(reasonClass -> byClass.put(reasonClass, 0L));
            counts.put(status, byClass);
        });
        jdbc.query("SELECT status, finish_reason, error, COUNT(*) AS n FROM (SELECT status,"
                + " CASE WHEN status = ? THEN NULL ELSE finish_reason END AS finish_reason,"
                + " CASE WHEN status = ? THEN NULL ELSE error END AS error FROM gemcap_result WHERE job_instance_id = ?) reasons"
                + " GROUP BY status, finish_reason, error", (RowCallbackHandler) rs -> {
                    RowStatus status = RowStatus.fromLabel(rs.getString("status"));
                    counts.get(status).merge(ReasonClass.of(status, rs.getString("error"), rs.getString("finish_reason")),
                            rs.getLong("n"), Long::sum);
                }, RowStatus.OK.label(), RowStatus.OK.label(), jobInstanceId);
        return counts;
    }

    /** How many of a run's rows came from each source. */
    public Map<String, Long> countsBySource(long jobInstanceId) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT source, COUNT(*) AS n FROM gemcap_result WHERE job_instance_id = ? GROUP BY source",
                rs -> {
                    counts.put(rs.getString("source"), rs.getLong("n"));
                }, jobInstanceId);
        return counts;
    }

    /** Tokens the service reported for the calls this run paid for. */
    public Map<String, Long> tokensPaid(long jobInstanceId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(prompt_tokens), 0) AS p, COALESCE(SUM(output_tokens), 0) AS o,"
                + " COALESCE(SUM(thought_tokens), 0) AS t FROM gemcap_result WHERE job_instance_id = ? AND source = 'call'",
                (rs, n) -> {
                    Map<String, Long> tokens = new java.util.LinkedHashMap<>();
                    tokens.put("prompt", rs.getLong("p"));
                    tokens.put("output", rs.getLong("o"));
                    tokens.put("thought", rs.getLong("t"));
                    return tokens;
                }, jobInstanceId);
    }

    /** What a run's calls cost, by their rows' {@code cost_usd}, across all its executions. */
    public java.math.BigDecimal costPaid(long jobInstanceId) {
        java.math.BigDecimal cost = jdbc.queryForObject("SELECT COALESCE(SUM(cost_usd), 0) FROM gemcap_result WHERE job_instance_id = ?"
                + " AND source = 'call'", java.math.BigDecimal.class, jobInstanceId);
        return cost == null ? java.math.BigDecimal.ZERO : cost;
    }

    /**
     * What a run's calls cost across its resumes, as its rows were priced (at the batch share in Batch Mode); {@code null}
     * when its model has no price.
     */
    public Double runCost(long jobInstanceId, boolean priced) {
        return priced ? costPaid(jobInstanceId).doubleValue() : null;
    }

    /** How many of a run's rows came from a call or the ledger and did not fail: what a new model or prompt would pay for again. */
    public long countCaptioned(long jobInstanceId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_result WHERE job_instance_id = ? AND source <> 'check'"
                + " AND status <> 'failed'", Long.class, jobInstanceId);
        return count == null ? 0 : count;
    }

    /** Up to {@code limit} of a run's paths holding a name that was not UTF-8 (written escaped), in path order. */
    public List<String> escapedPaths(long jobInstanceId, int limit) {
        return jdbc.queryForList("SELECT path FROM gemcap_result WHERE job_instance_id = ? AND path LIKE ? ORDER BY path LIMIT ?",
                String.class, jobInstanceId, "%" + FileNames.MARK + "%", limit);
    }

    /** Up to {@code limit} of a run's failed rows as {@code path: reason}, in path order. */
    public List<String> failures(long jobInstanceId, int limit) {
        return jdbc.query("SELECT path, error FROM gemcap_result WHERE job_instance_id = ? AND status = ? ORDER BY path LIMIT ?",
                (rs, n) -> rs.getString("path") + ": " + rs.getString("error"), jobInstanceId, RowStatus.FAILED.label(), limit);
    }

    /** The {@code limit} most common reasons among a run's rejected, blocked and failed rows, with their counts, most common first. */
    public List<Map.Entry<String, Long>> topReasons(long jobInstanceId, int limit) {
        return jdbc.query("SELECT error, COUNT(*) AS n FROM gemcap_result WHERE job_instance_id = ? AND status <> ? AND error IS NOT NULL"
                + " GROUP BY error ORDER BY n DESC, error LIMIT ?", (rs, n) -> Map.entry(rs.getString("error"), rs.getLong("n")),
                jobInstanceId, RowStatus.OK.label(), limit);
    }

    /**
     * How many of a run's paid rows had been sent before by an earlier execution of the run that ended (killed, failed, or
     * stopped abandoning its calls) before committing them: the calls it paid twice.
     */
    public long sentAgain(long jobInstanceId) {
        return sentAgainByExecution(jobInstanceId).values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@link #sentAgain} by the earlier execution that had sent them, so each can be told by how it ended. */
    public Map<Long, Long> sentAgainByExecution(long jobInstanceId) {
        // Driven from the notes of earlier executions (none in a run never killed or stopped), each looked up by the results' key.
        Map<Long, Long> counts = new TreeMap<>();
        jdbc.query("SELECT i.job_execution_id, COUNT(DISTINCT i.path) FROM gemcap_call_intent i WHERE i.job_instance_id = ?"
                + " AND i.job_execution_id < (SELECT MAX(job_execution_id) FROM gemcap_call_intent WHERE job_instance_id = ?)"
                + " AND EXISTS (SELECT 1 FROM gemcap_result r WHERE r.job_instance_id = i.job_instance_id AND r.path = i.path"
                + " AND r.job_execution_id > i.job_execution_id AND r.source = ?) GROUP BY i.job_execution_id",
                (RowCallbackHandler) rs -> counts.put(rs.getLong(1), rs.getLong(2)), jobInstanceId, jobInstanceId,
                RowSource.CALL.label());
        return counts;
    }

    /**
     * How many of a run's images were paid for again because the ledger's answer was about the picture an earlier
     * conversion sent wrongly (noted in {@code gemcap_conversion_mend} since the run began).
     */
    public long mended(long jobInstanceId, java.time.LocalDateTime runBegan) {
        Long count = jdbc.queryForObject("SELECT COUNT(DISTINCT r.path) FROM gemcap_result r WHERE r.job_instance_id = ? AND r.source = ?"
                + " AND EXISTS (SELECT 1 FROM gemcap_conversion_mend m WHERE m.sha256 = r.sha256 AND m.mended_at >= ?)", Long.class,
                jobInstanceId, RowSource.CALL.label(), java.sql.Timestamp.valueOf(runBegan));
        return count == null ? 0 : count;
    }

    /** Forgets which calls a finished run sent (see {@link #sentAgain}). */
    public void forgetCallIntents(long jobInstanceId) {
        jdbc.update("DELETE FROM gemcap_call_intent WHERE job_instance_id = ?", jobInstanceId);
    }

    /** Walk positions from {@code from} (inclusive) to {@code to} (exclusive). */
    public record PositionRange(long from, long to) {
    }

    /**
     * How many of a run's rows, written by its executions up to {@code lastExecutionId}, fall in each range: one scan of the
     * run's rows, grouped, whatever the number of ranges.
     */
    public long[] countsIn(long jobInstanceId, long lastExecutionId, List<PositionRange> ranges) {
        long[] counts = new long[ranges.size()];
        if (ranges.isEmpty()) {
            return counts;
        }
        StringBuilder which = new StringBuilder("CASE");
        List<Object> arguments = new java.util.ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            which.append(" WHEN walk_position >= ? AND walk_position < ? THEN ").append(i);
            arguments.add(ranges.get(i).from());
            arguments.add(ranges.get(i).to());
        }
        arguments.add(jobInstanceId);
        arguments.add(lastExecutionId);
        jdbc.query("SELECT range_index, COUNT(*) FROM (SELECT " + which + " END AS range_index FROM gemcap_result"
                + " WHERE job_instance_id = ? AND job_execution_id <= ?) placed WHERE range_index IS NOT NULL GROUP BY range_index",
                (RowCallbackHandler) rs -> counts[rs.getInt(1)] = rs.getLong(2), arguments.toArray());
        return counts;
    }

    /** How many rows a run has. */
    public long count(long jobInstanceId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_result WHERE job_instance_id = ?", Long.class, jobInstanceId);
        return count == null ? 0 : count;
    }

    private static CaptionRow map(ResultSet rs, int rowNum) throws SQLException {
        return CaptionRow.of(RowColumn.read(rs, RowColumn.ALL, RowColumn::label), null);
    }
}
