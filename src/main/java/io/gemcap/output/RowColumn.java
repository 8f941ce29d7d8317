package io.gemcap.output;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The columns of a row, in the CSV's order (part of the file format: new columns are only ever appended),
 * each with its type: the one list the CSV, the results table and the ledger are written and read by. A
 * new column is a constant here and a migration adding it to the tables.
 */
public enum RowColumn {
    PATH(Kind.TEXT, row -> row.image().path()),
    SHA256(Kind.TEXT, row -> row.image().sha256()),
    STATUS(Kind.STATUS, row -> row.answer().status()),
    CAPTION(Kind.TEXT, row -> row.answer().caption()),
    ERROR(Kind.TEXT, row -> row.answer().error()),
    FINISH_REASON(Kind.TEXT, row -> row.answer().finishReason()),
    MIME(Kind.TEXT, row -> row.image().mime()),
    WIDTH(Kind.INT, row -> row.image().width()),
    HEIGHT(Kind.INT, row -> row.image().height()),
    MODEL(Kind.TEXT, row -> row.usage().model()),
    PROMPT_TOKENS(Kind.INT, row -> row.usage().promptTokens()),
    OUTPUT_TOKENS(Kind.INT, row -> row.usage().outputTokens()),
    THOUGHT_TOKENS(Kind.INT, row -> row.usage().thoughtTokens()),
    LATENCY_MS(Kind.LONG, row -> row.usage().latencyMs()),
    SOURCE(Kind.SOURCE, CaptionRow::source),
    SENT_WIDTH(Kind.INT, row -> row.image().sentWidth()),
    SENT_HEIGHT(Kind.INT, row -> row.image().sentHeight()),
    SENT_BYTES(Kind.LONG, row -> row.image().sentBytes()),
    COST_USD(Kind.DECIMAL, row -> row.usage().costUsd());

    /** Every column, in the CSV's order. */
    public static final List<RowColumn> ALL = List.of(values());

    /** What the ledger keeps of an answer besides its key: all but the path, the content hash and the source. */
    public static final List<RowColumn> OUTCOME = ALL.stream().filter(c -> c != PATH && c != SHA256 && c != SOURCE).toList();

    private enum Kind { TEXT, INT, LONG, DECIMAL, STATUS, SOURCE }

    private final Kind kind;
    private final Function<CaptionRow, Object> value;

    RowColumn(Kind kind, Function<CaptionRow, Object> value) {
        this.kind = kind;
        this.value = value;
    }

    /** The column's name in the CSV header and in the tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The row's value in this column (a {@link RowStatus}, a {@link RowSource}, a number or a text), or {@code null}. */
    public Object value(CaptionRow row) {
        return value.apply(row);
    }

    /** The CSV cell's text, before quoting. */
    public String cell(CaptionRow row) {
        Object v = value(row);
        if (v == null) {
            return "";
        }
        return switch (kind) {
            case STATUS -> ((RowStatus) v).label();
            case SOURCE -> ((RowSource) v).label();
            case DECIMAL -> ((BigDecimal) v).stripTrailingZeros().toPlainString();
            default -> v.toString();
        };
    }

    /** Reads a CSV cell back into a value. */
    public Object parse(String cell) {
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        return switch (kind) {
            case TEXT -> this == PATH ? CaptionCsv.pathOf(cell) : cell;
            case INT -> Integer.valueOf(cell);
            case LONG -> Long.valueOf(cell);
            case DECIMAL -> new BigDecimal(cell);
            case STATUS -> RowStatus.fromLabel(cell);
            case SOURCE -> RowSource.fromLabel(cell);
        };
    }

    public void bind(PreparedStatement ps, int index, CaptionRow row) throws SQLException {
        Object v = value(row);
        switch (kind) {
            case TEXT -> ps.setString(index, (String) v);
            case INT -> ps.setObject(index, v, Types.INTEGER);
            case LONG -> ps.setObject(index, v, Types.BIGINT);
            case DECIMAL -> ps.setObject(index, v, Types.DECIMAL);
            case STATUS -> ps.setString(index, ((RowStatus) v).label());
            case SOURCE -> ps.setString(index, ((RowSource) v).label());
        }
    }

    public Object read(ResultSet rs, String column) throws SQLException {
        return switch (kind) {
            case TEXT -> rs.getString(column);
            case INT -> rs.getObject(column, Integer.class);
            case LONG -> rs.getObject(column, Long.class);
            case DECIMAL -> rs.getBigDecimal(column);
            case STATUS -> RowStatus.fromLabel(rs.getString(column));
            case SOURCE -> rs.getString(column) == null ? null : RowSource.fromLabel(rs.getString(column));
        };
    }

    /** Reads {@code columns} of the current result set row, each under the name {@code names} gives it in that table. */
    public static Map<RowColumn, Object> read(ResultSet rs, List<RowColumn> columns, Function<RowColumn, String> names)
            throws SQLException {
        Map<RowColumn, Object> values = new EnumMap<>(RowColumn.class);
        for (RowColumn column : columns) {
            values.put(column, column.read(rs, names.apply(column)));
        }
        return values;
    }
}
