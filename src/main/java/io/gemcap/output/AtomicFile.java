package io.gemcap.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file replaced whole or not at all: its content goes to a temporary file of a name no one else uses, in the target's
 * folder, and is moved over the target by {@link #commit}. Closing it without a commit (a failure, a full disk) deletes
 * the temporary file, so none outlives the writer.
 */
public final class AtomicFile implements AutoCloseable {

    private final Path target;
    private final Path temporary;
    private final MessageDigest digest;
    private final OutputStream out;
    private boolean committed;

    private AtomicFile(Path target, Path temporary, OutputStream file) throws NoSuchAlgorithmException {
        this.target = target;
        this.temporary = temporary;
        this.digest = MessageDigest.getInstance("SHA-256");
        this.out = new BufferedOutputStream(new DigestOutputStream(file, digest), 1 << 16);
    }

    /** Starts replacing {@code target}; its folder must exist. */
    public static AtomicFile create(Path target) throws IOException {
        // A unique hidden name: never a file of the user's, never one another writer of the same target uses.
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + "-", ".tmp");
        OutputStream file = null;
        try {
            file = Files.newOutputStream(temporary);
            return new AtomicFile(target, temporary, file);
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            if (file != null) {
                file.close();
            }
            Files.deleteIfExists(temporary);
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** Where the content goes; not to be closed by the caller. */
    public OutputStream out() {
        return out;
    }

    /** Once the whole content is written: its SHA-256 (hex), as it will be on disk. */
    public String sha256() throws IOException {
        out.flush();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Moves the content over the target. */
    public void commit() throws IOException {
        out.close();
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // A full disk refuses the buffered rest too; the temporary file goes all the same.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
