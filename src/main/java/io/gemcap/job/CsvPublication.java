package io.gemcap.job;

import io.gemcap.output.AnswerColumns;
import io.gemcap.output.CaptionCsv;
import io.gemcap.output.OutputTarget;
import io.gemcap.output.ResultsTable;
import io.gemcap.source.Buckets;
import io.gemcap.source.WalkTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.batch.core.job.JobExecution;

/**
 * The one way a run's CSV is made, online and in Batch Mode: rendered from the results table in walk order into
 * {@code <output>.partial}, moved over the output only once it is whole and only if the run found enough images
 * ({@link ShrinkGuard}), then uploaded when the output is a bucket's. Repeatable: the table is the record.
 */
public final class CsvPublication {

    private final OutputStaging staging;
    private final Buckets buckets;
    private final ShrinkGuard shrinkGuard;
    private final ResultsTable results;
    private final AnswerColumns answerColumns;
    private final WalkTable walk;

    public CsvPublication(OutputStaging staging, Buckets buckets, ShrinkGuard shrinkGuard, ResultsTable results, AnswerColumns answerColumns,
            WalkTable walk) {
        this.walk = walk;
        this.staging = staging;
        this.buckets = buckets;
        this.shrinkGuard = shrinkGuard;
        this.results = results;
        this.answerColumns = answerColumns;
    }

    public void publish(JobExecution execution) throws IOException {
        shrinkGuard.check(execution);
        OutputTarget target = staging.target(RunParameters.of(execution.getJobParameters()).output());
        // Rows a release before the walk table wrote (a run it left unfinished) take their places in this run's walk.
        walk.placeRowsWithoutPosition(execution.getJobInstanceId());
        Files.createDirectories(target.partial().toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(target.partial(), StandardCharsets.UTF_8)) {
            out.write(CaptionCsv.header(answerColumns));
            out.write(CaptionCsv.LINE_SEPARATOR);
            results.eachInWalkOrder(execution.getJobInstanceId(), row -> {
                try {
                    out.write(CaptionCsv.line(row, answerColumns));
                    out.write(CaptionCsv.LINE_SEPARATOR);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        move(target.partial(), target.local());
        if (target.upload().isPresent()) {
            buckets.upload(target.local(), target.upload().get());
        }
    }

    private static void move(Path partial, Path output) throws IOException {
        try {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
