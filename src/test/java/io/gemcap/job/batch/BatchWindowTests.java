package io.gemcap.job.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class BatchWindowTests {

    private static final String MODEL = "gemini-2.5-flash-lite";

    private JdbcTemplate jdbc;
    private BatchShards shards;

    @BeforeEach
    void database() {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:window" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        shards = new BatchShards(jdbc);
    }

    /** A run's shard of {@code tokens}, uploaded and ready to submit. */
    private BatchShards.Shard uploaded(long instance, long shard, long tokens) {
        shards.add(instance, shard, "gemcap run " + instance + " shard " + shard, tokens, List.of());
        shards.uploaded(instance, shard, "files/" + instance + "-" + shard);
        return shards.shards(instance).stream().filter(s -> s.shard() == shard).findFirst().orElseThrow();
    }

    private BatchWindow window(String pool, String model) {
        // at most 2 batches, 1,000 tokens enqueued per model
        return new BatchWindow(jdbc, pool, model, 2, 1_000);
    }

    @Test
    void batchesOfEveryRunOfThePoolCountAgainstItsLimits() {
        // given two runs of one pool that each submitted a batch
        BatchWindow team = window("team", MODEL);
        assertThat(team.claim(1, uploaded(1, 0, 300), shards.shards(1))).isTrue();
        assertThat(team.claim(2, uploaded(2, 0, 300), shards.shards(2))).isTrue();

        // then a third batch of either run waits, and so does a third run's
        assertThat(team.allows(1, uploaded(1, 1, 100), shards.shards(1))).isFalse();
        assertThat(team.claim(3, uploaded(3, 0, 100), shards.shards(3))).isFalse();
        // while a run of another pool submits
        assertThat(window("other-project", MODEL).claim(4, uploaded(4, 0, 100), shards.shards(4))).isTrue();
    }

    @Test
    void enqueuedTokensAreCountedPerModel() {
        BatchWindow lite = new BatchWindow(jdbc, "team", MODEL, 10, 1_000);
        BatchWindow flash = new BatchWindow(jdbc, "team", "gemini-3-flash-preview", 10, 1_000);
        assertThat(lite.claim(1, uploaded(1, 0, 800), shards.shards(1))).isTrue();

        assertThat(lite.allows(2, uploaded(2, 0, 300), shards.shards(2))).isFalse();
        assertThat(flash.allows(3, uploaded(3, 0, 300), shards.shards(3))).isTrue();
    }

    @Test
    void aBatchTheServiceHasDroppedNoLongerCountsNorOneThatIsCollected() {
        BatchWindow team = window("team", MODEL);
        assertThat(team.claim(1, uploaded(1, 0, 300), shards.shards(1))).isTrue();
        assertThat(team.claim(2, uploaded(2, 0, 300), shards.shards(2))).isTrue();
        // run 1's batch was submitted three days ago by a run nobody resumed; run 2's is collected
        jdbc.update("UPDATE gemcap_batch SET submitted_at = ? WHERE job_instance_id = 1", LocalDateTime.now().minusDays(3));
        shards.created(2, 0, "batches/2");
        shards.collected(2, 0, "SUCCEEDED");

        assertThat(team.claim(3, uploaded(3, 0, 300), shards.shards(3))).isTrue();
        assertThat(jdbc.queryForObject("SELECT state FROM gemcap_batch WHERE job_instance_id = 3", String.class)).isEqualTo("creating");
    }
}
