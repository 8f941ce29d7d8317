package io.gemcap.bench;

import io.gemcap.ledger.JdbcLedger;
import io.gemcap.ledger.LedgerKey;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What recording a chunk in the ledger costs on each database, as one upsert per row: chunks of new contents, the same
 * chunks recorded again (every key present), and two writers recording the same chunks at the same moment, each chunk in
 * its transaction as a run's are. Prints milliseconds per chunk; asserts nothing. Run with {@code bench/ledger}.
 */
public final class LedgerWriteBench {

    private static final int CHUNKS = Integer.getInteger("bench.chunks", 200);
    private static final int CHUNK = Integer.getInteger("bench.chunk", 50);
    private static final LedgerKey KEY = new LedgerKey("gemini-2.5-flash-lite", "request", 2);

    private LedgerWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "%-11s %8s %12s %12s %14s%n", "database", "rows", "new ms", "again ms", "2 at once ms");
        for (JobDatabase database : JobDatabase.values()) {
            DataSource dataSource = database.fresh();
            try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
                JdbcLedger first = new JdbcLedger(one.jdbc());
                JdbcLedger second = new JdbcLedger(other.jdbc());
                var firstChunk = new TransactionTemplate(new DataSourceTransactionManager(one.connection()));
                var secondChunk = new TransactionTemplate(new DataSourceTransactionManager(other.connection()));
                warmUp(first, firstChunk);
                double fresh = perChunk(() -> {
                    for (int chunk = 0; chunk < CHUNKS; chunk++) {
                        List<CaptionRow> rows = chunk(chunk);
                        firstChunk.executeWithoutResult(status -> first.record(KEY, rows));
                    }
                });
                double again = perChunk(() -> {
                    for (int chunk = 0; chunk < CHUNKS; chunk++) {
                        List<CaptionRow> rows = chunk(chunk);
                        firstChunk.executeWithoutResult(status -> first.record(KEY, rows));
                    }
                });
                double racing = perChunk(() -> Races.run(CHUNKS, chunk -> firstChunk.executeWithoutResult(status -> first.record(KEY,
                        chunk(CHUNKS + chunk))), chunk -> secondChunk.executeWithoutResult(status -> second.record(KEY,
                        chunk(CHUNKS + chunk))))) / 2;
                long rows = new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_ledger", Long.class);
                System.out.printf(Locale.ROOT, "%-11s %8d %12.2f %12.2f %14.2f%n", database, rows, fresh, again, racing);
            }
        }
        System.exit(0);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double perChunk(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6 / CHUNKS;
    }

    private static void warmUp(JdbcLedger ledger, TransactionTemplate transaction) {
        for (int chunk = 0; chunk < 20; chunk++) {
            List<CaptionRow> rows = chunk(-1 - chunk);
            transaction.executeWithoutResult(status -> ledger.record(KEY, rows));
        }
    }

    private static List<CaptionRow> chunk(int chunk) {
        return IntStream.range(0, CHUNK).mapToObj(i -> {
            String sha = String.format(Locale.ROOT, "%032x%032x", chunk, i);
            return new CaptionRow(new CaptionRow.ImageFacts("s3://bench/" + chunk + "/" + i + ".jpg", sha, "image/jpeg", 4000, 3000, 768,
                    576, 30_000L), new CaptionRow.Answer(RowStatus.OK, "A caption of the bench.", null, "STOP"),
                    new CaptionRow.Usage("gemini-2.5-flash-lite", 300, 40, null, 900L, new BigDecimal("0.000046")), RowSource.CALL,
                    "etag-" + chunk);
        }).toList();
    }
}
