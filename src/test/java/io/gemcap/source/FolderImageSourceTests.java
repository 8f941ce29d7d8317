package io.gemcap.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderImageSourceTests {

    @TempDir
    Path root;

    private void touch(String... paths) throws IOException {
        for (String path : paths) {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[] {1, 2, 3});
        }
    }

    private List<String> paths(String after) {
        List<String> paths = new ArrayList<>();
        try (ImageSource.Listing listing = new FolderImageSource(root).listAfter(after)) {
            listing.forEachRemaining(ref -> paths.add(ref.path()));
        }
        return paths;
    }

    @Test
    void walksDepthFirstSortedByNameAndTakesImageExtensionsInAnyCase() throws IOException {
        // given nested folders, mixed-case extensions, hidden and non-image files
        touch("b.png", "a/z.JPG", "a/b/c.webp", "a.jpeg", "c/d.HEIC", "c/e.heif", "old/f.gif", "old/g.bmp",
                ".hidden.png", ".git/h.png", "notes.txt", "a/readme.md");
        // when listed
        FolderImageSource source = new FolderImageSource(root);
        List<String> paths = new ArrayList<>();
        SkipCounts skipped;
        try (ImageSource.Listing listing = source.listAfter(null)) {
            listing.forEachRemaining(ref -> paths.add(ref.path()));
            skipped = listing.skipped();
        }
        // then the order is segment by segment, and skipped files are counted
        assertThat(paths).containsExactly("a/b/c.webp", "a/z.JPG", "a.jpeg", "b.png", "c/d.HEIC", "c/e.heif", "old/f.gif", "old/g.bmp");
        assertThat(skipped.hidden()).isEqualTo(2);
        assertThat(skipped.otherTypes()).isEqualTo(2);
    }

    @Test
    void resumesStrictlyAfterTheLastDonePath() throws IOException {
        touch("a/1.png", "a/2.png", "b/1.png", "b/2.png", "c.png");
        assertThat(paths("a/2.png")).containsExactly("b/1.png", "b/2.png", "c.png");
        assertThat(paths("b/1.png")).containsExactly("b/2.png", "c.png");
        assertThat(paths("c.png")).isEmpty();
    }

    @Test
    void resumeLandsRightWhenTheLastDoneFileWasRemovedAndOthersAdded() throws IOException {
        // given a walk that had done a/2.png, after which a/2.png was deleted and a/3.png, a/0.png added
        touch("a/1.png", "a/3.png", "a/0.png", "b/1.png");
        // then the resume continues after where a/2.png was: a/3.png is new work, a/0.png sorted before it
        assertThat(paths("a/2.png")).containsExactly("a/3.png", "b/1.png");
        // and a removed folder is passed over too
        assertThat(paths("aa/9.png")).containsExactly("b/1.png");
    }

    @Test
    void symlinkLoopsDoNotHangTheWalk() throws IOException {
        touch("a/1.png");
        Files.createSymbolicLink(root.resolve("a/loop"), root);
        Files.createSymbolicLink(root.resolve("link-to-a"), root.resolve("a"));
        assertThat(paths(null)).containsExactly("a/1.png", "link-to-a/1.png");
    }

    @Test
    void readsAListedFileThroughSymlinksAndSaysWhenItIsGone() throws IOException {
        touch("a/1.png", "a/2.png");
        Files.createSymbolicLink(root.resolve("link-to-a"), root.resolve("a"));
        FolderImageSource source = new FolderImageSource(root);
        List<ImageRef> refs = new ArrayList<>();
        try (ImageSource.Listing listing = source.listAfter(null)) {
            listing.forEachRemaining(refs::add);
        }
        assertThat(refs).extracting(ImageRef::key).containsExactly("a/1.png", "a/2.png", "link-to-a/1.png", "link-to-a/2.png");
        assertThat(source.read(refs.get(2), 100).bytes()).containsExactly(1, 2, 3);
        Files.delete(root.resolve("a/2.png"));
        assertThatThrownBy(() -> source.read(refs.get(1), 100)).isInstanceOf(ImageGoneException.class)
                .hasMessage("file disappeared before it could be read");
    }

    /** Makes a file whose name is these bytes (Java cannot name it) holding {@code content}. */
    private void rawName(String bashQuotedName, String content) throws Exception {
        Process touch = new ProcessBuilder("bash", "-c", "printf %s '" + content + "' > " + bashQuotedName).directory(root.toFile())
                .inheritIO().start();
        assertThat(touch.waitFor()).isZero();
    }

    @Test
    void namesThatAreNotUtf8AreListedEscapedDistinctFromEveryOtherNameAndReadThroughTheWalk() throws Exception {
        // given a Latin-1 name, the same name in UTF-8, and a UTF-8 name holding the escape mark itself
        rawName("$'caf\\xe9.png'", "latin1");
        rawName("$'caf\\xc3\\xa9.png'", "utf8");
        rawName("$'caf\\xef\\xbf\\xbdE9.png'", "mark");
        FolderImageSource source = new FolderImageSource(root);

        // when listed
        List<ImageRef> refs = new ArrayList<>();
        try (ImageSource.Listing listing = source.listAfter(null)) {
            listing.forEachRemaining(refs::add);
        }

        // then each has its own written path, and each reads its own bytes
        assertThat(refs).extracting(ImageRef::path).containsExactly("caf\u00e9.png", "caf\uFFFDE9.png", "caf\uFFFD\uFFFDE9.png");
        assertThat(refs).extracting(ref -> new String(read(source, ref))).containsExactly("utf8", "latin1", "mark");
        // and a resume after the escaped name continues after it
        assertThat(paths("caf\uFFFDE9.png")).containsExactly("caf\uFFFD\uFFFDE9.png");
    }

    @Test
    void aBrokenSymlinkNamedLikeAnImageIsListedAndReadingItSaysWhy() throws Exception {
        Files.createSymbolicLink(root.resolve("gone.png"), root.resolve("nowhere/x.png"));
        touch("ok.png");
        FolderImageSource source = new FolderImageSource(root);
        assertThat(paths(null)).containsExactly("gone.png", "ok.png");
        ImageRef gone = ImageRef.file("gone.png", 0, root.resolve("gone.png"));
        assertThatThrownBy(() -> source.read(gone, 100)).isInstanceOf(IOException.class).hasMessageContaining("broken symlink");
    }

    private static byte[] read(FolderImageSource source, ImageRef ref) {
        try {
            return source.read(ref, 1000).bytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
