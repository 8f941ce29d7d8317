package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTests {

    @TempDir
    Path dir;

    private Stream<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void aWriteThatFailsLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
        Path target = Files.writeString(dir.resolve("run.json"), "before");

        assertThatThrownBy(() -> {
            try (AtomicFile file = AtomicFile.create(target)) {
                file.out().write("half".getBytes(StandardCharsets.UTF_8));
                throw new IOException("No space left on device");
            }
        }).hasMessage("No space left on device");

        assertThat(Files.readString(target)).isEqualTo("before");
        assertThat(names()).containsExactly("run.json");
    }

    @Test
    void aCommittedWriteReplacesTheTargetWholeAndGivesTheHashOfWhatIsOnDisk() throws Exception {
        Path target = Files.writeString(dir.resolve("page.html"), "before");

        String sha256;
        try (AtomicFile file = AtomicFile.create(target)) {
            file.out().write("after".getBytes(StandardCharsets.UTF_8));
            sha256 = file.sha256();
            file.commit();
        }

        assertThat(Files.readString(target)).isEqualTo("after");
        assertThat(sha256).isEqualTo(io.gemcap.image.ImageInspector.sha256(Files.readAllBytes(target)));
        assertThat(names()).containsExactly("page.html");
    }

    @Test
    void aFileWithTheLongestNameAFileSystemTakesIsWrittenToo() throws Exception {
        Path target = dir.resolve("a".repeat(251) + ".txt");

        try (AtomicFile file = AtomicFile.create(target)) {
            file.out().write("A cat.\n".getBytes(StandardCharsets.UTF_8));
            file.commit();
        }

        assertThat(Files.readString(target)).isEqualTo("A cat.\n");
        assertThat(names()).containsExactly(target.getFileName().toString());
    }

    @Test
    void sweepingRemovesWhatKilledWritersAndAnEarlierReleaseLeftAndNothingElse() throws Exception {
        Path target = dir.resolve("captions.html");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(dir.resolve(".captions.html.gemcap-" + gone.pid() + "-123.tmp"), "cut short");
            Files.writeString(dir.resolve(".captions.html.gemcap-" + alive.pid() + "-456.tmp"), "being written");
            Files.createFile(dir.resolve("captions.html.tmp"));
            Files.writeString(dir.resolve("notes.html.tmp"), "the user's");
            Files.writeString(dir.resolve(".other.html.gemcap-" + gone.pid() + "-789.tmp"), "another target's");

            AtomicFile.sweep(target);

            assertThat(names()).containsExactly(".captions.html.gemcap-" + alive.pid() + "-456.tmp",
                    ".other.html.gemcap-" + gone.pid() + "-789.tmp", "notes.html.tmp");
        } finally {
            alive.destroyForcibly().waitFor();
        }
    }
}
