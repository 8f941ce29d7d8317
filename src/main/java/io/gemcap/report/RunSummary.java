package io.gemcap.report;

import java.util.List;
import java.util.Map;

/**
 * Everything known of one run (one execution of a job's run), from which the end summary, {@code status},
 * {@code jobs}, {@code <output>.run.json} and the HTML report are all rendered.
 *
 * @param mode {@code online} or {@code batch}
 * @param status the job database's status of the execution (COMPLETED, STOPPED, FAILED, STARTED, ...)
 * @param reason why it ended, or {@code null} while it is going
 * @param counts rows per status label ({@code ok}, {@code rejected}, ...), across the run's executions
 * @param sources rows per source ({@code call}, {@code ledger}, {@code check})
 * @param skipped files the walk passed over without a row, by reason ({@code hidden}, {@code otherTypes}, ...)
 * @param tokens tokens the service reported for the run's calls ({@code prompt}, {@code output}, {@code thought})
 * @param costUsd what the run's calls cost by the price table, or {@code null} when its model has no price
 * @param onlineCostUsd for a Batch Mode run, what the same calls would have cost online; else {@code null}
 * @param batches a Batch Mode run's batches per state ({@code succeeded}, {@code failed}, ...); empty online
 * @param quota what the quota said while this execution ran
 * @param topReasons the most common reasons a row was rejected, blocked or failed, most common first
 * @param sentAgain calls paid twice because an earlier execution had sent them before it crashed (killed, or failed)
 * @param abandoned calls paid twice because a second stop signal made an earlier execution abandon them in flight
 * @param mended images paid for again because their earlier answer was about a picture an earlier release sent wrongly
 * @param escapedNames some paths whose names are not UTF-8, as written (escaped)
 * @param failures some failed rows, as {@code path: reason}
 * @param files where the run's results are
 * @param resumeCommand the command that carries the run on, or {@code null} when there is nothing to resume
 * @param billed what the service billed the run, across its executions, or {@code null} when its model has no price
 */
public record RunSummary(long run, long executionId, String input, String output, String mode, String status, StopReason reason,
        String started, String ended, double seconds, Map<String, Long> counts, Map<String, Long> sources,
        Map<String, Long> skipped, Map<String, Long> tokens, Double costUsd, Double onlineCostUsd, Map<String, Long> batches,
        QuotaUse quota, List<ReasonCount> topReasons, long sentAgain, long abandoned, long mended, List<String> escapedNames, List<String> failures,
        Files files, String host, long pid, String resumeCommand, Billed billed) {

    /**
     * What the service billed for the run: every call it answered, by the tokens it reported, with gemcap's start-up
     * checks and the calls paid again after a kill or a stop; a call whose answer was never known (its process killed)
     * counted at its worst case, {@code unsettled} of them. Rows' {@code costUsd} is what the rows the run kept cost.
     */
    public record Billed(double usd, long unsettled) {
    }

    /** Calls made, answers that were 429, and attempts made again after a failure. */
    public record QuotaUse(long calls, long rateLimited, long retries) {
    }

    /** A reason and how many rows gave it. */
    public record ReasonCount(String reason, long rows) {
    }

    /** The CSV, the HTML report, {@code run.json} and the run's log file; {@code null} for one not written. */
    public record Files(String csv, String report, String runJson, String log) {

        /** The HTML report beside a CSV: {@code captions.html} for {@code captions.csv}. */
        public static String reportFor(String csv) {
            return (csv.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? csv.substring(0, csv.length() - 4) : csv) + ".html";
        }
    }

    /** How many images the run has rows for. */
    public long images() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(String statusLabel) {
        return counts.getOrDefault(statusLabel, 0L);
    }

    /** The same run with its report at {@code page}, or with none ({@code null}: not written). */
    public RunSummary withReport(String page) {
        return new RunSummary(run, executionId, input, output, mode, status, reason, started, ended, seconds, counts, sources,
                skipped, tokens, costUsd, onlineCostUsd, batches, quota, topReasons, sentAgain, abandoned, mended, escapedNames, failures,
                new Files(files.csv(), page, files.runJson(), files.log()), host, pid, resumeCommand, billed);
    }

    public RunSummary withResumeCommand(String command) {
        return new RunSummary(run, executionId, input, output, mode, status, reason, started, ended, seconds, counts, sources,
                skipped, tokens, costUsd, onlineCostUsd, batches, quota, topReasons, sentAgain, abandoned, mended, escapedNames, failures, files, host,
                pid, command, billed);
    }
}
