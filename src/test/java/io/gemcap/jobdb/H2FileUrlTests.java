package io.gemcap.jobdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2FileUrlTests {

    @Test
    void theDefaultUrlIsAFileServedWithWriteDelayZeroAndNoSharingSettingsOfItsOwn() {
        // given the default URL under a relative home
        H2FileUrl file = H2FileUrl.parse("jdbc:h2:file:./data/jobs;AUTO_SERVER=TRUE;WRITE_DELAY=0").orElseThrow();

        // then it names the file by its absolute path, and the serving URL shares it with WRITE_DELAY=0 once
        assertThat(file.path()).isEqualTo(Path.of("data/jobs").toAbsolutePath());
        assertThat(file.servingUrl()).isEqualTo("jdbc:h2:file:" + Path.of("data/jobs").toAbsolutePath() + ";WRITE_DELAY=0;AUTO_SERVER=TRUE");
    }

    @Test
    void aUserGivenFileUrlWithoutWriteDelayGetsItAndKeepsItsOtherSettings() {
        H2FileUrl file = H2FileUrl.parse("jdbc:h2:/srv/gemcap/jobs;MODE=LEGACY;auto_reconnect=true").orElseThrow();

        assertThat(file.path()).isEqualTo(Path.of("/srv/gemcap/jobs"));
        assertThat(file.settings()).containsExactly("MODE=LEGACY", "WRITE_DELAY=0");
    }

    @Test
    void aFileUrlSettingAnotherWriteDelayIsRefusedInOneLineSayingWhatToDo() {
        assertThatThrownBy(() -> H2FileUrl.parse("jdbc:h2:file:/srv/jobs;write_delay=500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the job database URL sets WRITE_DELAY=500: gemcap needs WRITE_DELAY=0")
                .hasMessageEndingWith("remove WRITE_DELAY from spring.datasource.url or set it to 0")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void noOtherSpellingOfAFileEscapesWriteDelayZero() {
        assertThat(H2FileUrl.parse("jdbc:h2:nio:/srv/jobs").orElseThrow().servingUrl())
                .isEqualTo("jdbc:h2:file:/srv/jobs;WRITE_DELAY=0;AUTO_SERVER=TRUE");
        assertThatThrownBy(() -> H2FileUrl.parse("jdbc:h2:nio:/srv/jobs;WRITE_DELAY=500"))
                .hasMessageStartingWith("the job database URL sets WRITE_DELAY=500");
        assertThatThrownBy(() -> H2FileUrl.parse("jdbc:h2:split:/srv/jobs;WRITE_DELAY=500"))
                .hasMessage("the job database URL uses H2's split: file system, which gemcap cannot share between its processes"
                        + " or commit at once (WRITE_DELAY=0): use jdbc:h2:file:PATH, or PostgreSQL");
        assertThatThrownBy(() -> H2FileUrl.parse("jdbc:h2:file:/srv/jobs;INIT=SET WRITE_DELAY 500"))
                .hasMessageStartingWith("the job database URL sets WRITE_DELAY in its INIT script")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(H2FileUrl.parse("jdbc:h2:memFS:test")).isEmpty();
    }

    @Test
    void inMemoryServerAndPostgresUrlsAreNotFilesAndAreLeftAsGiven() {
        assertThat(H2FileUrl.parse("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(H2FileUrl.parse("jdbc:h2:tcp://db:9092/jobs;WRITE_DELAY=500")).isEmpty();
        assertThat(H2FileUrl.parse("jdbc:postgresql://db:5432/gemcap")).isEmpty();
    }

    @Test
    void aHomeRelativeFileIsUnderTheUsersHome() {
        assertThat(H2FileUrl.parse("jdbc:h2:~/gemcap/jobs").orElseThrow().path())
                .isEqualTo(Path.of(System.getProperty("user.home"), "gemcap/jobs"));
    }
}
