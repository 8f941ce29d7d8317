package io.gemcap.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run summary in words: the end line's account, the lines under it, and the {@code jobs} table. */
public final class SummaryText {

    private static final List<String> STATUSES = List.of("ok", "rejected", "blocked", "failed");
    private static final Map<String, String> SKIP_WORDS = Map.of("hidden", "hidden", "otherTypes", "non-image files",
            "excluded", "left out by --include/--exclude", "symlinkLoops", "symlink loops not followed", "unreadable",
            "entries that could not be looked at (broken links, unreadable)");

    private SummaryText() {
    }

    /** The account in the end line: images by status, what was skipped, cost, and the time taken. */
    public static String account(RunSummary summary) {
        StringBuilder text = new StringBuilder().append(summary.images()).append(" images (").append(byStatus(summary)).append(')');
        Map<String, Long> skipped = summary.skipped();
        long hidden = skipped.getOrDefault("hidden", 0L);
        long otherTypes = skipped.getOrDefault("otherTypes", 0L);
        if (skipped.values().stream().mapToLong(Long::longValue).sum() > 0) {
            text.append(", skipped ").append(hidden).append(" hidden and ").append(otherTypes).append(" non-image files");
            appendIfAny(text, " and left out ", skipped.getOrDefault("excluded", 0L), " by --include/--exclude");
            appendIfAny(text, ", did not follow ", skipped.getOrDefault("symlinkLoops", 0L), " symlink loops");
            appendIfAny(text, ", could not look at ", skipped.getOrDefault("unreadable", 0L), " entries (broken links, unreadable)");
        }
        if (summary.costUsd() != null) {
            text.append(", cost ").append(usd(summary.costUsd()));
            if (summary.onlineCostUsd() != null) {
                text.append(" (online: ").append(usd(summary.onlineCostUsd())).append(')');
            }
        }
        if (summary.billed() != null) {
            text.append(", billed ").append(usd(summary.billed().usd())).append(" with start-up checks and re-paid calls");
            if (summary.billed().unsettled() > 0) {
                text.append(" (").append(summary.billed().unsettled()).append(" calls not settled, their answers lost or still awaited,"
                        + " counted at their worst case)");
            }
        }
        if (summary.sentAgain() > 0) {
            text.append(", ").append(summary.sentAgain()).append(" paid twice after a crash (sent by an earlier execution that"
                    + " ended before it could commit them)");
        }
        if (summary.abandoned() > 0) {
            text.append(", ").append(summary.abandoned()).append(" paid twice because a second stop signal abandoned them in"
                    + " flight");
        }
        if (summary.mended() > 0) {
            text.append(", ").append(summary.mended()).append(" paid again because an earlier release sent them as a different picture"
                    + " (palette, grey with alpha, CMYK)");
        }
        List<String> escaped = summary.escapedNames().stream().limit(3).toList();
        if (!escaped.isEmpty()) {
            text.append(", names not UTF-8 written escaped (e.g. ").append(String.join(", ", escaped)).append(')');
        }
        if (summary.seconds() > 0) {
            text.append(String.format(Locale.ROOT, " in %.1f s", summary.seconds()));
        }
        return text.toString();
    }

