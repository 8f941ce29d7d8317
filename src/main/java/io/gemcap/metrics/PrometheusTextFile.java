package io.gemcap.metrics;

import io.gemcap.output.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A metrics file for node_exporter's textfile collector, replaced whole at each write: the text goes to a hidden
 * {@code .tmp} file in the same folder (a name the collector skips) that is renamed over the file, readable by all so that
 * node_exporter reads it under its own user. Its first line says gemcap wrote it, and only such a file is replaced:
 * {@link #claim} refuses any other at the path, and a write finds out whether the file there is still the one it last
 * wrote from its attributes (one {@code stat}), reading a line only when it is not. A failed write never fails the run:
 * it costs one warning line per outage ({@link OutageWarnings}). Thread-safe.
 */
public final class PrometheusTextFile {

    /** The first line of every metrics file gemcap writes (a comment to Prometheus's text format). */
    static final String FIRST_LINE = "# gemcap metrics file: written by gemcap and replaced whole while its runs go on";

    private static final Logger log = LoggerFactory.getLogger(PrometheusTextFile.class);
    private static final Set<PosixFilePermission> READABLE_BY_ALL = PosixFilePermissions.fromString("rw-r--r--");
    private static final byte[] MARK = (FIRST_LINE + "\n").getBytes(StandardCharsets.UTF_8);

    /** What a file's attributes say of which file it is: the same file, not rewritten by anyone since. */
    private record Identity(Object fileKey, FileTime modified, long size) {
    }

    private final Path path;
    private final OutageWarnings outages = new OutageWarnings(log);
    private Identity written;

    private PrometheusTextFile(Path path, Identity written) {
        this.path = path;
        this.written = written;
    }

    /**
     * Takes {@code path} for a run's metrics file, if it may be: its folder exists and takes files, and nothing is at the
     * path, or an empty file, or a metrics file gemcap wrote. Removes the temporary files of writers that were killed.
     *
     * @throws IllegalArgumentException when it may not, with one line saying why
     */
    public static PrometheusTextFile claim(Path path) {
        Path file = path.toAbsolutePath().normalize();
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the metrics file's folder " + folder + " does not exist: make it (node_exporter's"
                    + " --collector.textfile.directory), or give a path in one that does");
        }
        Identity found;
        try {
            found = identity(file);
            if (found != null && foreign(file)) {
                throw new IllegalArgumentException("the metrics file " + file + " exists and is not one gemcap wrote: it would be"
                        + " replaced; move it away, or choose another path");
            }
            // Permission bits can say yes where no file can be made (a read-only mount): make one.
            Files.delete(Files.createTempFile(folder, ".gemcap-", ".probe"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the metrics file " + file + ": " + OutageWarnings.reason(e));
        }
        AtomicFile.sweep(file);
        return new PrometheusTextFile(file, found);
    }

    /** The file, as an absolute path. */
    public Path path() {
        return path;
    }

    /**
     * Replaces the file with gemcap's first line and {@code text}, unless a file gemcap did not write has taken its place.
     *
     * @param text metrics in Prometheus text format 0.0.4
     * @return whether the file now holds them
     */
    public synchronized boolean write(String text) {
        try {
            Identity found = identity(path);
            if (found != null && !found.equals(written) && foreign(path)) {
                outages.failed("gemcap: the metrics file " + path + " was replaced by a file gemcap did not write: it is left"
                        + " alone and gets no metrics; the run goes on");
                return false;
            }
            try (AtomicFile file = AtomicFile.create(path, READABLE_BY_ALL)) {
                file.out().write(MARK);
                file.out().write(text.getBytes(StandardCharsets.UTF_8));
                file.commit();
            }
            written = identity(path);
            outages.succeeded(failed -> "gemcap: the metrics file " + path + " is written again (after " + failed
                    + (failed == 1 ? " failed write)" : " failed writes)"));
            return true;
        } catch (IOException | RuntimeException e) {
            String reason = Files.isDirectory(path.getParent()) ? OutageWarnings.reason(e) : "its folder " + path.getParent() + " is gone";
            outages.failed("gemcap: could not write the metrics file " + path + ": " + reason + "; the run goes on");
            return false;
        }
    }

    /** The file's identity, or {@code null} when nothing is at the path. */
    private static Identity identity(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Identity(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Whether what is at the path is not a file gemcap may replace: an empty file, or one starting with gemcap's first line. */
    private static boolean foreign(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] start = in.readNBytes(MARK.length);
            return start.length > 0 && !Arrays.equals(start, MARK);
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
