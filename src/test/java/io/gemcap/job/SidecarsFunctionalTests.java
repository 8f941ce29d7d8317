package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --sidecars}: each caption in a .txt as training tools read them; a .txt gemcap did not write is left alone. */
class SidecarsFunctionalTests extends FolderJobTest {

    @BeforeEach
    void images() throws Exception {
        TestImages.write(input.resolve("shop/a.jpg"), TestImages.jpeg(30, 20, 1));
        TestImages.write(input.resolve("shop/a.png"), TestImages.png(30, 20, 2));
        TestImages.write(input.resolve("shop/b.png"), TestImages.png(30, 20, 3));
        TestImages.write(input.resolve("shop/c.png"), TestImages.png(30, 20, 4));
        Files.writeString(input.resolve("shop/c.txt"), "a caption someone wrote by hand\n");
    }

    private Map<String, String> captions() {
        return CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"), r -> r.get("caption")));
    }

    @Test
    void captionsGoBesideTheirImagesSharedStemsKeepTheirExtensionAndAForeignTxtIsLeftAlone() throws Exception {
        GemcapCli.Result result = run("--sidecars");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, String> captions = captions();
        assertThat(Files.readString(input.resolve("shop/a.jpg.txt"))).isEqualTo(captions.get("shop/a.jpg") + "\n");
        assertThat(Files.readString(input.resolve("shop/a.png.txt"))).isEqualTo(captions.get("shop/a.png") + "\n");
        assertThat(Files.readString(input.resolve("shop/b.txt"))).isEqualTo(captions.get("shop/b.png") + "\n");
        assertThat(Files.readString(input.resolve("shop/c.txt"))).isEqualTo("a caption someone wrote by hand\n");
        assertThat(result.out()).contains("sidecars: 3 written").contains("2 of images sharing a stem")
                .contains("1 .txt files gemcap did not write left alone");

        // the next night rewrites its own sidecars, still not the foreign one; --force replaces that too
        assertThat(run("--sidecars").out()).contains("sidecars: 3 written");
        assertThat(run("--sidecars", "--force").out()).contains("sidecars: 4 written");
        assertThat(Files.readString(input.resolve("shop/c.txt"))).isEqualTo(captions().get("shop/c.png") + "\n");
    }

    @Test
    void aSidecarDropsTheControlCharactersTheCsvDrops() throws Exception {
        // given a model whose answers carry a NUL, a bell and a terminal's escape sequence
        emulator.faults().answerNoise("\u0000\u0007\u001b[2J\u009b");

        GemcapCli.Result result = run("--sidecars");

        // then each sidecar holds its row's caption, as clean as the CSV's
        assertThat(result.exitCode()).as(result.err()).isZero();
        String sidecar = Files.readString(input.resolve("shop/b.txt"));
        assertThat(sidecar).isEqualTo(captions().get("shop/b.png") + "\n").startsWith("[2JA 30x20 ")
                .doesNotContain("\u0000", "\u0007", "\u001b", "\u009b");
    }

    @Test
    void underAFolderTheSidecarsMirrorTheInput() throws Exception {
        Path folder = dir.resolve("captions");

        GemcapCli.Result result = run("--sidecars", folder.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(folder.resolve("shop/b.txt"))).isEqualTo(captions().get("shop/b.png") + "\n");
        assertThat(Files.exists(input.resolve("shop/b.txt"))).isFalse();
    }

    @Test
    void aSymlinkInsideTheFolderNeverLeadsASidecarOutOfIt() throws Exception {
        // given a sidecar folder whose shop/ is a symlink to a folder elsewhere, and a dangling link for another folder
        TestImages.write(input.resolve("home/d.png"), TestImages.png(30, 20, 5));
        TestImages.write(input.resolve("gone/e.png"), TestImages.png(30, 20, 6));
        Path folder = dir.resolve("captions");
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectories(folder);
        Files.createDirectories(elsewhere);
        Files.createSymbolicLink(folder.resolve("shop"), elsewhere);
        Files.createSymbolicLink(folder.resolve("gone"), dir.resolve("nowhere"));

        // when the run writes its sidecars there
        GemcapCli.Result result = run("--sidecars", folder.toString());

        // then nothing is written through either link, and the line says which were not written and why
        assertThat(result.exitCode()).as(result.err()).isZero();
        try (var written = Files.list(elsewhere)) {
            assertThat(written).isEmpty();
        }
        assertThat(dir.resolve("nowhere")).doesNotExist();
        assertThat(result.out()).contains("sidecars: 1 written").contains("5 not written because a symlink under the folder"
                + " leads out of it (");
        assertThat(Files.readString(folder.resolve("home/d.txt"))).isEqualTo(captions().get("home/d.png") + "\n");
    }

    @Test
    void withASchemaASidecarHoldsTheFieldItIsAskedFor() throws Exception {
        Path folder = dir.resolve("captions");

        GemcapCli.Result result = run("--task", "training", "--sidecars", folder.toString(), "--sidecar-field", "long");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, String> longCaptions = CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"),
                r -> r.get("long")));
        assertThat(Files.readString(folder.resolve("shop/b.txt"))).isEqualTo(longCaptions.get("shop/b.png") + "\n")
                .startsWith("long: ");
        // and a field the schema does not have stops at start with one line
        GemcapCli.Result wrong = run("--task", "training", "--sidecars", folder.toString(), "--sidecar-field", "longer");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("names no property of the run's schema (short, long)").hasLineCount(1);
    }

    @Test
    void anAnswerThatBrokeTheSchemaIsNoCaptionAndGetsNoSidecar() throws Exception {
        emulator.faults().brokenAnswers(1.0, 0);

        GemcapCli.Result result = run("--task", "training", "--sidecars");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CsvFiles.records(output)).extracting(r -> r.get("status")).containsOnly("failed");
        assertThat(result.out()).contains("sidecars: 0 written");
        assertThat(input.resolve("shop/b.txt")).doesNotExist();
    }
}