    /** The lines under the end line (and {@code status}'s body): every count, the common reasons, the files, the way on. */
    public static List<String> details(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        StopReason reason = summary.reason();
        boolean saysMore = reason != null && !reason.label().equalsIgnoreCase(summary.status());
        lines.add(row("run", summary.run() + " (id " + summary.executionId() + ", " + summary.mode() + "): " + summary.status()
                + (saysMore ? " (" + reason.label() + ")" : "")));
        lines.add(row("input", summary.input()));
        lines.add(row("output", summary.output()));
        lines.add(row("images", summary.images() + ": " + byStatus(summary) + sources(summary)));
        List<String> skipped = new ArrayList<>();
        summary.skipped().forEach((why, n) -> {
            if (n > 0) {
                skipped.add(n + " " + SKIP_WORDS.getOrDefault(why, why));
            }
        });
        lines.add(row("skipped", skipped.isEmpty() ? "none" : String.join(", ", skipped)));
        for (int i = 0; i < summary.topReasons().size(); i++) {
            RunSummary.ReasonCount common = summary.topReasons().get(i);
            lines.add(row(i == 0 ? "reasons" : "", String.format(Locale.ROOT, "%,6d  %s", common.rows(), common.reason())));
        }
        Map<String, Long> tokens = summary.tokens();
        lines.add(row("tokens", String.format(Locale.ROOT, "%,d input, %,d output, %,d thinking", tokens.getOrDefault("prompt", 0L),
                tokens.getOrDefault("output", 0L), tokens.getOrDefault("thought", 0L))));
        lines.add(row("cost", summary.costUsd() == null ? "unknown (no price for the model in gemcap.prices)"
                : usd(summary.costUsd()) + (summary.onlineCostUsd() == null ? "" : " (online it would have been "
                        + usd(summary.onlineCostUsd()) + ")")));
        if (summary.billed() != null) {
            lines.add(row("billed", usd(summary.billed().usd()) + " (every call answered, start-up checks and re-paid calls included"
                    + (summary.billed().unsettled() > 0 ? "; " + summary.billed().unsettled() + " calls not settled, their answers lost"
                            + " or still awaited, at their worst case" : "") + ")"));
        }
        RunSummary.QuotaUse quota = summary.quota();
        lines.add(row("quota", String.format(Locale.ROOT, "%,d calls, %,d answered 429, %,d retries", quota.calls(),
                quota.rateLimited(), quota.retries())));
        if (!summary.batches().isEmpty()) {
            List<String> states = new ArrayList<>();
            summary.batches().forEach((state, n) -> states.add(n + " " + state));
            lines.add(row("batches", String.join(", ", states)));
        }
        lines.add(row("time", shown(summary.started()) + (summary.ended().isEmpty() ? "" : " to " + shown(summary.ended())) + (summary.seconds() > 0 ? " (" + duration(summary.seconds()) + ")" : "")));
        RunSummary.Files files = summary.files();
        if (files != null) {
            addIfSet(lines, "csv", files.csv());
            addIfSet(lines, "report", files.report());
            addIfSet(lines, "log", files.log());
        }
        if (summary.resumeCommand() != null && reason != null && reason.resumable()) {
            lines.add(row("resume", summary.resumeCommand()));
        }
        return lines;
    }

    /**
     * Each job (input -> output) and its runs, newest first; under a run whose caption step is going on, its partitions
     * counted ({@code captioning}, by execution ID).
     */
    public static List<String> jobsTable(Map<String, List<RunSummary>> jobs, Map<Long, Partitions> captioning) {
        List<String> lines = new ArrayList<>();
        String format = "  %-6s %-4s %-7s %-10s %-19s %-19s %7s %6s %8s %7s %6s %10s  %s";
        for (Map.Entry<String, List<RunSummary>> job : jobs.entrySet()) {
            lines.add(job.getKey());
            lines.add(String.format(format, "ID", "RUN", "MODE", "STATUS", "STARTED", "ENDED", "IMAGES", "OK", "REJECTED", "BLOCKED",
                    "FAILED", "COST", "HOST/PID"));
            for (RunSummary run : job.getValue()) {
                lines.add(String.format(format, run.executionId(), run.run(), run.mode(), run.status(), shown(run.started()),
                        shown(run.ended()),
                        run.images(), run.count("ok"), run.count("rejected"), run.count("blocked"), run.count("failed"),
                        run.costUsd() == null ? "-" : usd(run.costUsd()), run.host() + "/" + run.pid()));
                Partitions partitions = captioning.get(run.executionId());
                if (partitions != null) {
                    lines.add(String.format("  %-6s %s", "", partitionsFigure(partitions)));
                }
            }
        }
        return lines;
    }

    /** A run's partitions in a few words: {@code 3/6 partitions done, 2 running on 2 hosts, 1 waiting}. */
    static String partitionsFigure(Partitions partitions) {
        StringBuilder figure = new StringBuilder(String.format(Locale.ROOT, "%,d/%,d partitions done",
                partitions.count(Partitions.COMPLETED), partitions.total()));
        int running = partitions.count("STARTED") + partitions.count("STOPPING");
        if (running > 0) {
            figure.append(String.format(Locale.ROOT, ", %,d running on %s", running, hosts(partitions.hosts())));
        }
        if (partitions.count("STARTING") > 0) {
            figure.append(String.format(Locale.ROOT, ", %,d waiting", partitions.count("STARTING")));
        }
        partitions.statuses().forEach((status, n) -> {
            if (!List.of(Partitions.COMPLETED, "STARTED", "STOPPING", "STARTING").contains(status)) {
                figure.append(String.format(Locale.ROOT, ", %,d %s", n, status));
            }
        });
        return figure.toString();
    }

