package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** What reaches the disk from rows whose paths come from a bucket: keys are names, and a name may say {@code ..}. */
class SidecarsTests {

    private static final int ROUNDS = 100;

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

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoProcessesWritingTheSameSidecarAtTheSameMomentRecordOneContent(JobDatabase database) throws Exception {
        DataSource dataSource = database.fresh();
        Path folder = dir.resolve("captions");
        try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
            Sidecars first = new Sidecars(one.jdbc());
            Sidecars second = new Sidecars(other.jdbc());

            Races.run(ROUNDS, round -> write(first, round, folder), round -> write(second, round, folder));
        }

        // then each is gemcap's own: written again without --force
        Sidecars sidecars = new Sidecars(new JdbcTemplate(dataSource));
        assertThat(sidecars.write(java.util.stream.IntStream.range(0, ROUNDS).mapToObj(round -> captioned("photos/" + round + ".jpg"))
                .toList(), UnaryOperator.identity(), UnaryOperator.identity(), folder, false, true).written()).isEqualTo(ROUNDS);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_sidecar", Integer.class)).isEqualTo(ROUNDS);
    }

    private static void write(Sidecars sidecars, int round, Path folder) {
        try {
            // (the one that comes second may find the other's file not yet recorded, and leave it as someone else's)
            sidecars.write(List.of(captioned("photos/" + round + ".jpg")), UnaryOperator.identity(), UnaryOperator.identity(), folder,
                    false, true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
