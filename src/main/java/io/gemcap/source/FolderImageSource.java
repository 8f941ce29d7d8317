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
 * Hidden entries (dot files) and files of other types are skipped and counted.
 */
public final class FolderImageSource implements ImageSource {

    /** Extensions gemcap hands on; GIF and BMP are included so their rows can say Gemini refuses them. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "heic", "heif", "gif", "bmp");

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
        try (InputStream in = Files.newInputStream(root.resolve(ref.key()))) {
            return new ImageBytes(ImageSource.readAtMost(in, ref, maxBytes), null);
        } catch (NoSuchFileException e) {
            throw new ImageGoneException("file disappeared before it could be read");
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read file: permission denied", e);
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
            push(root, "", resume);
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
                if (frame.index >= frame.names.size()) {
                    stack.pop();
                    ancestors.remove(frame.key);
                    continue;
                }
                String name = frame.names.get(frame.index++);
                List<String> resume = frame.resumeFor(name);
                if (resume == null) {
                    continue;
                }
                Path entry = frame.dir.resolve(name);
                String relative = frame.prefix.isEmpty() ? name : frame.prefix + "/" + name;
                if (name.startsWith(".")) {
                    hidden++;
                    continue;
                }
                BasicFileAttributes attributes = attributes(entry);
                if (attributes == null) {
                    unreadable++;
                } else if (attributes.isDirectory()) {
                    push(entry, relative, resume);
                } else if (!resume.isEmpty()) {
                    continue;
                } else if (attributes.isRegularFile() && isImageName(name)) {
                    if (!selected.test(relative)) {
                        excluded++;
                        continue;
                    }
                    return ImageRef.file(relative, attributes.size());
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

        private void push(Path dir, String prefix, List<String> resume) {
            Object key = directoryKey(dir);
            if (key == null) {
                unreadable++;
                return;
            }
            if (!ancestors.add(key)) {
                loops++;
                return;
            }
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    names.add(entry.getFileName().toString());
                }
            } catch (IOException e) {
                ancestors.remove(key);
                unreadable++;
                return;
            }
            Collections.sort(names);
            Frame frame = new Frame(dir, prefix, names, key, resume);
            if (!resume.isEmpty()) {
                int found = Collections.binarySearch(names, resume.get(0));
                frame.index = found >= 0 ? found : -found - 1;
            }
            stack.push(frame);
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

    private static final class Frame {
        final Path dir;
        final String prefix;
        final List<String> names;
        final Object key;
        final List<String> resume;
        int index;

        Frame(Path dir, String prefix, List<String> names, Object key, List<String> resume) {
            this.dir = dir;
            this.prefix = prefix;
            this.names = names;
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
