package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a job is (its real input and output), who owns an output, and what a run's parameters may hold. */
class JobIdentityFunctionalTests extends FolderJobTest {

    private static final int IMAGES = 12;

    @BeforeEach
    void images() {
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("d" + (i % 3) + "/img" + i + ".png"), TestImages.png(18, 18, i));
        }
    }

    private String[] runArgs(Path in, Path out, String... extra) {
        String[] args = runArgs(extra);
        args[2] = in.toString();
        args[4] = out.toString();
        return args;
    }

    @Test
    void theSameInputThroughASymlinkWhileARunHoldsTheOutputIsRefusedWithExitThree() throws Exception {
        // given a run in progress, and a second spelling of its input
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), input);
        emulator.setLatency(Duration.ofMillis(400));
        CompletableFuture<GemcapCli.Result> first = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.calls() >= 2);

        // when the job runs again through the symlink
        GemcapCli.Result second = cli.run(runArgs(alias, output));

        // then it is refused while the first runs, which completes with every row in the CSV
        assertThat(second.exitCode()).as(second.err()).isEqualTo(3);
        assertThat(second.err()).startsWith("gemcap: another run writing " + output).hasLineCount(1);
        GemcapCli.Result done = first.join();
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.out()).contains("run 1 completed: " + IMAGES + " images");
        assertThat(CsvFiles.records(output)).hasSize(IMAGES);

        // and through the symlink it is the same job: the next night is its run 2 and pays nothing again
        int calls = emulator.calls();
        GemcapCli.Result next = cli.run(runArgs(alias, output));
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("run 2 completed");
        assertThat(emulator.calls()).isEqualTo(calls);
    }

    @Test
    void anotherJobNamingTheOutputOfAnUnfinishedRunIsRefusedUntilThatRunIsFinished() {
        // given a job whose run failed half-way (the service kept answering 503 past the patience)
        emulator.faults().errorRate(503, 1.0);
        GemcapCli.Result failed = run();
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        Path otherInput = dir.resolve("other");
        TestImages.write(otherInput.resolve("x.png"), TestImages.png(9, 9, 1));

        // when a job with another input names the same output
        GemcapCli.Result other = cli.run(runArgs(otherInput, output));

        // then it is refused with one line naming the run that owns the output and how to finish it
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).startsWith("gemcap: --output " + output + " belongs to the unfinished run 1")
                .contains("restart").contains(input.toString()).hasLineCount(1);

        // and once that run is finished, the other job may take the output over
        emulator.faults().clear();
        assertThat(run().exitCode()).isZero();
        GemcapCli.Result taken = cli.run(runArgs(otherInput, output));
        assertThat(taken.exitCode()).as(taken.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(1);
    }

    @Test
    void aPromptOf20000CharactersRunsResumesAndIsGuardedLikeAnyOther() {
        // given a long prompt (templates and schemas are this long)
        String prompt = "Describe the image. " + "Mention colours, shapes and the setting precisely. ".repeat(400);
        assertThat(prompt.length()).isGreaterThan(20_000);

        // when the job runs with it, then it completes and the answers were made with it
        GemcapCli.Result first = run("--prompt", prompt);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(IMAGES);

        // and the next night with the same prompt pays nothing, while a changed prompt is refused with the count
        int calls = emulator.calls();
        GemcapCli.Result again = run("--prompt", prompt);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(emulator.calls()).isEqualTo(calls);
        GemcapCli.Result changed = run("--prompt", prompt + " Be brief.");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("a different prompt").contains("would caption " + IMAGES + " images again");
    }
}
