package io.gemcap.output;

import io.gemcap.jobdb.Upsert;
import io.gemcap.jobdb.Upserts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Files gemcap writes where a file of the user's may lie (the HTML report beside the CSV), kept in the job database by
 * location and the SHA-256 of each content written there: such a file is replaced only while it holds what gemcap wrote.
 */
public final class WrittenFiles {

    /** What is written into a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A content written at a location (kept until another replaces it there). */
    private static final Upsert WRITTEN = Upsert.into("gemcap_written_file", "location", "sha256").keepingOn("location", "sha256");

    private final JdbcTemplate jdbc;
    private final Upserts upserts;

    public WrittenFiles(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.upserts = new Upserts(jdbc);
    }

    /** Whether gemcap ever recorded writing at this location. */
    public boolean known(Path file) {
        return !hashes(file).isEmpty();
    }

    /**
     * Whether nothing is at this location, or what is there is content gemcap wrote (a symlink counts as what it points
     * to; a dangling one as something else).
     */
    public boolean free(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isRegularFile(file)) {
            return false;
        }
        return hashes(file).contains(sha256(file));
    }

    /** Takes what the file holds as gemcap's own (written by a release that kept no record). */
    public void adopt(Path file) throws IOException {
        record(location(file), sha256(file));
    }

    /** Replaces the file whole with {@code content} and records it; nothing is left behind when that fails. */
    public void write(Path file, Content content) throws IOException {
        String location = location(file);
        try (AtomicFile atomic = AtomicFile.create(file)) {
            AtomicFile.sweep(file);
            content.writeTo(atomic.out());
            String sha256 = atomic.sha256();
            // Recorded before the move: a crash between the two leaves a record of content that is not there, never a file of gemcap's that is not recorded.
            record(location, sha256);
            atomic.commit();
            jdbc.update("DELETE FROM gemcap_written_file WHERE location = ? AND sha256 <> ?", location, sha256);
        }
    }

    private void record(String location, String sha256) {
        upserts.write(WRITTEN, location, sha256);
    }

    private List<String> hashes(Path file) {
        return jdbc.queryForList("SELECT sha256 FROM gemcap_written_file WHERE location = ?", String.class, location(file));
    }

    private static String location(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
