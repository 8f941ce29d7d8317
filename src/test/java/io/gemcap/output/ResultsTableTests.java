package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.OutcomeClassifier;
import io.gemcap.testing.JobDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The results table's counts, on each database gemcap runs on. */
class ResultsTableTests {

    private static final long RUN = 7;
    private static final long OTHER_RUN = 8;

    private static CaptionRow row(String path, RowStatus status, String error, String finishReason) {
        return new CaptionRow(CaptionRow.ImageFacts.unread(path), new CaptionRow.Answer(status, status == RowStatus.OK ? "A cat." : null,
                error, finishReason), CaptionRow.Usage.NONE, status == RowStatus.OK ? RowSource.CALL : RowSource.CHECK, null);
    }

    /** A night's mix: many of one reason, reasons that differ only in a size or a count, blocks, notes on ok rows, no reason. */
    private static List<CaptionRow> night() {
        List<CaptionRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(row("ok/" + i + ".jpg", RowStatus.OK, i % 10 == 0 ? "caption cut at the output token limit (MAX_TOKENS)" : null,
                    i % 10 == 0 ? "MAX_TOKENS" : "STOP"));
        }
        for (int i = 0; i < 40; i++) {
            rows.add(row("big/" + i + ".tif", RowStatus.REJECTED, "file is " + (210 + i) + ".0 MB, over the 200.0 MB gemcap reads of one"
                    + " image (gemcap.input.max-file-bytes)", null));
            rows.add(row("busy/" + i + ".jpg", RowStatus.FAILED, "429 You exceeded your current quota. (gave up after " + (i % 4 + 1)
                    + " attempts)", null));
        }
        for (int i = 0; i < 12; i++) {
            rows.add(row("text/" + i + ".jpg", RowStatus.REJECTED, "not an image: the file holds text", null));
            rows.add(row("slow/" + i + ".jpg", RowStatus.FAILED, GeminiCaptioner.NO_ANSWER_WITHIN + "60000 ms (gave up after 3 attempts)",
                    null));
            rows.add(row("safe/" + i + ".jpg", RowStatus.BLOCKED, OutcomeClassifier.RESPONSE_STOPPED + "SAFETY", "SAFETY"));
        }
        rows.add(row("cut/a.jpg", RowStatus.REJECTED, "truncated JPEG: the file ends before its end-of-image marker", null));
        rows.add(row("prompt/a.jpg", RowStatus.BLOCKED, OutcomeClassifier.PROMPT_BLOCKED + "PROHIBITED_CONTENT", null));
        rows.add(row("odd/a.jpg", RowStatus.FAILED, "something nobody wrote yet", null));
        rows.add(row("odd/b.jpg", RowStatus.FAILED, null, null));
        rows.add(row("odd/c.jpg", RowStatus.BLOCKED, null, null));
        return rows;
    }

    private static ResultsTable filled(JobDatabase database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.fresh());
        ResultsTable results = new ResultsTable(jdbc);
        List<CaptionRow> rows = night();
        List<ResultsTable.Positioned> placed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            placed.add(new ResultsTable.Positioned(i, rows.get(i)));
        }
        // written over two executions, as a resumed run is
        results.insertAt(RUN, 1, placed.subList(0, 200));
        results.insertAt(RUN, 2, placed.subList(200, placed.size()));
        // another run's rows count for it alone
        results.insertAt(OTHER_RUN, 3, List.of(new ResultsTable.Positioned(0, row("big/0.tif", RowStatus.FAILED, "503 overloaded", null))));
        return results;
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void countsByReasonClassEachRowOnceAndSumToTheCountsByStatus(JobDatabase database) {
        ResultsTable results = filled(database);

        Map<RowStatus, Map<String, Long>> counts = results.countsByReason(RUN);

        assertThat(counts.get(RowStatus.OK)).containsExactly(Map.entry(ReasonClass.NONE, 300L));
        assertThat(counts.get(RowStatus.REJECTED)).containsEntry(ReasonClass.TOO_LARGE, 40L).containsEntry(ReasonClass.NOT_AN_IMAGE, 12L)
                .containsEntry(ReasonClass.MALFORMED, 1L).containsEntry(ReasonClass.GONE, 0L);
        assertThat(counts.get(RowStatus.FAILED)).containsEntry(ReasonClass.RATE_LIMITED, 40L).containsEntry(ReasonClass.TIMEOUT, 12L)
                .containsEntry(ReasonClass.OTHER, 2L).containsEntry(ReasonClass.SERVER_ERROR, 0L);
        assertThat(counts.get(RowStatus.BLOCKED)).containsEntry(ReasonClass.SAFETY, 12L).containsEntry(ReasonClass.PROHIBITED, 1L)
                .containsEntry(ReasonClass.OTHER, 1L);
        // every class of every status, in the closed list's order, and as many rows as by status
        Map<RowStatus, Long> byStatus = results.countsByStatus(RUN);
        ReasonClass.byStatus().forEach((status, classes) -> {
            assertThat(counts.get(status).keySet()).containsExactlyElementsOf(classes);
            assertThat(counts.get(status).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(byStatus.getOrDefault(status, 0L));
        });
        // what each row's own class says, counted
        Map<RowStatus, Map<String, Long>> oneByOne = new java.util.EnumMap<>(RowStatus.class);
        for (CaptionRow row : results.rows(RUN)) {
            oneByOne.computeIfAbsent(row.status(), s -> new java.util.HashMap<>())
                    .merge(ReasonClass.of(row.status(), row.answer().error(), row.answer().finishReason()), 1L, Long::sum);
        }
        oneByOne.forEach((status, classes) -> classes.forEach((reasonClass, n) -> assertThat(counts.get(status)).containsEntry(reasonClass, n)));
        assertThat(results.countsByReason(OTHER_RUN).get(RowStatus.FAILED)).containsEntry(ReasonClass.SERVER_ERROR, 1L);
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void aRunWithoutRowsCountsZeroForEveryClass(JobDatabase database) {
        Map<RowStatus, Map<String, Long>> counts = new ResultsTable(new JdbcTemplate(database.fresh())).countsByReason(RUN);
        assertThat(counts).containsOnlyKeys(RowStatus.values());
        counts.values().forEach(classes -> assertThat(classes.values()).containsOnly(0L));
    }
}
