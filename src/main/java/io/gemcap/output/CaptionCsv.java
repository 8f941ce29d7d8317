package io.gemcap.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * The CSV form of a {@link CaptionRow}, its columns as {@link RowColumn} lists them: RFC 4180 quoting, UTF-8, CRLF line ends, one header. Cells
 * that a spreadsheet would run as a formula are prefixed with an apostrophe; so is a path that starts with one, so
 * {@link #pathOf} gives every file its own name back. Stateless and thread-safe.
 */
public final class CaptionCsv {

    /** The header's names, in {@link RowColumn}'s order. */
    public static final List<String> COLUMNS = RowColumn.ALL.stream().map(RowColumn::label).toList();

    public static final String LINE_SEPARATOR = "\r\n";

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("").get();

    private CaptionCsv() {
    }

    public static String header() {
        return header(AnswerColumns.NONE);
    }

    /** The header: the fixed columns, then the answer's (a schema's properties). */
    public static String header(AnswerColumns answer) {
        List<String> names = new ArrayList<>(COLUMNS);
        names.addAll(answer.names());
        return line(names);
    }

    /** The row as one CSV record without its line separator (a quoted cell may hold line breaks). */
    public static String line(CaptionRow row) {
        return line(row, AnswerColumns.NONE);
    }

    /** The row with its answer's cells after the fixed ones (empty when the answer is not a JSON object). */
    public static String line(CaptionRow row, AnswerColumns answer) {
        List<String> cells = new ArrayList<>(RowColumn.ALL.size() + answer.names().size());
        for (RowColumn column : RowColumn.ALL) {
            // A file's name is kept as it is: without one of its characters it would name another file.
            cells.add(column == RowColumn.PATH ? pathCell(column.cell(row)) : WrittenText.clean(column.cell(row)));
        }
        if (!answer.names().isEmpty()) {
            cells.addAll(row.status() == RowStatus.OK
                    ? answer.cells().apply(row.answer().caption()).stream().map(WrittenText::clean).toList()
                    : java.util.Collections.nCopies(answer.names().size(), null));
        }
        return line(cells);
    }

    /** Whether {@code file} is empty or starts with the header gemcap writes: a file a run may replace. */
    public static boolean isCaptionCsv(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first == null || first.startsWith(String.join(",", COLUMNS.subList(0, 3)));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes a cell safe to open in a spreadsheet: NUL characters (which cut a cell short in many readers)
     * are removed, and a cell that starts with {@code = + - @}, a tab or a carriage return, also after
     * invisible characters (a byte-order mark, zero-width or direction marks, which spreadsheets skip), is
     * prefixed with an apostrophe so that it is shown instead of run (CSV injection).
     */
    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        String text = cell.indexOf('\0') >= 0 ? cell.replace("\0", "") : cell;
        int i = 0;
        while (i < text.length() && isInvisible(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        char first = text.charAt(i);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text
                : text;
    }

    /**
     * The path cell of a file: neutralised like any cell, and prefixed with an apostrophe also when the name itself
     * starts with one, so that {@code =a.png} ({@code '=a.png}) and {@code '=a.png} ({@code ''=a.png}) stay two paths.
     */
    static String pathCell(String path) {
        return path.startsWith("'") ? "'" + path : neutralise(path);
    }

    /** The file's path a {@code path} cell names: the cell without its first character when that is an apostrophe. */
    public static String pathOf(String cell) {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    private static boolean isInvisible(char c) {
        return c == '\uFEFF' || (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2060' && c <= '\u2069') || c == ' ' || c == '\u00A0';
    }

    private static String line(List<String> cells) {
        StringBuilder out = new StringBuilder();
        try {
            boolean first = true;
            for (String cell : cells) {
                FORMAT.print(neutralise(cell), out, first);
                first = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
