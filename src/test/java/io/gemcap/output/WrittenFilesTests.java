package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Which contents at which places gemcap wrote, on each database gemcap runs on. */
class WrittenFilesTests {

    private static final int ROUNDS = 100;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void aFileRewrittenIsGemcapsOwnUnderItsNewContentOnly(JobDatabase database) throws IOException {
        WrittenFiles files = new WrittenFiles(new JdbcTemplate(database.fresh()));
        Path page = dir.resolve("report.html");

        files.write(page, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        files.write(page, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        files.write(page, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));

        assertThat(files.free(page)).isTrue();
        Files.writeString(page, "one");
        assertThat(files.free(page)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoProcessesAdoptingTheSameFileAtTheSameMomentRecordItOnce(JobDatabase database) throws Exception {
        DataSource dataSource = database.fresh();
        for (int round = 0; round < ROUNDS; round++) {
            Files.writeString(dir.resolve(round + ".html"), "page " + round);
        }
        try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
            WrittenFiles first = new WrittenFiles(one.jdbc());
            WrittenFiles second = new WrittenFiles(other.jdbc());

            Races.run(ROUNDS, round -> adopt(first, round), round -> adopt(second, round));
        }

        WrittenFiles files = new WrittenFiles(new JdbcTemplate(dataSource));
        for (int round = 0; round < ROUNDS; round++) {
            assertThat(files.free(dir.resolve(round + ".html"))).isTrue();
        }
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_written_file", Integer.class))
                .isEqualTo(ROUNDS);
    }

    private void adopt(WrittenFiles files, int round) {
        try {
            files.adopt(dir.resolve(round + ".html"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