    /**
     * {@code status}'s lines on a partitioned run: the partitions counted, then one line each (where it runs, its range of
     * the walk, its rows, its worker's heartbeat), at most {@link Partitions#LISTED}, the rest counted.
     */
    public static List<String> partitions(Partitions partitions) {
        List<String> lines = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        partitions.statuses().forEach((status, n) -> counts.add(String.format(Locale.ROOT, "%,d %s", n, status)));
        lines.add(row("split", String.format(Locale.ROOT, "%,d partition%s: %s", partitions.total(), partitions.total() == 1 ? "" : "s",
                String.join(", ", counts))
                + (partitions.hosts() > 0 ? "; running on " + hosts(partitions.hosts()) : "")));
        List<Partitions.Partition> listed = partitions.listed();
        int statusWidth = listed.stream().mapToInt(p -> p.status().length()).max().orElse(0);
        int rangeWidth = listed.stream().mapToInt(p -> range(p).length()).max().orElse(0);
        int rowsWidth = listed.stream().mapToInt(p -> rows(p).length()).max().orElse(0);
        String indent = row("", "");
        for (Partitions.Partition partition : listed) {
            lines.add(indent + String.format(Locale.ROOT, "%s  %-" + statusWidth + "s  %-" + rangeWidth + "s  %" + rowsWidth + "s  %s",
                    partition.name(), partition.status(), range(partition), rows(partition), where(partition)));
        }
        if (!listed.isEmpty() && listed.size() < partitions.total()) {
            Map<String, Integer> rest = new java.util.LinkedHashMap<>(partitions.statuses());
            listed.forEach(partition -> rest.merge(partition.status(), -1, Integer::sum));
            List<String> restCounts = new ArrayList<>();
            rest.forEach((status, n) -> {
                if (n > 0) {
                    restCounts.add(String.format(Locale.ROOT, "%,d %s", n, status));
                }
            });
            lines.add(indent + String.format(Locale.ROOT, "and %,d more: %s", partitions.total() - listed.size(),
                    String.join(", ", restCounts)));
        }
        return lines;
    }

    /** Its walk positions, counted from 1: {@code 1,204-1,603}. */
    private static String range(Partitions.Partition partition) {
        if (partition.to() <= partition.from()) {
            return "no images";
        }
        return String.format(Locale.ROOT, "%,d-%,d", partition.from() + 1, partition.to());
    }

    private static String rows(Partitions.Partition partition) {
        return String.format(Locale.ROOT, "%,d/%,d rows", partition.rows(), Math.max(0, partition.to() - partition.from()));
    }

    private static String where(Partitions.Partition partition) {
        String worker = partition.worker() == null ? null : "worker " + partition.worker()
                + (partition.worker().equals(partition.runProcess()) ? " (the run's process)" : "");
        StringBuilder where = new StringBuilder(switch (partition.hold()) {
            case LOCAL -> partition.runProcess() == null ? "run's process" : "run's process " + partition.runProcess();
            case WAITING -> worker == null ? "sent, not taken by a worker yet" : "sent again, not taken yet (last held by " + worker + ")";
            case HELD -> worker;
            case CLOSED -> worker == null ? "closed as the run stopped, never taken" : worker;
        });
        if (partition.hold() == Partitions.Hold.HELD && partition.unfinished()) {
            where.append(partition.heartbeatSeconds() == null ? "  no heartbeat yet"
                    : "  heartbeat " + age(partition.heartbeatSeconds()) + " ago");
        }
        if (partition.sends() > 1) {
            where.append("  (sent ").append(partition.sends()).append(" times)");
        }
        return where.toString();
    }

    private static String age(long seconds) {
        return seconds < 60 ? seconds + " s" : duration(seconds);
    }

    private static String hosts(int hosts) {
        return hosts == 1 ? "1 host" : String.format(Locale.ROOT, "%,d hosts", hosts);
    }

    /** Dollars to a hundredth of a cent. */
    public static String usd(double amount) {
        return String.format(Locale.ROOT, "$%.4f", amount);
    }

    /** A time as {@code 2026-12-02 13:40:06}, from its ISO form. */
    static String shown(String isoTime) {
        String spaced = isoTime.replace('T', ' ');
        return spaced.length() > 19 ? spaced.substring(0, 19) : spaced;
    }

    static String duration(double seconds) {
        long whole = Math.round(seconds);
        if (whole < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return whole >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }

    private static String byStatus(RunSummary summary) {
        List<String> parts = new ArrayList<>();
        for (String status : STATUSES) {
            parts.add(summary.count(status) + " " + status);
        }
        return String.join(", ", parts);
    }

    private static String sources(RunSummary summary) {
        Map<String, Long> sources = summary.sources();
        if (sources.isEmpty()) {
            return "";
        }
        return " (" + sources.getOrDefault("call", 0L) + " called, " + sources.getOrDefault("ledger", 0L) + " from the ledger, "
                + sources.getOrDefault("check", 0L) + " settled by the checks)";
    }

    private static void appendIfAny(StringBuilder text, String before, long n, String after) {
        if (n > 0) {
            text.append(before).append(n).append(after);
        }
    }

    private static void addIfSet(List<String> lines, String label, String value) {
        if (value != null) {
            lines.add(row(label, value));
        }
    }

    private static String row(String label, String value) {
        return String.format("  %-8s %s", label, value);
    }
}
