package io.gemcap.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks a folder depth-first with each directory's entries sorted by name, so the order is the
 * segment-by-segment order of relative paths. Only one listing per directory level is held at a
 * time. Symlinked directories are followed unless they lead back to a directory being walked.
 * Hidden entries (dot files) and files of other types are skipped and counted. Names that are not
 * UTF-8 are written escaped ({@link FileNames}) and read through the walk's own {@code Path}. A folder
 * that cannot be listed, and an image name that cannot be looked at (a broken symlink), are listed
 * too, so that reading them fails and they get a {@code failed} row naming them: nothing vanishes.
 */
public final class FolderImageSource implements ImageSource {

    /** Extensions gemcap hands on; GIF and BMP are included so their rows can say Gemini refuses them. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "heic", "heif", "gif", "bmp", "tif", "tiff");

    private final Path root;
    private final Predicate<String> selected;

    public FolderImageSource(Path root) {
        this(root, path -> true);
    }

    /** @param selected which relative paths to take ({@code --include}/{@code --exclude}); the rest are counted as excluded */
    public FolderImageSource(Path root, Predicate<String> selected) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.selected = Objects.requireNonNull(selected, "selected");
    }

    /** A file gemcap puts in each folder it writes (a report's thumbnails): such folders are not walked. */
    public static final String GENERATED_MARKER = ".gemcap-generated";

    /**
     * What separates globs in one {@code --include}/{@code --exclude} value and in a run's saved selection: a
     * comma outside braces, so {@code *.jpg,*.png} is two globs and {@code *.{jpg,png}} one.
     */
    public static final String GLOB_SEPARATOR = ",(?![^{]*})";

    /** Globs written one after another with {@link #GLOB_SEPARATOR}. */
    public static List<String> globList(String globs) {
        return globs == null || globs.isBlank() ? List.of() : List.of(globs.split(GLOB_SEPARATOR));
    }

    /**
     * Keeps paths that match one of {@code include} (all, when empty) and none of {@code exclude}. A glob
     * matches the relative path or the file name alone, so {@code *.jpg} takes JPEGs at any depth and
     * {@code 2024/**} a folder.
     */
    public static Predicate<String> globs(List<String> include, List<String> exclude) {
        if (include.isEmpty() && exclude.isEmpty()) {
            return path -> true;
        }
        List<PathMatcher> in = include.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<PathMatcher> out = exclude.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        return path -> {
            Path relative;
            try {
                relative = Path.of(path);
            } catch (InvalidPathException e) {
                // An object key no file could be named (a NUL byte): no glob can have meant it.
                return in.isEmpty();
            }
            Path name = relative.getFileName();
            boolean included = in.isEmpty() || in.stream().anyMatch(m -> m.matches(relative) || m.matches(name));
            return included && out.stream().noneMatch(m -> m.matches(relative) || m.matches(name));
        };
    }

    public Path root() {
        return root;
    }

    @Override
    public Listing listAfter(String lastDoneKey) {
        List<String> resume = lastDoneKey == null ? List.of() : List.of(lastDoneKey.split("/"));
        return new Walk(root, resume, selected);
    }

    @Override
    public ImageBytes read(ImageRef ref, long maxBytes) throws IOException {
        Path file = ref.file() != null ? ref.file() : root.resolve(ref.key());
        try (InputStream in = Files.newInputStream(file)) {
            return new ImageBytes(ImageSource.readAtMost(in, ref, maxBytes), null);
        } catch (IOException e) {
            // Said only when reading fails, so a readable image costs no extra look at the file system.
            throw whyUnreadable(file, e);
        }
    }

    @Override
    public byte[] readRange(ImageRef ref, long offset, int length) throws IOException {
        Path file = ref.file() != null ? ref.file() : root.resolve(ref.key());
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(offset);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads until full or at the end
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw whyUnreadable(file, e);
        }
    }

    /** What a failed read means for the row: a folder the walk could not list, a broken link, a file gone or denied. */
    private static IOException whyUnreadable(Path file, IOException error) throws IOException {
        if (Files.isDirectory(file)) {
            return new IOException("cannot list this folder (" + listingProblem(file) + "): the images in it get no row until it"
                    + " can be read", error);
        }
        if (error instanceof NoSuchFileException && Files.isSymbolicLink(file)) {
            return new IOException("broken symlink: its target " + Files.readSymbolicLink(file) + " cannot be found", error);
        }
        if (error instanceof NoSuchFileException) {
            return new ImageGoneException(ImageGoneException.FILE_GONE);
        }
        if (error instanceof AccessDeniedException) {
            return new IOException("cannot read file: permission denied", error);
        }
        return error;
    }

    private static String listingProblem(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return "it could not be listed during the walk";
        } catch (AccessDeniedException e) {
            return "permission denied";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    public static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static final class Walk extends AdvancingListing {

        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Set<Object> ancestors = new HashSet<>();
        private final Predicate<String> selected;
        private long excluded;
        private long hidden;
        private long otherTypes;
        private long loops;
        private long unreadable;

        Walk(Path root, List<String> resume, Predicate<String> selected) {
            this.selected = selected;
            if (!Files.isDirectory(root)) {
                throw new UncheckedIOException(new IOException("input folder not found: " + root));
            }
            if (!push(root, "", resume)) {
                unreadable++;
            }
        }

        @Override
        public SkipCounts skipped() {
            return new SkipCounts(hidden, otherTypes, excluded, loops, unreadable);
        }

        @Override
        public void close() {
            stack.clear();
        }

        @Override
        protected ImageRef advance() {
            while (!stack.isEmpty()) {
                Frame frame = stack.peek();
                if (frame.index >= frame.entries.size()) {
                    stack.pop();
                    ancestors.remove(frame.key);
                    continue;
                }
                Entry next = frame.entries.get(frame.index++);
                String name = next.name();
                List<String> resume = frame.resumeFor(name);
                if (resume == null) {
                    continue;
                }
                Path entry = next.path();
                String relative = frame.prefix.isEmpty() ? name : frame.prefix + "/" + name;
                if (name.startsWith(".")) {
                    hidden++;
                    continue;
                }
                BasicFileAttributes attributes = attributes(entry);
                if (attributes == null) {
                    if (resume.isEmpty() && isImageName(name) && selected.test(relative)) {
                        return ImageRef.file(relative, 0, entry);
                    }
                    unreadable++;
                } else if (attributes.isDirectory()) {
                    if (!push(entry, relative, resume)) {
                        if (resume.isEmpty() && selected.test(relative)) {
                            return ImageRef.file(relative, 0, entry);
                        }
                        unreadable++;
                    }
                } else if (!resume.isEmpty()) {
                    continue;
                } else if (attributes.isRegularFile() && isImageName(name)) {
                    if (!selected.test(relative)) {
                        excluded++;
                        continue;
                    }
                    return ImageRef.file(relative, attributes.size(), entry);
                } else {
                    otherTypes++;
                }
            }
            return null;
        }

        /** Attributes through symlinks, or {@code null} for a dangling link or an entry gone since the listing. */
        private static BasicFileAttributes attributes(Path entry) {
            try {
                return Files.readAttributes(entry, BasicFileAttributes.class);
            } catch (IOException e) {
                return null;
            }
        }

        /** Enters a folder; {@code false} when it cannot be listed (it is then listed itself, to get its row). */
        private boolean push(Path dir, String prefix, List<String> resume) {
            Object key = directoryKey(dir);
            if (key == null) {
                return false;
            }
            if (!ancestors.add(key)) {
                loops++;
                return true;
            }
            List<Entry> entries = new ArrayList<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
                for (Path entry : listing) {
                    entries.add(new Entry(FileNames.of(entry), entry));
                }
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                ancestors.remove(key);
                return false;
            }
            if (entries.stream().anyMatch(entry -> entry.name().equals(GENERATED_MARKER))) {
                // gemcap's own output (a report's thumbnails) is never input, wherever the output was put.
                ancestors.remove(key);
                return true;
            }
            entries.sort(java.util.Comparator.comparing(Entry::name));
            Frame frame = new Frame(prefix, entries, key, resume);
            if (!resume.isEmpty()) {
                int found = Collections.binarySearch(entries.stream().map(Entry::name).toList(), resume.get(0));
                frame.index = found >= 0 ? found : -found - 1;
            }
            stack.push(frame);
            return true;
        }

        private static Object directoryKey(Path dir) {
            try {
                Object fileKey = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
                return fileKey != null ? fileKey : dir.toRealPath();
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** A folder entry: its name as written, and its path as listed. */
    private record Entry(String name, Path path) {
    }

    private static final class Frame {
        final String prefix;
        final List<Entry> entries;
        final Object key;
        final List<String> resume;
        int index;

        Frame(String prefix, List<Entry> entries, Object key, List<String> resume) {
            this.prefix = prefix;
            this.entries = entries;
            this.key = key;
            this.resume = resume;
        }

        /**
         * The part of the resume position that lies inside {@code name}: empty when the walk is past
         * the position (emit everything), the remaining segments when the position is inside this
         * entry, or {@code null} when the entry itself was already done.
         */
        List<String> resumeFor(String name) {
            if (resume.isEmpty()) {
                return List.of();
            }
            int c = name.compareTo(resume.get(0));
            if (c > 0) {
                return List.of();
            }
            if (c < 0) {
                return null;
            }
            return resume.size() == 1 ? null : resume.subList(1, resume.size());
        }
    }
}
