package io.gemcap.job;

import io.gemcap.image.ImageInspector;
import io.gemcap.image.Thumbnails;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.WrittenFiles;
import io.gemcap.output.ResultsTable;
import io.gemcap.report.HtmlReport;
import io.gemcap.report.RunSummary;
import io.gemcap.source.BucketUri;
import io.gemcap.source.FileNames;
import io.gemcap.source.FolderImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Writes a run's HTML report from the job database: after each run, and for any run with {@code report ID}. The page
 * and its thumbnail folder replace only what gemcap wrote: a page whose content the job database records as gemcap's,
 * a folder holding gemcap's marker (put only into a folder gemcap made). A page and folder left by a release that kept
 * no record (its folder holds the marker) are taken as gemcap's, and recorded. Thumbnails missing from the store (an
 * image taken from the ledger before thumbnails were kept) are made from the local file; a bucket image is not
 * downloaded for it (the page shows a placeholder).
 */
public class RunReports {

    /** Larger files are not read for a thumbnail: the report must not cost what the run did. */
    private static final long MAX_READ_BYTES = 50L << 20;

    private final JobRepository jobRepository;
    private final ResultsTable results;
    private final Thumbnails thumbnails;
    private final WrittenFiles written;

    public RunReports(JobRepository jobRepository, ResultsTable results, Thumbnails thumbnails, WrittenFiles written) {
        this.jobRepository = jobRepository;
        this.results = results;
        this.thumbnails = thumbnails;
        this.written = written;
    }

    /**
     * Why the report cannot be written to {@code page}, if it cannot: the page or its folder is not gemcap's. A page and
     * folder of an earlier release are recorded as gemcap's here.
     */
    public Optional<String> problem(Path page) throws IOException {
        Path existing = page.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            // Found out only after the run had paid for every image, it would cost the report (and exit 1).
            return Optional.of("the report cannot be written under " + existing + " (not a writable folder)");
        }
        Path folder = HtmlReport.thumbnailFolder(page);
        boolean folderIsOurs = Files.isDirectory(folder) && Files.exists(folder.resolve(FolderImageSource.GENERATED_MARKER));
        if (!written.free(page)) {
            if (!folderIsOurs || written.known(page) || !Files.isRegularFile(page)) {
                return Optional.of("the report would replace " + page + ", which gemcap did not write" + (written.known(page)
                        ? " (or which was edited since)" : ""));
            }
            written.adopt(page);
        }
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !folderIsOurs) {
            return Optional.of("the report's thumbnails would go into " + folder + ", which gemcap did not make");
        }
        return Optional.empty();
    }

    /** Writes the report of the summarized run to {@code page}, if the page and its folder are gemcap's ({@link #problem}). */
    public void write(RunSummary summary, Path page) throws IOException {
        Optional<String> problem = problem(page);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
        Path folder = HtmlReport.thumbnailFolder(page);
        Files.createDirectories(folder.getParent());
        if (!Files.isDirectory(folder)) {
            makeMarked(folder);
        }
        long instance = jobRepository.getJobExecution(summary.executionId()).getJobInstanceId();
        Optional<Path> input = BucketUri.parse(summary.input()).isPresent() ? Optional.empty() : Optional.of(Path.of(summary.input()));
        written.write(page, out -> HtmlReport.write(new OutputStreamWriter(out, StandardCharsets.UTF_8), folder, summary,
                rows -> results.eachInWalkOrder(instance, row -> rows.accept(row)), row -> thumbnail(row, input)));
    }

    /**
     * Makes the thumbnail folder already holding its marker (the folder may lie inside the input: the walk passes over a
     * folder holding it), under another name first: an unmarked folder, left by a kill or a full disk between making it
     * and marking it, would count as the user's and stop every later run.
     */
    private static void makeMarked(Path folder) throws IOException {
        Path making = folder.resolveSibling("." + folder.getFileName() + ".making-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(making);
            Files.write(making.resolve(FolderImageSource.GENERATED_MARKER), new byte[0]);
            Files.move(making, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException madeMeanwhile) {
            // Another run of the same output made it first: gemcap's own.
        } finally {
            Files.deleteIfExists(making.resolve(FolderImageSource.GENERATED_MARKER));
            Files.deleteIfExists(making);
        }
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
