package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.RequestSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

class RunParametersTests {

    private static RunParameters run(String report) {
        return new RunParameters("d3b4e3d6728e", "/srv/photos", "/srv/out/captions.csv", 3, "gemini-2.5-flash-lite", "ab12",
                "detail=low", true, new CaptionRunner.Selection(50, "*.jpg", "tmp/*"), false, true, report,
                new RunParameters.Partitioning(4, 0, 4));
    }

    @Test
    void aRunReadsBackAsItWasStartedUnderItsIdentity() {
        RunParameters started = run("/srv/out/report.html");
        JobParameters parameters = started.toJobParameters(RunParameters.identity("d3b4e3d6728e", 3));

        assertThat(RunParameters.of(parameters)).isEqualTo(started);
        assertThat(RunParameters.identifying(parameters).parameters().stream().map(JobParameter::name)).containsExactlyInAnyOrder("job", "run");
        assertThat(RunParameters.of(parameters).pilot()).isTrue();
        assertThat(RunParameters.of(parameters).reportPage("/srv/out/captions.csv")).contains(Path.of("/srv/out/report.html"));
    }

    @Test
    void aRunWithoutAReportSaysSoAndOneFromBeforeTheParameterHasItBesideTheCsv() {
        assertThat(RunParameters.of(run("").toJobParameters(RunParameters.identity("k", 1))).reportPage("/srv/out/captions.csv"))
                .isEmpty();
        JobParameters older = new JobParametersBuilder().addString("job", "k").addLong("run", 1L).addString("input", "/srv/photos", false)
                .addString("output", "/srv/out/captions.csv", false).toJobParameters();
        assertThat(RunParameters.of(older).reportPage("/srv/out/captions.csv")).contains(Path.of("/srv/out/captions.html"));
    }

    @Test
    void aRunOfRelease01IsReadAsItRan() {
        // identified by its input, output and run; its prompt kept as text; no settings, no partitions
        JobParameters release01 = new JobParametersBuilder().addString("input", "/srv/photos").addString("output", "/srv/out/c.csv")
                .addLong("run", 1L).addString("model", "gemini-2.0-flash", false).addString("prompt", "Describe it.", false)
                .toJobParameters();

        RunParameters read = RunParameters.of(release01);

        assertThat(read.jobKey()).isNull();
        assertThat(read.promptSha256()).isEqualTo(RunPrompts.hash("Describe it."));
        assertThat(read.requestSettings()).isEqualTo(RequestSettings.LEGACY);
        assertThat(read.selection()).isEqualTo(CaptionRunner.Selection.ALL);
        assertThat(read.partitioning()).isEqualTo(RunParameters.Partitioning.WHOLE);
        assertThat(read.pilot()).isFalse();
        // resumed under its own identity, which names the input and output
        JobParameters resumed = read.toJobParameters(RunParameters.identifying(release01));
        assertThat(resumed.getString("input")).isEqualTo("/srv/photos");
        assertThat(resumed.getIdentifyingParameters().stream().map(JobParameter::name)).containsExactlyInAnyOrder("input", "output", "run");
    }

    @Test
    void partitionsComeFromACountOrFromASize() {
        RunParameters.Partitioning bySize = new RunParameters.Partitioning(0, 500, 1);
        assertThat(bySize.partitionsOf(0)).isEqualTo(1);
        assertThat(bySize.partitionsOf(500)).isEqualTo(1);
        assertThat(bySize.partitionsOf(501)).isEqualTo(2);
        assertThat(new RunParameters.Partitioning(50, 0, 8).partitionsOf(3)).as("no more partitions than images").isEqualTo(3);
        assertThat(new RunParameters.Partitioning(50, 0, 8).partitionsOf(0)).isEqualTo(1);
        assertThat(new RunParameters.Partitioning(0, 1, 1).partitionsOf(5_000_000)).isEqualTo(RunParameters.Partitioning.MOST);
    }
}
