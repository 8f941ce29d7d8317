package io.gemcap.job;

import io.gemcap.image.ImageInspector;
import io.gemcap.image.Thumbnails;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.ResultsTable;
import io.gemcap.report.HtmlReport;
import io.gemcap.report.RunSummary;
import io.gemcap.source.BucketUri;
import io.gemcap.source.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Writes a run's HTML report from the job database: after each run, and for any run with {@code report ID}. Thumbnails
 * missing from the store (an image taken from the ledger before thumbnails were kept) are made from the local file;
 * a bucket image is not downloaded for it (the page shows a placeholder).
 */
public class RunReports {

    /** Larger files are not read for a thumbnail: the report must not cost what the run did. */
    private static final long MAX_READ_BYTES = 50L << 20;

    private final JobRepository jobRepository;
    private final ResultsTable results;
    private final Thumbnails thumbnails;

    public RunReports(JobRepository jobRepository, ResultsTable results, Thumbnails thumbnails) {
        this.jobRepository = jobRepository;
        this.results = results;
        this.thumbnails = thumbnails;
    }

    /** Writes the report of the summarized run to {@code page}. */
    public void write(RunSummary summary, Path page) throws IOException {
        long instance = jobRepository.getJobExecution(summary.executionId()).getJobInstanceId();
        Optional<Path> folder = BucketUri.parse(summary.input()).isPresent() ? Optional.empty() : Optional.of(Path.of(summary.input()));
        HtmlReport.write(page, summary, rows -> results.eachInWalkOrder(instance, row -> rows.accept(row)),
                row -> thumbnail(row, folder));
    }

    private Optional<Path> thumbnail(CaptionRow row, Optional<Path> folder) {
        String sha256 = row.sha256();
        if (thumbnails.has(sha256)) {
            return Optional.of(thumbnails.path(sha256));
        }
        if (folder.isEmpty() || row.path().indexOf(FileNames.MARK) >= 0) {
            return Optional.empty();
        }
        Path file = folder.get().resolve(row.path());
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_READ_BYTES) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_READ_BYTES);
            }
            // The file may have changed since the run: a thumbnail is kept only under the content it shows.
            if (ImageInspector.sha256(bytes).equals(sha256) && thumbnails.make(sha256, bytes)) {
                return Optional.of(thumbnails.path(sha256));
            }
        } catch (IOException | RuntimeException e) {
            // No preview for this one; the report goes on.
        }
        return Optional.empty();
    }
}
