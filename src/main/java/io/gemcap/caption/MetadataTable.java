package io.gemcap.caption;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A catalogue's table ({@code --metadata items.csv --metadata-key sku_image}): one row per image, found by the key
 * column holding the image's path (relative to the input) or its file name; its fields fill a prompt template. Read
 * whole at start (RFC 4180, UTF-8, a header row). Immutable.
 */
public final class MetadataTable {

    private final String keyColumn;
    private final Map<String, Map<String, String>> rows;

    private MetadataTable(String keyColumn, Map<String, Map<String, String>> rows) {
        this.keyColumn = keyColumn;
        this.rows = rows;
    }

    /**
     * @throws IllegalArgumentException in one line: the file cannot be read, has no such key column (naming those it
     *     has), or holds a key twice (naming it and its lines)
     */
    public static MetadataTable read(Path file, String keyColumn) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(false).get();
        try (Reader reader = withoutByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
                CSVParser parser = format.parse(reader)) {
            if (!parser.getHeaderNames().contains(keyColumn)) {
                throw new IllegalArgumentException("--metadata " + file + " has no column '" + keyColumn + "' (--metadata-key);"
                        + (parser.getHeaderNames().isEmpty() ? " it is empty: its first line names the columns"
                                : " its columns: " + String.join(", ", parser.getHeaderNames())));
            }
            Map<String, Map<String, String>> rows = new HashMap<>();
            Map<String, Long> lines = new HashMap<>();
            for (CSVRecord record : parser) {
                String key = record.isSet(keyColumn) ? record.get(keyColumn).strip() : "";
                if (key.isEmpty()) {
                    continue;
                }
                Long first = lines.putIfAbsent(key, record.getRecordNumber() + 1);
                if (first != null) {
                    throw new IllegalArgumentException("--metadata " + file + " holds the key '" + key + "' twice (lines " + first
                            + " and " + (record.getRecordNumber() + 1) + "): each image needs one row");
                }
                // The header's order, which {metadata} lists the fields in.
                Map<String, String> fields = new LinkedHashMap<>();
                for (String column : parser.getHeaderNames()) {
                    if (record.isSet(column)) {
                        fields.put(column, record.get(column));
                    }
                }
                rows.put(key, java.util.Collections.unmodifiableMap(fields));
            }
            return new MetadataTable(keyColumn, Map.copyOf(rows));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--metadata " + file + " does not exist");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read --metadata " + file + ": " + e.getMessage());
        }
    }

    /** A spreadsheet's UTF-8 export often starts with a byte-order mark, which would be part of the first column's name. */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        java.io.PushbackReader pushback = new java.io.PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    /** The row of the image at {@code path}: by its path, else by its file name. */
    public Optional<Map<String, String>> find(String path) {
        Map<String, String> row = rows.get(path);
        if (row == null) {
            row = rows.get(path.substring(path.lastIndexOf('/') + 1));
        }
        return Optional.ofNullable(row);
    }

    public String keyColumn() {
        return keyColumn;
    }
}
