package io.gemcap.ledger;

import io.gemcap.image.Conversion;
import io.gemcap.image.PixelLayout;
import io.gemcap.jobdb.Upsert;
import io.gemcap.jobdb.Upserts;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowColumn;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger as tables in the job database ({@code gemcap_ledger}, {@code gemcap_object}), written by key in one
 * statement per row ({@link Upsert}), so processes sharing the database may record the same content at once. An entry
 * holds the {@link RowColumn#OUTCOME} columns, the answering model under {@code served_model} ({@code model} is the model
 * asked, part of the key). Thread-safe.
 */
public final class JdbcLedger implements Ledger {

    private static final String CALL = RowSource.CALL.label();
    private static final String CHECK = RowSource.CHECK.label();
    /** An entry: the content's answer to a request, the last one recorded winning. */
    private static final Upsert ENTRY = Upsert.into("gemcap_ledger", Stream.concat(Stream.of("sha256", "model", "request_sha256",
            "recorded_at", "origin", "check_version", "conversion_version"), RowColumn.OUTCOME.stream().map(JdbcLedger::column))
            .toArray(String[]::new)).replacingOn("sha256", "model", "request_sha256");
    /** The content last read at an object's location, and its version there. */
    private static final Upsert OBJECT = Upsert.into("gemcap_object", "location", "version", "sha256", "recorded_at")
            .replacingOn("location");
    /** When an answer was last refused for the picture an earlier conversion sent. */
    private static final Upsert MEND = Upsert.into("gemcap_conversion_mend", "sha256", "model", "request_sha256", "mended_at")
            .replacingOn("sha256", "model", "request_sha256");
    /** Answers that broke the request's schema, counted per content and request. */
    private static final Upsert ANSWER_FAILURE = Upsert.into("gemcap_answer_failure", "sha256", "model", "request_sha256", "failures")
            .addingTo("failures", "sha256", "model", "request_sha256");

    private final JdbcTemplate jdbc;
    private final Upserts upserts;

