package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Prompt texts kept by hash, on each database gemcap runs on. */
class RunPromptsTests {

    private static final int ROUNDS = 100;

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoRunsStartedAtTheSameMomentWithOnePromptKeepItsTextOnce(JobDatabase database) throws Exception {
        DataSource dataSource = database.fresh();
        Set<String> hashes = ConcurrentHashMap.newKeySet();
        try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
            RunPrompts first = new RunPrompts(one.jdbc());
            RunPrompts second = new RunPrompts(other.jdbc());

            Races.run(ROUNDS, round -> hashes.add(first.record("Caption picture " + round + ".")),
                    round -> hashes.add(second.record("Caption picture " + round + ".")));
        }

        RunPrompts prompts = new RunPrompts(new JdbcTemplate(dataSource));
        assertThat(hashes).hasSize(ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            assertThat(prompts.text(RunPrompts.hash("Caption picture " + round + "."))).hasValue("Caption picture " + round + ".");
        }
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_prompt", Integer.class)).isEqualTo(ROUNDS);
    }
}
