package io.gemcap.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.image.PixelLayout;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class JdbcLedgerTests {

    private static final int ROUNDS = 100;
    private static final LedgerKey KEY = new LedgerKey("gemini-2.5-flash-lite", "request-a", 2);

    private JdbcTemplate jdbc;
    private JdbcLedger ledger;

    @BeforeEach
    void database() {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:ledger" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        ledger = new JdbcLedger(jdbc);
    }

    private static CaptionRow row(String path, String sha, RowStatus status, RowSource source, String version) {
        return new CaptionRow(new CaptionRow.ImageFacts(path, sha, "image/jpeg", 4000, 3000, 768, 576, 30_000L),
                new CaptionRow.Answer(status, status == RowStatus.OK ? "a caption" : null, status == RowStatus.OK ? null : "why", null),
                new CaptionRow.Usage("gemini-2.5-flash-lite", 300, 40, null, 120L, new BigDecimal("0.000046")), source, version);
    }

    @Test
    void anAnswerIsFoundForTheSameContentAndRequestOnlyAndCostsNothingAgain() {
        ledger.record(KEY, List.of(row("a.jpg", "sha-a", RowStatus.OK, RowSource.CALL, null)));

        assertThat(ledger.find("sha-a", KEY, PixelLayout.DIRECT)).hasValueSatisfying(found -> {
            assertThat(found.answer().caption()).isEqualTo("a caption");
            assertThat(found.image().sentWidth()).isEqualTo(768);
        });
        assertThat(ledger.find("sha-a", new LedgerKey(KEY.model(), "request-b", 2), PixelLayout.DIRECT)).isEmpty();
        assertThat(ledger.find("sha-a", new LedgerKey("gemini-3-flash-preview", KEY.request(), 2), PixelLayout.DIRECT)).isEmpty();
        assertThat(ledger.find("sha-a", KEY, PixelLayout.DIRECT).get().at("b.jpg", RowSource.LEDGER, null).usage().costUsd()).isZero();
    }

    @Test
    void aRejectionByAnEarlierVersionOfTheChecksIsLookedAtAgainEvenForAnUnchangedObject() {
        // given an object rejected by this version's checks and one rejected by the first version (before conversions)
        ledger.record(KEY, List.of(row("s3://b/new.gif", "sha-new", RowStatus.REJECTED, RowSource.CHECK, "v1")));
        ledger.record(new LedgerKey(KEY.model(), KEY.request(), 1),
                List.of(row("s3://b/old.gif", "sha-old", RowStatus.REJECTED, RowSource.CHECK, "v7")));

        assertThat(ledger.findUnchanged("s3://b/new.gif", "v1", KEY)).isPresent();
        assertThat(ledger.findUnchanged("s3://b/old.gif", "v7", KEY)).isEmpty();
        // (and entries written before check versions were kept count as the first version)
        jdbc.update("UPDATE gemcap_ledger SET check_version = NULL WHERE sha256 = 'sha-new'");
        assertThat(ledger.findUnchanged("s3://b/new.gif", "v1", KEY)).isEmpty();
    }

    @Test
    void anAnswerAboutAPictureAnEarlierConversionSentWronglyIsNotServedAndIsNotedAsMended() {
        // given answers recorded before conversion versions were kept, one for a palette image and one for an RGB photo
        ledger.record(KEY, List.of(row("s3://b/scan.gif", "sha-palette", RowStatus.OK, RowSource.CALL, "v1"),
                row("s3://b/photo.jpg", "sha-photo", RowStatus.OK, RowSource.CALL, "v1")));
        jdbc.update("UPDATE gemcap_ledger SET conversion_version = NULL");

        // then neither is served for an unchanged object without a look at its bytes
        assertThat(ledger.findUnchanged("s3://b/scan.gif", "v1", KEY)).isEmpty();
        assertThat(ledger.findUnchanged("s3://b/photo.jpg", "v1", KEY)).isEmpty();
        // the palette image's answer is refused and noted; the photo's is served and confirmed
        assertThat(ledger.find("sha-palette", KEY, PixelLayout.PALETTE)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_conversion_mend WHERE sha256 = 'sha-palette'", Long.class)).isOne();
        assertThat(ledger.find("sha-photo", KEY, PixelLayout.DIRECT)).isPresent();
        assertThat(ledger.findUnchanged("s3://b/photo.jpg", "v1", KEY)).isPresent();
        // and once paid for again under this conversion, the palette image's new answer is served
        ledger.record(KEY, List.of(row("s3://b/scan.gif", "sha-palette", RowStatus.OK, RowSource.CALL, "v1")));
        assertThat(ledger.find("sha-palette", KEY, PixelLayout.PALETTE)).isPresent();
        assertThat(ledger.findUnchanged("s3://b/scan.gif", "v1", KEY)).isPresent();
    }

    @Test
    void theAverageAnswerLengthIsOfThisRequestsCallsThinkingIncluded() {
        assertThat(ledger.averageOutputTokens(KEY)).isEmpty();
        ledger.record(KEY, List.of(row("a.jpg", "sha-a", RowStatus.OK, RowSource.CALL, null)));
        assertThat(ledger.averageOutputTokens(KEY)).hasValue(40.0);
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void contentRecordedAgainIsReplacedWithItsObjectsVersion(JobDatabase database) {
        JdbcLedger ledger = new JdbcLedger(new JdbcTemplate(database.fresh()));

        ledger.record(KEY, List.of(row("s3://b/a.jpg", "sha-a", RowStatus.REJECTED, RowSource.CHECK, "v1")));
        ledger.record(KEY, List.of(row("s3://b/a.jpg", "sha-a", RowStatus.OK, RowSource.CALL, "v2")));

        assertThat(ledger.find("sha-a", KEY, PixelLayout.DIRECT)).hasValueSatisfying(found ->
                assertThat(found.answer().caption()).isEqualTo("a caption"));
        assertThat(ledger.findUnchanged("s3://b/a.jpg", "v1", KEY)).isEmpty();
        assertThat(ledger.findUnchanged("s3://b/a.jpg", "v2", KEY)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoProcessesRecordingAndCountingTheSameContentAtTheSameMomentBothSucceed(JobDatabase database) throws Exception {
        DataSource dataSource = database.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        // (palette images answered before conversion versions were kept)
        new JdbcLedger(jdbc).record(KEY, java.util.stream.IntStream.range(0, ROUNDS)
                .mapToObj(round -> row(round + ".gif", "mended-" + round, RowStatus.OK, RowSource.CALL, null)).toList());
        jdbc.update("UPDATE gemcap_ledger SET conversion_version = NULL");
        Set<String> counts = ConcurrentHashMap.newKeySet();
        try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
            JdbcLedger first = new JdbcLedger(one.jdbc());
            JdbcLedger second = new JdbcLedger(other.jdbc());

            // when two processes record copies of one content (from one object), count a broken answer for it and find
            // that an earlier conversion sent it wrongly, at the same moment
            Races.run(ROUNDS, round -> {
                first.record(KEY, List.of(row("s3://b/" + round + ".jpg", "sha-" + round, RowStatus.OK, RowSource.CALL, "first")));
                counts.add(round + ":" + first.answerBroke("sha-" + round, KEY));
                first.find("mended-" + round, KEY, PixelLayout.PALETTE);
            }, round -> {
                second.record(KEY, List.of(row("s3://b/" + round + ".jpg", "sha-" + round, RowStatus.REJECTED, RowSource.CHECK,
                        "second")));
                counts.add(round + ":" + second.answerBroke("sha-" + round, KEY));
                second.find("mended-" + round, KEY, PixelLayout.PALETTE);
            });
        }

        // then each content has one entry and one object version, both of one process; both counts, each told its own
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_ledger WHERE sha256 LIKE 'sha-%'", Integer.class)).isEqualTo(ROUNDS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_object", Integer.class)).isEqualTo(ROUNDS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_conversion_mend", Integer.class)).isEqualTo(ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            String origin = jdbc.queryForObject("SELECT origin FROM gemcap_ledger WHERE sha256 = ?", String.class, "sha-" + round);
            String version = jdbc.queryForObject("SELECT version FROM gemcap_object WHERE location = ?", String.class,
                    "s3://b/" + round + ".jpg");
            assertThat(origin + " " + version).isIn("call first", "check second", "call second", "check first");
            assertThat(jdbc.queryForObject("SELECT failures FROM gemcap_answer_failure WHERE sha256 = ?", Integer.class,
                    "sha-" + round)).isEqualTo(2);
            assertThat(counts).contains(round + ":1", round + ":2");
        }
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoChunksRecordingTheSameContentsInOppositeOrdersAtTheSameMomentBothCommit(JobDatabase database) throws Exception {
        DataSource dataSource = database.fresh();
        List<CaptionRow> walk = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> row("s3://b/" + i + ".jpg", "sha-" + i, RowStatus.OK, RowSource.CALL, "v1")).toList();
        List<CaptionRow> reversed = new java.util.ArrayList<>(walk);
        java.util.Collections.reverse(reversed);
        try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
            JdbcLedger first = new JdbcLedger(one.jdbc());
            JdbcLedger second = new JdbcLedger(other.jdbc());
            var firstChunk = new TransactionTemplate(new DataSourceTransactionManager(one.connection()));
            var secondChunk = new TransactionTemplate(new DataSourceTransactionManager(other.connection()));

            // when two jobs walk copies of the same contents in opposite orders, each recording its chunk in a transaction
            Races.run(ROUNDS, round -> firstChunk.executeWithoutResult(chunk -> first.record(KEY, walk)),
                    round -> secondChunk.executeWithoutResult(chunk -> second.record(KEY, reversed)));
        }

        // then neither waits on the other for ever (a deadlock would fail one chunk)
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_ledger", Integer.class)).isEqualTo(10);
    }
}
