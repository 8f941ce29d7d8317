package io.gemcap.jobdb;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One row written by its key, as one statement that holds when two processes write the same key at the same moment:
 * PostgreSQL's {@code INSERT ... ON CONFLICT}, H2's {@code MERGE}. Its parameters are {@code columns} in order, the
 * same in both dialects. Immutable.
 *
 * <p>H2 checks its {@code MERGE INTO ... KEY} form against a concurrent insert of the same key and runs it again; it does
 * not for the standard {@code MERGE ... USING} that the other kinds need, whose losing statement fails with a duplicate
 * key instead. {@link Upserts} runs such a statement once more, when the winner's row is there to be matched.
 *
 * @param table the table
 * @param columns every column written, key columns included, in parameter order
 * @param key the columns of the table's primary key
 * @param kind what a write to a key already present does
 * @param counter the column {@link Kind#ADD} adds to, else {@code null}
 */
public record Upsert(String table, List<String> columns, List<String> key, Kind kind, String counter) {

    /** What a write to a key already present does. */
    public enum Kind {
        /** Its other columns take the new values. */
        REPLACE,
        /** Nothing: the row first written stays. */
        KEEP,
        /** The counter column adds the new value to its own; the other columns take the new values. */
        ADD
    }

    public Upsert {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        Objects.requireNonNull(kind, "kind");
        if (key.isEmpty() || !columns.containsAll(key)) {
            throw new IllegalArgumentException("the key " + key + " must be among the columns " + columns);
        }
        if ((kind == Kind.ADD) != (counter != null) || counter != null && (!columns.contains(counter) || key.contains(counter))) {
            throw new IllegalArgumentException("an ADD upsert names one written column, outside the key, as its counter");
        }
    }

    /** Starts an upsert into {@code table} writing {@code columns}. */
    public static Builder into(String table, String... columns) {
        return new Builder(table, List.of(columns));
    }

    /** The half-made upsert: its table and columns, waiting for its key. */
    public record Builder(String table, List<String> columns) {

        /** Other columns of a row already present take the new values. */
        public Upsert replacingOn(String... key) {
            return new Upsert(table, columns, List.of(key), Kind.REPLACE, null);
        }

        /** A row already present is left as it is. */
        public Upsert keepingOn(String... key) {
            return new Upsert(table, columns, List.of(key), Kind.KEEP, null);
        }

        /** A row already present adds the new value to its {@code counter} and takes the other new values. */
        public Upsert addingTo(String counter, String... key) {
            return new Upsert(table, columns, List.of(key), Kind.ADD, counter);
        }
    }

    /** Whether H2 may fail this statement with a duplicate key when it loses a race to insert the same key. */
    boolean mayLoseRaceOn(Dialect dialect) {
        return dialect == Dialect.H2 && !onKeyInH2();
    }

    /** Whether H2's own {@code MERGE ... KEY} says it: a replacement, or a row that is all key (kept or replaced alike). */
    private boolean onKeyInH2() {
        return kind == Kind.REPLACE || nonKey().findAny().isEmpty();
    }

    /** The statement in {@code dialect}. */
    public String sql(Dialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> insertOnConflict();
            case H2 -> onKeyInH2() ? mergeOnKey() : mergeUsing();
        };
    }

    /**
     * The statement in {@code dialect} as a query answering the written row's {@code column} (for a counter, its new
     * value).
     */
    public String sqlReturning(Dialect dialect, String column) {
        return switch (dialect) {
            case POSTGRESQL -> insertOnConflict() + " RETURNING " + column;
            case H2 -> "SELECT " + column + " FROM FINAL TABLE (" + sql(dialect) + ")";
        };
    }

    private String insertOnConflict() {
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + parameters() + ") ON CONFLICT ("
                + String.join(", ", key) + ")";
        List<String> updated = nonKey().toList();
        if (kind == Kind.KEEP || updated.isEmpty()) {
            return insert + " DO NOTHING";
        }
        return insert + " DO UPDATE SET " + updated.stream()
                .map(c -> c + " = " + (c.equals(counter) ? table + "." + c + " + EXCLUDED." + c : "EXCLUDED." + c))
                .collect(Collectors.joining(", "));
    }

    private String mergeOnKey() {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", key) + ") VALUES ("
                + parameters() + ")";
    }

    private String mergeUsing() {
        String merge = "MERGE INTO " + table + " USING (VALUES (" + parameters() + ")) AS given (" + String.join(", ", columns)
                + ") ON " + key.stream().map(c -> table + "." + c + " = given." + c).collect(Collectors.joining(" AND "));
        String insert = " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "given." + c).collect(Collectors.joining(", ")) + ")";
        if (kind == Kind.KEEP) {
            return merge + insert;
        }
        return merge + " WHEN MATCHED THEN UPDATE SET " + nonKey()
                .map(c -> c + " = " + (c.equals(counter) ? table + "." + c + " + given." + c : "given." + c))
                .collect(Collectors.joining(", ")) + insert;
    }

    private Stream<String> nonKey() {
        return columns.stream().filter(c -> !key.contains(c));
    }

    private String parameters() {
        return String.join(", ", java.util.Collections.nCopies(columns.size(), "?"));
    }
}
