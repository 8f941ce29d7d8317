package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CaptionCsvTests {

    private static CaptionRow row(String path, String caption, String error) {
        return new CaptionRow(new CaptionRow.ImageFacts(path, "ab12", "image/png", 1000, 2000, 384, 768, 40_000L),
                new CaptionRow.Answer(RowStatus.OK, caption, error, "STOP"),
                new CaptionRow.Usage("gemini-2.5-flash", 300, 12, null, 150L, new java.math.BigDecimal("0.0000348")), RowSource.CALL, null);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
    }

    @Test
    void headerListsTheColumnsInOrder() {
        assertThat(CaptionCsv.header()).isEqualTo("path,sha256,status,caption,error,finish_reason,mime,width,height,model,"
                + "prompt_tokens,output_tokens,thought_tokens,latency_ms,source,sent_width,sent_height,sent_bytes,cost_usd");
    }

    @Test
    void awkwardCellsRoundTripThroughAStandardParser() throws IOException {
        // given captions with commas, quotes, line breaks and non-ASCII text
        List<String> captions = List.of("a cat, a dog", "the \"best\" mug", "line one\nline two\r\nline three",
                "Café au lait — 東京 🐈", "");
        StringBuilder csv = new StringBuilder(CaptionCsv.header()).append(CaptionCsv.LINE_SEPARATOR);
        for (int i = 0; i < captions.size(); i++) {
            csv.append(CaptionCsv.line(row("dir/img " + i + ".png", captions.get(i), null))).append(CaptionCsv.LINE_SEPARATOR);
        }
        // when read back by Commons CSV as RFC 4180
        List<CSVRecord> records = parse(csv.toString());
        // then every cell is what was written
        assertThat(records).hasSize(captions.size());
        for (int i = 0; i < captions.size(); i++) {
            assertThat(records.get(i).get("caption")).isEqualTo(captions.get(i));
            assertThat(records.get(i).get("path")).isEqualTo("dir/img " + i + ".png");
            assertThat(records.get(i).get("width")).isEqualTo("1000");
            assertThat(records.get(i).get("sent_width")).isEqualTo("384");
            assertThat(records.get(i).get("cost_usd")).isEqualTo("0.0000348");
            assertThat(records.get(i).get("thought_tokens")).isEmpty();
        }
    }

    @Test
    void controlCharactersOfAnAnswerAreDroppedWhileAFileNameKeepsItsOwn() throws IOException {
        // given an answer and an error with a NUL, a bell, a terminal's escape sequence and C1 controls, and a file named with one
        CaptionRow noisy = row("odd\u0001name.png", "\u0000a cat\u0007 on \u001b[31ma mat\u009b\u007f,\tasleep\r\nend",
                "\u001b]0;title\u0007bad image");
        // when written and parsed back
        List<CSVRecord> records = parse(CaptionCsv.header() + CaptionCsv.LINE_SEPARATOR + CaptionCsv.line(noisy) + CaptionCsv.LINE_SEPARATOR);
        // then the text keeps its tab and line break but no other control character, and the name is the file's
        assertThat(records.get(0).get("caption")).isEqualTo("a cat on [31ma mat,\tasleep\r\nend");
        assertThat(records.get(0).get("error")).isEqualTo("]0;titlebad image");
        assertThat(records.get(0).get("path")).isEqualTo("odd\u0001name.png");
    }

    @Test
    void formulaPrefixesAreNeutralisedInEveryTextCell() throws IOException {
        // given cells a spreadsheet would run as formulas
        CaptionRow dangerous = row("=cmd.png", "=HYPERLINK(\"http://x\")", "+1 caption");
        String csv = CaptionCsv.header() + CaptionCsv.LINE_SEPARATOR + CaptionCsv.line(dangerous) + CaptionCsv.LINE_SEPARATOR
                + CaptionCsv.line(row("@a.png", "-2", "\tx")) + CaptionCsv.LINE_SEPARATOR;
        // when parsed back
        List<CSVRecord> records = parse(csv);
        // then each starts with an apostrophe and keeps its text
        assertThat(records.get(0).get("path")).isEqualTo("'=cmd.png");
        assertThat(records.get(0).get("caption")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(records.get(0).get("error")).isEqualTo("'+1 caption");
        assertThat(records.get(1).get("path")).isEqualTo("'@a.png");
        assertThat(records.get(1).get("caption")).isEqualTo("'-2");
        assertThat(records.get(1).get("error")).isEqualTo("'\tx");
        // and numbers are left alone
        assertThat(records.get(0).get("latency_ms")).isEqualTo("150");
    }

    @Test
    void nulCharactersAreDroppedAndFormulasBehindInvisibleCharactersAreNeutralised() {
        assertThat(CaptionCsv.neutralise("a\0b")).isEqualTo("ab");
        assertThat(CaptionCsv.neutralise("\0=1+1")).isEqualTo("'=1+1");
        assertThat(CaptionCsv.neutralise("\uFEFF=HYPERLINK(\"x\")")).isEqualTo("'\uFEFF=HYPERLINK(\"x\")");
        assertThat(CaptionCsv.neutralise("\u202E\u200B@SUM(A1)")).isEqualTo("'\u202E\u200B@SUM(A1)");
        assertThat(CaptionCsv.neutralise("\u202Ea cat on a mat")).isEqualTo("\u202Ea cat on a mat");
        assertThat(CaptionCsv.neutralise("a cat, -3 degrees")).isEqualTo("a cat, -3 degrees");
    }

    @Test
    void namesThatDifferOnlyByALeadingApostropheKeepDistinctPathsThatReadBackToThem() throws IOException {
        // given files whose names the formula guard would otherwise write alike
        List<String> names = List.of("=a.png", "'=a.png", "''=a.png", "-1.png", "'-1.png", "'plain.png", "plain.png", "\uFEFF=b.png");
        StringBuilder csv = new StringBuilder(CaptionCsv.header()).append(CaptionCsv.LINE_SEPARATOR);
        names.forEach(name -> csv.append(CaptionCsv.line(row(name, "a cat", null))).append(CaptionCsv.LINE_SEPARATOR));
        // when parsed back
        List<String> cells = parse(csv.toString()).stream().map(r -> r.get("path")).toList();
        // then no cell that would run starts without the apostrophe, every cell is distinct, and each reads back to its file
        assertThat(cells).containsExactly("'=a.png", "''=a.png", "'''=a.png", "'-1.png", "''-1.png", "''plain.png", "plain.png",
                "'\uFEFF=b.png");
        assertThat(cells.stream().map(CaptionCsv::pathOf).toList()).isEqualTo(names);
    }
}
