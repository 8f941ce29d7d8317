package io.gemcap.job.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A batch run's shards and the failure counts of its images, on each database gemcap runs on. */
class BatchShardsTests {

    private static final int ROUNDS = 100;

    private static BatchShards.Item item(long position, String sha256) {
        return new BatchShards.Item(position, 0, "img" + position + ".png", sha256, null, "image/png", 16, 16, 16, 16, 80L, null);
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void aShardPreparedAgainStartsOverWithTheImagesItHoldsNow(JobDatabase database) {
        DataSource dataSource = database.fresh();
        BatchShards shards = new BatchShards(new JdbcTemplate(dataSource));
        shards.add(7, 0, "job shard 0", 900, List.of(item(0, "a"), item(1, "b"), item(2, "c")));
        shards.uploaded(7, 0, "files/123");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("UPDATE gemcap_batch SET state = 'creating', quota_pool = 'pool', model = 'm', submitted_at = CURRENT_TIMESTAMP");
        shards.created(7, 0, "batches/456");

        // when the shard is prepared again (a crash before its preparation was recorded as done, and the walk changed)
        shards.add(7, 0, "job shard 0", 600, List.of(item(0, "a"), item(2, "c")));

        assertThat(shards.shards(7)).containsExactly(new BatchShards.Shard(0, "job shard 0", BatchShards.State.PREPARED, 2, 600, null,
                null, 1));
        assertThat(shards.items(7, 0)).extracting(BatchShards.Item::position).containsExactly(0L, 2L);
        // (nor counted as with the service in its pool)
        assertThat(jdbc.queryForList("SELECT quota_pool FROM gemcap_batch", String.class)).containsOnlyNulls();
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoProcessesCountingTheSameImagesFailuresAtTheSameMomentCountBoth(JobDatabase database) throws Exception {
        DataSource dataSource = database.fresh();
        try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
            BatchShards first = new BatchShards(one.jdbc());
            BatchShards second = new BatchShards(other.jdbc());

            // (a shard may hold copies of one content: counted once per batch)
            Races.run(ROUNDS, round -> first.countFailures(List.of(item(0, "a" + round), item(1, "b" + round), item(2, "a" + round)),
                    "expired"), round -> second.countFailures(List.of(item(5, "b" + round), item(6, "a" + round)), "expired"));
        }

        BatchShards shards = new BatchShards(new JdbcTemplate(dataSource));
        for (int round = 0; round < ROUNDS; round++) {
            assertThat(shards.failedRepeatedly("a" + round, 2)).as("a" + round).hasValue("expired");
            assertThat(shards.failedRepeatedly("b" + round, 3)).as("b" + round).isEmpty();
        }
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT SUM(failures) FROM gemcap_batch_failure", Integer.class))
                .isEqualTo(4 * ROUNDS);
    }
}
