package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FileTrees;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job database made before conversions read palettes, grey with alpha and CMYK correctly
 * (src/test/resources/upgrade/conversion-1): its ledger holds answers about the wrong pictures for four of its eight
 * images. The first run of this release pays for those four once more, and only those.
 */
class ConversionUpgradeFunctionalTests extends FolderJobTest {

    private static final Path FIXTURE = Path.of("src/test/resources/upgrade/conversion-1");
    private static final Map<String, String> WRONGLY_SENT = Map.of("scan-palette.gif", "palette", "chart-palette.png", "palette",
            "grey-alpha.png", "grey with alpha", "print-cmyk.jpg", "CMYK");

    private Path thumbnails;

    @BeforeEach
    void databaseOfTheEarlierRelease() throws IOException {
        FileTrees.copy(FIXTURE.resolve("photos"), input);
        Files.createDirectories(dir.resolve("db"));
        Files.copy(FIXTURE.resolve("jobs.mv.db"), dir.resolve("db/jobs.mv.db"));
        thumbnails = dir.resolve("db/data/thumbnails");
        FileTrees.copy(FIXTURE.resolve("thumbnails"), thumbnails);
    }

    @Test
    void imagesAnEarlierReleaseSentAsAnotherPictureArePaidForOnceMoreAndOnlyThose() throws IOException {
        Map<String, byte[]> oldThumbnails = thumbnailsByName();

        // when a job over the same images runs with this release
        GemcapCli.Result first = cli.run("run", "--input", input.toString(), "--output", output.toString(), "--endpoint",
                emulator.baseUrl());

        // then only the four wrongly sent images are called for, and the end line says why
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(emulator.calls()).isEqualTo(WRONGLY_SENT.size());
        Map<String, String> sources = CsvFiles.records(output).stream()
                .collect(Collectors.toMap(r -> r.get("path"), r -> r.get("source")));
        assertThat(sources).hasSize(8);
        sources.forEach((path, source) -> assertThat(source).as(path).isEqualTo(WRONGLY_SENT.containsKey(path) ? "call" : "ledger"));
        assertThat(first.out()).contains("4 paid again because an earlier release sent them as a different picture");
        // and their report thumbnails are made again from the picture now sent; the others are kept
        Map<String, byte[]> newThumbnails = thumbnailsByName();
        long remade = oldThumbnails.keySet().stream().filter(name -> !java.util.Arrays.equals(oldThumbnails.get(name),
                newThumbnails.get(name))).count();
        assertThat(remade).isEqualTo(WRONGLY_SENT.size());

        // and the next night pays for nothing
        GemcapCli.Result next = cli.run("run", "--input", input.toString(), "--output", output.toString(), "--endpoint",
                emulator.baseUrl());
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(emulator.calls()).isEqualTo(WRONGLY_SENT.size());
        assertThat(next.out()).doesNotContain("paid again");
    }

    private Map<String, byte[]> thumbnailsByName() throws IOException {
        try (var files = Files.walk(thumbnails)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(f -> f.getFileName().toString(), f -> {
                try {
                    return Files.readAllBytes(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }
}
