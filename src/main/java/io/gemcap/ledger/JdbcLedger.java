package io.gemcap.ledger;

import io.gemcap.image.ImageInspector;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.OutcomeColumns;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger as tables in the job database ({@code gemcap_ledger}, {@code gemcap_object}); portable SQL
 * for H2 and PostgreSQL. Thread-safe.
 */
public final class JdbcLedger implements Ledger {

    private static final String CALL = RowSource.CALL.label();

    private final JdbcTemplate jdbc;
    /** A run has one prompt: hash it once, not for every image. */
    private final Map<String, String> promptKeys = new ConcurrentHashMap<>();

    public JdbcLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<CaptionRow> find(String sha256, String model, String prompt) {
        // A check's rejection of this content is not an answer once the content passes the check (limits changed).
        return jdbc.query("SELECT * FROM gemcap_ledger WHERE sha256 = ? AND model = ? AND prompt_sha256 = ?"
                + " AND (origin IS NULL OR origin = ?)", JdbcLedger::entry, sha256, model, promptKey(prompt), CALL)
                .stream().findFirst();
    }

    @Override
    public Optional<CaptionRow> findUnchanged(String location, String version, String model, String prompt) {
        return jdbc.query("SELECT l.* FROM gemcap_object o JOIN gemcap_ledger l ON l.sha256 = o.sha256"
                + " WHERE o.location = ? AND o.version = ? AND l.model = ? AND l.prompt_sha256 = ?", JdbcLedger::entry,
                location, version, model, promptKey(prompt)).stream().findFirst();
    }

    @Override
    public void record(String model, String prompt, List<? extends CaptionRow> rows) {
        Timestamp now = Timestamp.from(Instant.now());
        recordOutcomes(model, promptKey(prompt), rows, now);
        recordVersions(rows, now);
    }

    private void recordOutcomes(String model, String promptKey, List<? extends CaptionRow> rows, Timestamp now) {
        // An archive holds copies: one entry per content, whichever copy came first.
        Map<String, CaptionRow> byContent = new LinkedHashMap<>();
        for (CaptionRow row : rows) {
            boolean outcome = row.source() == RowSource.CALL || row.source() == RowSource.CHECK;
            if (outcome && row.status() != RowStatus.FAILED && row.sha256() != null) {
                byContent.putIfAbsent(row.sha256(), row);
            }
        }
        List<CaptionRow> kept = List.copyOf(byContent.values());
        if (kept.isEmpty()) {
            return;
        }
        // Delete then insert, rather than an upsert whose syntax differs between H2 and PostgreSQL.
        jdbc.batchUpdate("DELETE FROM gemcap_ledger WHERE sha256 = ? AND model = ? AND prompt_sha256 = ?", kept, kept.size(),
                (ps, row) -> {
                    ps.setString(1, row.sha256());
                    ps.setString(2, model);
                    ps.setString(3, promptKey);
                });
        jdbc.batchUpdate("INSERT INTO gemcap_ledger (sha256, model, prompt_sha256, status, caption, error, finish_reason, mime,"
                + " width, height, served_model, prompt_tokens, output_tokens, thought_tokens, latency_ms, recorded_at, origin)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kept, kept.size(), (ps, row) -> {
                    ps.setString(1, row.sha256());
                    ps.setString(2, model);
                    ps.setString(3, promptKey);
                    OutcomeColumns.bind(ps, 4, row);
                    ps.setTimestamp(4 + OutcomeColumns.COUNT, now);
                    ps.setString(5 + OutcomeColumns.COUNT, row.source().label());
                });
    }

    private void recordVersions(List<? extends CaptionRow> rows, Timestamp now) {
        Map<String, CaptionRow> byLocation = new LinkedHashMap<>();
        for (CaptionRow row : rows) {
            if (row.version() != null && row.sha256() != null && row.status() != RowStatus.FAILED) {
                byLocation.put(row.path(), row);
            }
        }
        List<CaptionRow> read = List.copyOf(byLocation.values());
        if (read.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("DELETE FROM gemcap_object WHERE location = ?", read, read.size(), (ps, row) -> ps.setString(1, row.path()));
        jdbc.batchUpdate("INSERT INTO gemcap_object (location, version, sha256, recorded_at) VALUES (?, ?, ?, ?)", read, read.size(),
                (ps, row) -> {
                    ps.setString(1, row.path());
                    ps.setString(2, row.version());
                    ps.setString(3, row.sha256());
                    ps.setTimestamp(4, now);
                });
    }

    private static CaptionRow entry(ResultSet rs, int rowNum) throws SQLException {
        return OutcomeColumns.read(rs, "", "served_model", RowSource.LEDGER, null);
    }

    private String promptKey(String prompt) {
        return promptKeys.computeIfAbsent(prompt, p -> ImageInspector.sha256(p.getBytes(StandardCharsets.UTF_8)));
    }
}
