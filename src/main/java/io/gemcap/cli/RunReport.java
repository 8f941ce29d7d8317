package io.gemcap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gemcap.job.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <output>.run.json}: how the last {@code run} of a job ended, for monitoring. Written after
 * every run command, replaced whole (never half-written).
 */
final class RunReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunReport() {
    }

    static Path pathFor(Path output) {
        return Path.of(output + ".run.json");
    }

    static void write(Path output, RunResult result, List<String> resumeCommand) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("exitCode", result.exitCode().code());
        report.put("outcome", result.exitCode().name().toLowerCase(java.util.Locale.ROOT));
        report.put("message", result.message());
        RunResult.RunFigures figures = result.figures();
        if (figures != null) {
            report.put("run", figures.run());
            report.put("executionId", figures.executionId());
            report.put("status", figures.status());
            report.put("stoppedBy", figures.stoppedBy());
            report.put("started", figures.started());
            report.put("ended", figures.ended());
            report.put("durationSeconds", figures.seconds());
            report.put("counts", figures.counts());
            report.put("sources", figures.sources());
            report.put("tokens", figures.tokens());
            report.put("costUsd", figures.costUsd());
            report.put("onlineCostUsd", figures.onlineCostUsd());
            report.put("skipped", figures.skipped());
            report.put("sentAgain", figures.sentAgain());
            report.put("escapedNames", figures.escapedNames());
            report.put("failures", figures.failures());
        }
        report.put("output", output.toString());
        report.put("resumeCommand", String.join(" ", resumeCommand));
        Path target = pathFor(output);
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), report);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
