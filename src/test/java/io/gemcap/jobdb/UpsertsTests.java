package io.gemcap.jobdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Upserts on each database gemcap runs on, alone and when two writers write the same key at the same moment. */
class UpsertsTests {

    private static final int ROUNDS = 300;
    private static final Upsert REPLACE = Upsert.into("tally", "name", "kind", "note", "hits").replacingOn("name", "kind");
    private static final Upsert KEEP = Upsert.into("tally", "name", "kind", "note", "hits").keepingOn("name", "kind");
    private static final Upsert ADD = Upsert.into("tally", "name", "kind", "note", "hits").addingTo("hits", "name", "kind");

    private static DataSource withTally(JobDatabase database) {
        DataSource dataSource = database.fresh();
        new JdbcTemplate(dataSource).execute("CREATE TABLE tally (name VARCHAR(64) NOT NULL, kind VARCHAR(16) NOT NULL,"
                + " note VARCHAR(64), hits INTEGER NOT NULL, PRIMARY KEY (name, kind))");
        return dataSource;
    }

    private record Tally(String note, int hits) {
    }

    private static Tally row(JdbcTemplate jdbc, String name) {
        return jdbc.queryForObject("SELECT note, hits FROM tally WHERE name = ? AND kind = 'k'",
                (rs, n) -> new Tally(rs.getString("note"), rs.getInt("hits")), name);
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void theDialectIsTheDatabases(JobDatabase database) {
        assertThat(new Upserts(new JdbcTemplate(database.fresh())).dialect().name()).isEqualTo(database.name());
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void aWriteToAKeyPresentReplacesKeepsOrAddsAsAsked(JobDatabase database) {
        JdbcTemplate jdbc = new JdbcTemplate(withTally(database));
        Upserts upserts = new Upserts(jdbc);

        upserts.write(REPLACE, "a", "k", "first", 1);
        upserts.write(REPLACE, "a", "k", null, 5);
        upserts.write(KEEP, "b", "k", "first", 1);
        upserts.write(KEEP, "b", "k", "second", 5);
        long once = upserts.writeReturning(ADD, "hits", "c", "k", "first", 1);
        long twice = upserts.writeReturning(ADD, "hits", "c", "k", "second", 2);

        assertThat(row(jdbc, "a")).isEqualTo(new Tally(null, 5));
        assertThat(row(jdbc, "b")).isEqualTo(new Tally("first", 1));
        assertThat(List.of(once, twice)).containsExactly(1L, 3L);
        assertThat(row(jdbc, "c")).isEqualTo(new Tally("second", 3));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tally", Integer.class)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoWritersOfTheSameKeyAtTheSameMomentBothSucceed(JobDatabase database) throws Exception {
        DataSource dataSource = withTally(database);
        Set<String> counted = ConcurrentHashMap.newKeySet();
        try (var one = JobDatabase.writer(dataSource); var other = JobDatabase.writer(dataSource)) {
            Upserts first = new Upserts(one.jdbc());
            Upserts second = new Upserts(other.jdbc());

            // when two writers write each key at the same moment, one batch of three rows and one row at a time
            Races.run(ROUNDS, round -> {
                first.writeAll(REPLACE, List.of("replaced"), (ps, kind) -> {
                    ps.setString(1, "r" + round);
                    ps.setString(2, "k");
                    ps.setString(3, "first");
                    ps.setInt(4, 1);
                });
                first.write(KEEP, "k" + round, "k", "first", 1);
                counted.add(round + ":" + first.writeReturning(ADD, "hits", "a" + round, "k", "first", 1));
            }, round -> {
                second.write(REPLACE, "r" + round, "k", "second", 2);
                second.write(KEEP, "k" + round, "k", "second", 2);
                counted.add(round + ":" + second.writeReturning(ADD, "hits", "a" + round, "k", "second", 1));
            });
        }

        // then every key has one row: one writer's values, or for a counter both writers' counts, each told its own
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tally", Integer.class)).isEqualTo(3 * ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            assertThat(row(jdbc, "r" + round)).isIn(new Tally("first", 1), new Tally("second", 2));
            assertThat(row(jdbc, "k" + round)).isIn(new Tally("first", 1), new Tally("second", 2));
            assertThat(row(jdbc, "a" + round).hits()).isEqualTo(2);
            assertThat(counted).contains(round + ":1", round + ":2");
        }
    }

    @Test
    void anUpsertThatCannotSayWhatItWritesIsRefusedWhenDeclared() {
        assertThatThrownBy(() -> Upsert.into("tally", "name", "hits").replacingOn("name", "kind"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the key [name, kind] must be among the columns [name, hits]");
        assertThatThrownBy(() -> Upsert.into("tally", "name", "kind", "hits").addingTo("name", "name", "kind"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the key");
        assertThatThrownBy(() -> new Upserts(new JdbcTemplate()).writeReturning(KEEP, "hits", "a", "k", null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read it instead");
    }
}
