package io.gemcap.report;

/**
 * Why a run ended, or why a command would not start one; each kind carries its exit code, so the code a script sees
 * and the words a person reads never disagree. {@code job.StopReasons} decides it for a run that took place.
 */
public sealed interface StopReason {

    ExitCode exitCode();

    /** The kind, as {@code run.json}'s {@code stopReason} names it. */
    String label();

    /**
     * {@code run.json}'s older {@code stoppedBy}, which monitoring already reads: {@code budget}, {@code daily-quota} or
     * {@code stop}; {@code null} when the run did not stop.
     */
    default String stoppedBy() {
        return null;
    }

    /** Whether running the same command again carries on from where this one ended. */
    default boolean resumable() {
        return exitCode() == ExitCode.STOPPED || exitCode() == ExitCode.FAILED;
    }

    /** Every image has its row and the CSV is published. */
    record Completed() implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.COMPLETED;
        }

        public String label() {
            return "completed";
        }
    }

    /**
     * The run failed (the service unreachable past its patience, storage gone, a crash); {@code resumable} is false only
     * when running again would meet the same fault (a bug in gemcap).
     */
    record Failed(String cause, boolean resumable) implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.FAILED;
        }

        public String label() {
            return "failed";
        }
    }

    /** The next call could have passed the run's budget or the day's cap. */
    record Budget(String limit) implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.STOPPED;
        }

        public String label() {
            return "budget";
        }

        @Override
        public String stoppedBy() {
            return "budget";
        }

        /** Whether the day's cap stopped the run (its limit names the setting), rather than the run's own budget. */
        public boolean dailyCap() {
            return limit.contains("gemcap.budget.per-day-usd");
        }

        /** What stopped the run, as its end line says it: "its budget" or "today's cap". */
        public String what() {
            return dailyCap() ? "today's cap" : "its budget";
        }

        /** What resumes it: a higher budget; for the day's cap, the next day or a higher cap (a higher --budget cannot). */
        public String resumeAdvice() {
            return dailyCap() ? "run the same command tomorrow, or with a higher gemcap.budget.per-day-usd (GEMCAP_BUDGET_PER_DAY_USD),"
                    + " to resume" : "run the same command with a higher --budget to resume";
        }
    }

    /** The service said the day's requests are used up. */
    record DailyQuota(String message) implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.STOPPED;
        }

        public String label() {
            return "daily-quota";
        }

        @Override
        public String stoppedBy() {
            return "daily-quota";
        }
    }

    /** SIGTERM or Ctrl-C reached the process running it. */
    record Signal() implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.STOPPED;
        }

        public String label() {
            return "signal";
        }

        @Override
        public String stoppedBy() {
            return "stop";
        }
    }

    /** {@code scripts/caption stop ID}, from any process sharing the job database. */
    record StopCommand() implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.STOPPED;
        }

        public String label() {
            return "stop-command";
        }

        @Override
        public String stoppedBy() {
            return "stop";
        }
    }

    /** A Batch Mode run left its batches with the service ({@code --detach}), for a later run to collect. */
    record Detached(long batches) implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.STOPPED;
        }

        public String label() {
            return "detached";
        }

        @Override
        public String stoppedBy() {
            return "stop";
        }
    }

    /**
     * A flag, a setting, the key or the input is wrong, or the run would do harm (a shrunken input): fix it first.
     * {@code problem} is said after "run N" when a run met it ("was not published: ...").
     */
    record Configuration(String problem) implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.USAGE;
        }

        public String label() {
            return "configuration";
        }

        @Override
        public boolean resumable() {
            return false;
        }
    }

    /** Another run writing the same output is running. */
    record Locked(String holder) implements StopReason {
        public ExitCode exitCode() {
            return ExitCode.LOCKED;
        }

        public String label() {
            return "locked";
        }

        @Override
        public boolean resumable() {
            return false;
        }
    }
}
