package io.gemcap.output;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * A row's outcome as the results table and the ledger both store it: twelve columns in one order, from
 * {@code status} to {@code latency_ms} (the model column is named by each table).
 */
public final class OutcomeColumns {

    /** How many parameters {@link #bind} sets. */
    public static final int COUNT = 12;

    private OutcomeColumns() {
    }

    /** Binds status, caption, error, finish reason, MIME type, width, height, model, the three token counts and latency from {@code first} on. */
    public static void bind(PreparedStatement ps, int first, CaptionRow row) throws SQLException {
        int i = first;
        ps.setString(i++, row.status().label());
        ps.setString(i++, row.caption());
        ps.setString(i++, row.error());
        ps.setString(i++, row.finishReason());
        ps.setString(i++, row.mime());
        ps.setObject(i++, row.width(), Types.INTEGER);
        ps.setObject(i++, row.height(), Types.INTEGER);
        ps.setString(i++, row.model());
        ps.setObject(i++, row.promptTokens(), Types.INTEGER);
        ps.setObject(i++, row.outputTokens(), Types.INTEGER);
        ps.setObject(i++, row.thoughtTokens(), Types.INTEGER);
        ps.setObject(i, row.latencyMs(), Types.BIGINT);
    }

    /** Reads a row back; {@code modelColumn} is the table's name for the model that answered. */
    public static CaptionRow read(ResultSet rs, String path, String modelColumn, RowSource source, String version) throws SQLException {
        return new CaptionRow(path, rs.getString("sha256"), RowStatus.fromLabel(rs.getString("status")), rs.getString("caption"),
                rs.getString("error"), rs.getString("finish_reason"), rs.getString("mime"), rs.getObject("width", Integer.class),
                rs.getObject("height", Integer.class), rs.getString(modelColumn), rs.getObject("prompt_tokens", Integer.class),
                rs.getObject("output_tokens", Integer.class), rs.getObject("thought_tokens", Integer.class),
                rs.getObject("latency_ms", Long.class), source, version);
    }
}
