package io.gemcap.job;

import java.util.List;
import java.util.Map;

/**
 * How a command ended, with the one line to show the user and, when a run took place, its figures
 * for {@code <output>.run.json}.
 */
public record RunResult(ExitCode exitCode, String message, RunFigures figures) {

    public RunResult(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    /**
     * What a run did.
     *
     * @param stoppedBy why a stopped run stopped ({@code budget}, {@code daily-quota}, {@code stop}), else {@code null}
     * @param counts rows per status ({@code ok}, {@code rejected}, ...)
     * @param sources rows per source ({@code call}, {@code ledger}, {@code check})
     * @param tokens tokens reported for this run's calls ({@code prompt}, {@code output}, {@code thought})
     * @param skipped files the walk passed over without a row, by reason ({@code hidden}, {@code otherTypes}, ...)
     * @param costUsd what the run's calls cost by the price table, or {@code null} when its model has no price
     * @param onlineCostUsd for a Batch Mode run, what the same calls would have cost online; else {@code null}
     * @param sentAgain calls paid twice because a killed execution had sent them before it could commit them
     * @param escapedNames some paths whose names are not UTF-8, as written (escaped)
     * @param failures some failed rows, as {@code path: reason}
     */
    public record RunFigures(long run, long executionId, String status, String stoppedBy, String started, String ended, double seconds,
            Map<String, Long> counts, Map<String, Long> sources, Map<String, Long> tokens, Double costUsd, Double onlineCostUsd,
            Map<String, Long> skipped,
            long sentAgain, List<String> escapedNames, List<String> failures) {
    }
}
