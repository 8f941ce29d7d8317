package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class CallIntentsTests {

    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:intents" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    private java.util.List<String> noted() {
        return jdbc.queryForList("SELECT path FROM gemcap_call_intent WHERE job_execution_id = 2 ORDER BY path", String.class);
    }

    @Test
    void aCallGivenUpUnpaidAtAStopIsTakenBackWhetherItsNoteWasWrittenAlreadyOrNot() throws Exception {
        CallIntents intents = new CallIntents(jdbc, 1, 2);

        // a call noted and written, then given up after a 503 at a stop; another noted and taken back at once
        intents.sending("a.png");
        org.awaitility.Awaitility.await().until(() -> noted().contains("a.png"));
        intents.sending("b.png");
        intents.sending("c.png");
        intents.withdraw("a.png");
        intents.withdraw("c.png");
        intents.close();

        // then only the call that stands is noted: a resume that sends the others again does not count them as paid twice
        assertThat(noted()).containsExactly("b.png");
    }
}
