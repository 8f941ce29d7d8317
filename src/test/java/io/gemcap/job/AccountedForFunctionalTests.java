package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Every image file in the input is accounted for, in the CSV or by name in the summary: names that are
 * not UTF-8, folders the process may not read, broken symlinks. Runs in a child JVM bound by permission
 * bits (the tests may run as root, who reads anything).
 */
class AccountedForFunctionalTests extends FolderJobTest {

    private static final String ESCAPED = "caf\uFFFDE9.png";

    private Process runBoundByPermissions() throws Exception {
        Process child = ChildJvm.startBoundByPermissions(cli, List.of(runArgs()), dir.resolve("child.log"));
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return child;
    }

    @Test
    void namesThatAreNotUtf8UnreadableFoldersAndBrokenLinksAllGetRowsAndAreNamedInTheSummary() throws Exception {
        // given good images, one named in Latin-1, a folder no one may read, and a symlink to nothing
        for (int i = 0; i < 4; i++) {
            TestImages.write(input.resolve("good/img" + i + ".png"), TestImages.png(16, 16, i));
        }
        Path latin1 = TestImages.write(input.resolve("latin1.tmp"), TestImages.png(17, 17, 9));
        Process rename = new ProcessBuilder("bash", "-c", "mv latin1.tmp $'caf\\xe9.png'").directory(input.toFile()).start();
        assertThat(rename.waitFor()).isZero();
        assertThat(latin1).doesNotExist();
        Path locked = input.resolve("locked");
        TestImages.write(locked.resolve("a.png"), TestImages.png(10, 10, 1));
        TestImages.write(locked.resolve("b.png"), TestImages.png(10, 10, 2));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Files.createSymbolicLink(input.resolve("gone.png"), input.resolve("moved-away.png"));

        // when the job runs
        Process child = runBoundByPermissions();
        String log = Files.readString(dir.resolve("child.log"));

        // then it completes, and each of them has a row: the Latin-1 name escaped and captioned, the others failed saying why
        assertThat(child.exitValue()).as(log).isZero();
        Map<String, CSVRecord> rows = CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"), r -> r));
        assertThat(rows).containsOnlyKeys("good/img0.png", "good/img1.png", "good/img2.png", "good/img3.png", ESCAPED, "locked",
                "gone.png");
        assertThat(rows.get(ESCAPED).get("status")).isEqualTo("ok");
        assertThat(rows.get("locked").get("status")).isEqualTo("failed");
        assertThat(rows.get("locked").get("error")).contains("cannot list this folder (permission denied)");
        assertThat(rows.get("gone.png").get("status")).isEqualTo("failed");
        assertThat(rows.get("gone.png").get("error")).contains("broken symlink");
        // and the summary and run.json name them
        assertThat(log).contains("7 images (5 ok, 0 rejected, 0 blocked, 2 failed)").contains("names not UTF-8 written escaped (e.g. "
                + ESCAPED + ")");
        JsonNode report = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        assertThat(report.get("escapedNames").toString()).contains(ESCAPED);
        assertThat(report.get("failures").toString()).contains("locked: cannot list this folder").contains("gone.png: broken symlink");

        // and once the folder may be read, the next run captions what is in it
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(runBoundByPermissions().exitValue()).isZero();
        assertThat(CsvFiles.records(output)).extracting(r -> r.get("path")).contains("locked/a.png", "locked/b.png")
                .doesNotContain("locked");
    }

    @Test
    void anInputFolderThatCannotBeReadStopsAtStartWithOneLine() throws Exception {
        TestImages.write(input.resolve("a.png"), TestImages.png(10, 10, 1));
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("---------"));

        Process child = runBoundByPermissions();

        String log = Files.readString(dir.resolve("child.log"));
        assertThat(child.exitValue()).as(log).isEqualTo(2);
        assertThat(log.strip()).startsWith("gemcap: cannot read the input folder " + input).hasLineCount(1);
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
