package io.gemcap.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <output>.run.json}: how the last {@code run} of a job ended, for monitoring. Written after every run
 * command, replaced whole (never half-written). Fields are only ever added: monitoring reads the old ones.
 */
public final class RunJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {
    }

    public static Path pathFor(Path output) {
        return Path.of(output + ".run.json");
    }

    /**
     * @param output the CSV's local path (a bucket output's staged copy)
     * @param resumeCommand the command that carries the job on
     */
    public static void write(Path output, RunResult result, String resumeCommand) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("exitCode", result.exitCode().code());
        report.put("outcome", result.exitCode().name().toLowerCase(java.util.Locale.ROOT));
        report.put("stopReason", result.reason().label());
        report.put("message", result.message());
        RunSummary summary = result.summary();
        if (summary != null) {
            report.put("run", summary.run());
            report.put("executionId", summary.executionId());
            report.put("mode", summary.mode());
            report.put("status", summary.status());
            report.put("stoppedBy", result.reason().stoppedBy());
            report.put("started", summary.started());
            report.put("ended", summary.ended());
            report.put("durationSeconds", summary.seconds());
            report.put("input", summary.input());
            report.put("counts", summary.counts());
            report.put("sources", summary.sources());
            report.put("tokens", summary.tokens());
            report.put("costUsd", summary.costUsd());
            report.put("onlineCostUsd", summary.onlineCostUsd());
            report.put("skipped", summary.skipped());
            report.put("topReasons", summary.topReasons());
            report.put("quota", summary.quota());
            report.put("batches", summary.batches());
            report.put("sentAgain", summary.sentAgain());
            report.put("escapedNames", summary.escapedNames());
            report.put("failures", summary.failures());
            report.put("files", summary.files());
            report.put("host", summary.host());
            report.put("pid", summary.pid());
        }
        report.put("output", output.toString());
        report.put("resumeCommand", resumeCommand);
        Path target = pathFor(output);
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), report);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
