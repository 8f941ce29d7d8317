package io.gemcap.testing;

import io.gemcap.output.CaptionCsv;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads a gemcap CSV back with a standard parser. */
public final class CsvFiles {

    private CsvFiles() {
    }

    public static List<CSVRecord> records(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
            if (!parser.getHeaderNames().equals(CaptionCsv.COLUMNS)) {
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
            rows.add(new CaptionRow(r.get("path"), blank(r.get("sha256")), RowStatus.fromLabel(r.get("status")),
                    blank(r.get("caption")), blank(r.get("error")), blank(r.get("finish_reason")), blank(r.get("mime")),
                    integer(r.get("width")), integer(r.get("height")), blank(r.get("model")), integer(r.get("prompt_tokens")),
                    integer(r.get("output_tokens")), integer(r.get("thought_tokens")),
                    r.get("latency_ms").isEmpty() ? null : Long.valueOf(r.get("latency_ms")), RowSource.fromLabel(r.get("source")), null));
        }
        return rows;
    }

    private static String blank(String cell) {
        return cell.isEmpty() ? null : cell;
    }

    private static Integer integer(String cell) {
        return cell.isEmpty() ? null : Integer.valueOf(cell);
    }
}
