package io.gemcap.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gemcap.output.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <output>.run.json}: the last {@code run} of a job, for monitoring. Written when a run starts ({@code outcome}
 * {@code running}, {@code exitCode} null) and when its command ends, each time replaced whole (a reader sees the old
 * file or the new one, never a part; nothing is left behind when it cannot be written). Fields are only ever added:
 * monitoring reads the old ones.
 */
public final class RunJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {
    }

    public static Path pathFor(Path output) {
        return Path.of(output + ".run.json");
    }

    /** Whether a file is a run.json gemcap wrote (a plain file holding a JSON object with its fields), not a file of the user's. */
    public static boolean isRunJson(Path file) {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            var json = JSON.readTree(file.toFile());
            return json != null && json.isObject() && json.has("outcome") && json.has("exitCode") && json.has("output");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A run that has started and is going on: its process (host, pid) and what it has done so far.
     *
     * @param output the CSV's local path (a bucket output's staged copy)
     */
    public static void started(Path output, RunSummary summary) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("exitCode", null);
        report.put("outcome", "running");
        report.put("stopReason", null);
        report.put("message", "run " + summary.run() + " is running on host " + summary.host() + ", pid " + summary.pid());
        putSummary(report, summary, null);
        report.put("reportError", null);
        report.put("output", output.toString());
        report.put("resumeCommand", null);
        write(output, report);
    }

    /**
     * How a run command ended.
     *
     * @param output the CSV's local path (a bucket output's staged copy)
     * @param exit the command's exit code: the run's, or failed when its report could not be written
     * @param reportError why the run's report could not be written, or {@code null}
     * @param resumeCommand the command that carries the job on
     */
    public static void ended(Path output, RunResult result, ExitCode exit, String reportError, String resumeCommand) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("exitCode", exit.code());
        report.put("outcome", exit.name().toLowerCase(java.util.Locale.ROOT));
        report.put("stopReason", result.reason().label());
        report.put("message", result.message());
        if (result.summary() != null) {
            putSummary(report, result.summary(), result.reason());
        }
        report.put("reportError", reportError);
        report.put("output", output.toString());
        report.put("resumeCommand", resumeCommand);
        write(output, report);
    }

    private static void putSummary(Map<String, Object> report, RunSummary summary, StopReason reason) {
        report.put("run", summary.run());
        report.put("executionId", summary.executionId());
        report.put("mode", summary.mode());
        report.put("status", summary.status());
        report.put("stoppedBy", reason == null ? null : reason.stoppedBy());
        report.put("started", summary.started());
        report.put("ended", summary.ended());
        report.put("durationSeconds", summary.seconds());
        report.put("input", summary.input());
        report.put("counts", summary.counts());
        report.put("sources", summary.sources());
        report.put("tokens", summary.tokens());
        report.put("costUsd", summary.costUsd());
        report.put("onlineCostUsd", summary.onlineCostUsd());
        report.put("billedUsd", summary.billed() == null ? null : summary.billed().usd());
        report.put("unsettledCalls", summary.billed() == null ? null : summary.billed().unsettled());
        report.put("skipped", summary.skipped());
        report.put("topReasons", summary.topReasons());
        report.put("quota", summary.quota());
        report.put("batches", summary.batches());
        report.put("sentAgain", summary.sentAgain());
        report.put("abandonedAgain", summary.abandoned());
        report.put("mended", summary.mended());
        report.put("escapedNames", summary.escapedNames());
        report.put("failures", summary.failures());
        report.put("files", summary.files());
        report.put("host", summary.host());
        report.put("pid", summary.pid());
    }

    /**
     * Replaces the file whole. When it cannot be (a full disk), the previous one is removed rather than left to say
     * how an earlier run ended as if it were this one's.
     */
    private static void write(Path output, Map<String, Object> report) throws IOException {
        Path target = pathFor(output);
        // A bucket output's staging folder is made when its CSV is first written, after the run has started.
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (AtomicFile file = AtomicFile.create(target)) {
            AtomicFile.sweep(target);
            JSON.writeValue(file.out(), report);
            file.commit();
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException gone) {
                e.addSuppressed(gone);
            }
            throw e;
        }
    }
}
