package io.gemcap.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * A file replaced whole or not at all: its content goes to a temporary file of a name no one else uses, in the target's
 * folder, and is moved over the target by {@link #commit}. Closing it without a commit (a failure, a full disk) deletes
 * the temporary file, so none outlives the writer; one left by a killed writer is removed by {@link #sweep}.
 */
public final class AtomicFile implements AutoCloseable {

    private static final int NAME_KEPT = 64;

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
        return create(target, Set.of());
    }

    /**
     * As {@link #create(Path)}, the file getting {@code permissions} before it takes the target's place (not the owner-only
     * ones of a temporary file); none given, or a file system without POSIX permissions, keeps those.
     */
    public static AtomicFile create(Path target, Set<PosixFilePermission> permissions) throws IOException {
        // A unique hidden name: never a file of the user's, never one another writer of the same target uses; it names
        // the writing process, so that what a killed one left can be told from what a live one is writing.
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), prefix(target) + ProcessHandle.current().pid() + "-",
                ".tmp");
        OutputStream file = null;
        try {
            if (!permissions.isEmpty() && temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, permissions);
            }
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

    /**
     * Removes the temporary files of {@code target} that writers on this machine left when they were killed (their process
     * is gone), and the empty {@code <target>.tmp} an earlier release left when its disk was full.
     */
    public static void sweep(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        String prefix = prefix(target);
        try (DirectoryStream<Path> left = Files.newDirectoryStream(folder, file -> file.getFileName().toString().startsWith(prefix))) {
            for (Path file : left) {
                String name = file.getFileName().toString();
                String pid = name.substring(prefix.length(), Math.max(prefix.length(), name.indexOf('-', prefix.length())));
                if (name.endsWith(".tmp") && pid.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
            Path earlier = target.resolveSibling(target.getFileName() + ".tmp");
            if (Files.isRegularFile(earlier, LinkOption.NOFOLLOW_LINKS) && Files.size(earlier) == 0) {
                Files.delete(earlier);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // Left for a later write to remove: the file being written matters more than what a killed writer left.
        }
    }

    private static String prefix(Path target) {
        // Cut so that a long name (an image's sidecar) still leaves room in the file system's 255 bytes for pid and counter.
        String name = target.getFileName().toString();
        return "." + (name.length() > NAME_KEPT ? name.substring(0, NAME_KEPT) : name) + ".gemcap-";
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