    public JdbcLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.upserts = new Upserts(jdbc);
    }

    @Override
    public Optional<CaptionRow> find(String sha256, LedgerKey key, PixelLayout layout) {
        // A check's rejection of this content is not an answer once the content passes the check (limits changed).
        Optional<Entry> found = jdbc.query("SELECT * FROM gemcap_ledger WHERE sha256 = ? AND model = ? AND request_sha256 = ?"
                + " AND (origin IS NULL OR origin = ?)", (rs, n) -> new Entry(entry(rs, n), rs.getObject("conversion_version",
                Integer.class)), sha256, key.model(), key.request(), CALL).stream().findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int version = found.get().conversionVersion() == null ? 1 : found.get().conversionVersion();
        if (Conversion.changedSince(version, layout)) {
            mended(sha256, key);
            return Optional.empty();
        }
        if (version < Conversion.VERSION) {
            // The same picture would be sent today: the entry is confirmed, so an unchanged object is not downloaded again.
            jdbc.update("UPDATE gemcap_ledger SET conversion_version = ? WHERE sha256 = ? AND model = ? AND request_sha256 = ?",
                    Conversion.VERSION, sha256, key.model(), key.request());
        }
        return Optional.of(found.get().row());
    }

    /** An entry and the conversion version it answered ({@code null} for one recorded before versions were kept). */
    private record Entry(CaptionRow row, Integer conversionVersion) {
    }

    /** Notes (again: a run that noted it may have ended before paying) that this content's answer was refused for its picture. */
    private void mended(String sha256, LedgerKey key) {
        upserts.write(MEND, sha256, key.model(), key.request(), Timestamp.from(Instant.now()));
    }

    @Override
    public Optional<CaptionRow> findUnchanged(String location, String version, LedgerKey key) {
        // A rejection by an earlier version of the checks is looked at again: the image may now be converted or downscaled.
        // An answer under an earlier conversion is served only once the downloaded bytes showed the same picture is sent.
        return jdbc.query("SELECT l.* FROM gemcap_object o JOIN gemcap_ledger l ON l.sha256 = o.sha256"
                + " WHERE o.location = ? AND o.version = ? AND l.model = ? AND l.request_sha256 = ?"
                + " AND (l.origin IS NULL OR l.origin <> ? OR l.check_version = ?)"
                + " AND (l.origin = ? OR COALESCE(l.conversion_version, 1) >= ?)", JdbcLedger::entry,
                location, version, key.model(), key.request(), CHECK, key.checkVersion(), CHECK, Conversion.VERSION)
                .stream().findFirst();
    }

    @Override
    public OptionalDouble averageOutputTokens(LedgerKey key) {
        Double average = jdbc.queryForObject("SELECT AVG(CAST(COALESCE(output_tokens, 0) + COALESCE(thought_tokens, 0) AS DOUBLE PRECISION))"
                + " FROM gemcap_ledger WHERE model = ? AND request_sha256 = ? AND (origin IS NULL OR origin = ?) AND output_tokens IS NOT NULL",
                Double.class, key.model(), key.request(), CALL);
        return average == null ? OptionalDouble.empty() : OptionalDouble.of(average);
    }

    @Override
    public int answerBroke(String sha256, LedgerKey key) {
        return Math.toIntExact(upserts.writeReturning(ANSWER_FAILURE, "failures", sha256, key.model(), key.request(), 1));
    }

    @Override
    public void record(LedgerKey key, List<? extends CaptionRow> rows) {
        Timestamp now = Timestamp.from(Instant.now());
        recordOutcomes(key, rows, now);
        recordVersions(rows, now);
    }

    private void recordOutcomes(LedgerKey key, List<? extends CaptionRow> rows, Timestamp now) {
        // An archive holds copies: one entry per content, whichever copy came first.
        Map<String, CaptionRow> byContent = new LinkedHashMap<>();
        for (CaptionRow row : rows) {
            boolean outcome = row.source() == RowSource.CALL || row.source() == RowSource.CHECK;
            if (outcome && row.status() != RowStatus.FAILED && row.sha256() != null) {
                byContent.putIfAbsent(row.sha256(), row);
            }
        }
        // In key order: two chunks writing the same contents lock them in one order, so neither waits on the other for ever.
        upserts.writeAll(ENTRY, List.copyOf(new TreeMap<>(byContent).values()), (ps, row) -> {
            ps.setString(1, row.sha256());
            ps.setString(2, key.model());
            ps.setString(3, key.request());
            ps.setTimestamp(4, now);
            ps.setString(5, row.source().label());
            ps.setInt(6, key.checkVersion());
            ps.setInt(7, Conversion.VERSION);
            int index = 8;
            for (RowColumn column : RowColumn.OUTCOME) {
                column.bind(ps, index++, row);
            }
        });
    }

    private void recordVersions(List<? extends CaptionRow> rows, Timestamp now) {
        Map<String, CaptionRow> byLocation = new LinkedHashMap<>();
        for (CaptionRow row : rows) {
            if (row.version() != null && row.sha256() != null && row.status() != RowStatus.FAILED) {
                byLocation.put(row.path(), row);
            }
        }
        upserts.writeAll(OBJECT, List.copyOf(new TreeMap<>(byLocation).values()), (ps, row) -> {
            ps.setString(1, row.path());
            ps.setString(2, row.version());
            ps.setString(3, row.sha256());
            ps.setTimestamp(4, now);
        });
    }

    private static CaptionRow entry(ResultSet rs, int rowNum) throws SQLException {
        Map<RowColumn, Object> values = RowColumn.read(rs, RowColumn.OUTCOME, JdbcLedger::column);
        values.put(RowColumn.PATH, "");
        values.put(RowColumn.SHA256, rs.getString("sha256"));
        values.put(RowColumn.SOURCE, RowSource.LEDGER);
        return CaptionRow.of(values, null);
    }

    private static String column(RowColumn column) {
        return column == RowColumn.MODEL ? "served_model" : column.label();
    }
}
