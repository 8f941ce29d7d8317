package io.gemcap.job;

import io.gemcap.job.batch.BatchRunTasklet;
import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.report.ExitCode;
import io.gemcap.report.StopReason;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

/** Every way a run ends, what it is called, and the exit code a script sees: one table. */
class StopReasonsTests {

    static Stream<Arguments> endings() {
        return Stream.of(
                ending("completed", BatchStatus.COMPLETED, e -> { }, "completed", ExitCode.COMPLETED, null, false),
                ending("failed, resumable", BatchStatus.FAILED, e -> e.addFailureException(new IllegalStateException("disk full")),
                        "failed", ExitCode.FAILED, null, true),
                ending("service unreachable", BatchStatus.FAILED, e -> e.addFailureException(new RuntimeException("wrapped",
                        new GeminiFatalException(GeminiFatalException.Cause.UNREACHABLE, "down"))), "failed", ExitCode.FAILED, null, true),
                ending("a bug (a row held twice)", BatchStatus.FAILED, e -> e.addFailureException(
                        new org.springframework.dao.DuplicateKeyException("dup")), "failed", ExitCode.FAILED, null, false),
                ending("a bug (a stack overflow)", BatchStatus.FAILED, e -> e.addFailureException(new RuntimeException("wrapped",
                        new StackOverflowError())), "failed", ExitCode.FAILED, null, false),
                ending("a bug (a null)", BatchStatus.FAILED, e -> e.addFailureException(new NullPointerException()), "failed",
                        ExitCode.FAILED, null, false),
                ending("out of memory", BatchStatus.FAILED, e -> e.addFailureException(new OutOfMemoryError("Java heap space")), "failed",
                        ExitCode.FAILED, null, true),
                ending("budget", BatchStatus.STOPPED, e -> e.getExecutionContext().putString(CaptionJobConfiguration.BUDGET_REACHED,
                        "its budget of 1 USD"), "budget", ExitCode.STOPPED, "budget", true),
                ending("daily quota", BatchStatus.STOPPED, e -> e.addFailureException(new DailyQuotaExhaustedException("1000 requests")),
                        "daily-quota", ExitCode.STOPPED, "daily-quota", true),
                ending("signal", BatchStatus.STOPPED, e -> e.getExecutionContext().putString(StopReasons.SIGNALLED, "true"), "signal",
                        ExitCode.STOPPED, "stop", true),
                ending("stop command", BatchStatus.STOPPED, e -> { }, "stop-command", ExitCode.STOPPED, "stop", true),
                ending("detached", BatchStatus.STOPPED, e -> e.getExecutionContext().putLong(BatchRunTasklet.DETACHED, 3), "detached",
                        ExitCode.STOPPED, "stop", true),
                ending("key rejected", BatchStatus.FAILED, e -> e.addFailureException(
                        new GeminiFatalException(GeminiFatalException.Cause.KEY_REJECTED, "API key not valid")), "configuration",
                        ExitCode.USAGE, null, false),
                ending("input shrank", BatchStatus.FAILED, e -> e.addFailureException(new ShrinkGuard.RefusedException("found 0")),
                        "configuration", ExitCode.USAGE, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endings")
    void eachEndingHasItsKindAndExitCode(String ending, BatchStatus status, Consumer<JobExecution> setUp, String label, ExitCode code,
            String stoppedBy, boolean resumable) {
        JobExecution execution = new JobExecution(1L, new JobInstance(1L, CaptionJobConfiguration.JOB_NAME), new JobParameters());
        execution.setStatus(status);
        setUp.accept(execution);

        StopReason reason = StopReasons.of(execution);

        assertThat(reason.label()).isEqualTo(label);
        assertThat(reason.exitCode()).isEqualTo(code);
        assertThat(reason.stoppedBy()).isEqualTo(stoppedBy);
        assertThat(reason.resumable()).isEqualTo(resumable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gemcap.job.StopReasonsTests#commandEndings")
    void aCommandThatRanNothingSaysWhyByItsCode(StopReason reason, ExitCode code) {
        assertThat(reason.exitCode()).isEqualTo(code);
        assertThat(reason.resumable()).isFalse();
    }

    static Stream<Arguments> commandEndings() {
        return Stream.of(Arguments.of(new StopReason.Configuration("--budget 0"), ExitCode.USAGE),
                Arguments.of(new StopReason.Locked("host pid 12"), ExitCode.LOCKED));
    }

    @org.junit.jupiter.api.Test
    void aRunStillGoingHasNoReasonYet() {
        JobExecution execution = new JobExecution(1L, new JobInstance(1L, CaptionJobConfiguration.JOB_NAME), new JobParameters());
        execution.setStatus(BatchStatus.STARTED);

        assertThat(StopReasons.of(execution)).isNull();
    }

    @org.junit.jupiter.api.Test
    void theExitCodesAreTheOnesTheReadmeLists() {
        assertThat(Stream.of(ExitCode.values()).map(c -> c.name() + "=" + c.code()))
                .containsExactly("COMPLETED=0", "FAILED=1", "USAGE=2", "LOCKED=3", "STOPPED=4");
    }

    private static Arguments ending(String name, BatchStatus status, Consumer<JobExecution> setUp, String label, ExitCode code,
            String stoppedBy, boolean resumable) {
        return Arguments.of(name, status, setUp, label, code, stoppedBy, resumable);
    }
}
