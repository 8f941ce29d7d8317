package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** What reaches the disk from rows whose paths come from a bucket: keys are names, and a name may say {@code ..}. */
class SidecarsTests {

    @TempDir
    Path dir;

    private Sidecars sidecars;

    @BeforeEach
    void database() {
        JdbcTemplate jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:sidecars-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        jdbc.execute("CREATE TABLE gemcap_sidecar (location VARCHAR(4096) NOT NULL PRIMARY KEY, sha256 VARCHAR(64) NOT NULL)");
        sidecars = new Sidecars(jdbc);
    }

    private static CaptionRow captioned(String path) {
        return new CaptionRow(new CaptionRow.ImageFacts(path, "0".repeat(64), "image/jpeg", 30, 20, 30, 20, 100L),
                new CaptionRow.Answer(RowStatus.OK, "A cat.", null, null), CaptionRow.Usage.NONE, RowSource.CALL, null);
    }

    @Test
    void aKeyThatClimbsOutOfTheFolderWritesNothingThereAndIsNamed() throws Exception {
        Path folder = dir.resolve("captions");

        Sidecars.Result result = sidecars.write(List.of(captioned("photos/../../../escape.jpg"), captioned("photos/a/../b.jpg")),
                UnaryOperator.identity(), UnaryOperator.identity(), folder, false, true);

        assertThat(result.outside()).containsExactly("../../escape.txt");
        assertThat(result.written()).isEqualTo(1);
        assertThat(Files.readString(folder.resolve("photos/b.txt"))).isEqualTo("A cat.\n");
        assertThat(dir.getParent().resolve("escape.txt")).doesNotExist();
        assertThat(dir.resolve("escape.txt")).doesNotExist();
    }
}
