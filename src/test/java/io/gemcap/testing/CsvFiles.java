package io.gemcap.testing;

import io.gemcap.output.CaptionCsv;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowColumn;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads a gemcap CSV back with a standard parser. */
public final class CsvFiles {

    private CsvFiles() {
    }

    public static List<CSVRecord> records(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
            // (a file of an earlier release has the columns of its time: a prefix of today's; a schema's columns follow them)
            List<String> header = parser.getHeaderNames();
            int fixed = Math.min(header.size(), CaptionCsv.COLUMNS.size());
            if (!CaptionCsv.COLUMNS.subList(0, fixed).equals(header.subList(0, fixed))) {
                throw new AssertionError("unexpected header " + parser.getHeaderNames());
            }
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV as rows, to compare with the results table. */
    public static List<CaptionRow> rows(Path csv) {
        List<CaptionRow> rows = new ArrayList<>();
        for (CSVRecord r : records(csv)) {
            Map<RowColumn, Object> values = new EnumMap<>(RowColumn.class);
            for (RowColumn column : RowColumn.ALL) {
                values.put(column, r.isMapped(column.label()) ? column.parse(r.get(column.label())) : null);
            }
            rows.add(CaptionRow.of(values, null));
        }
        return rows;
    }
}
