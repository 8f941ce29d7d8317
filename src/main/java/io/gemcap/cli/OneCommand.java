package io.gemcap.cli;

import io.gemcap.caption.ImageCaptioner;
import io.gemcap.caption.ImagePreparer;
import io.gemcap.caption.Prepared;
import io.gemcap.gemini.CallOutcome;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.report.ExitCode;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowStatus;
import io.gemcap.source.FolderImageSource;
import io.gemcap.source.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caption one IMG}: caption one image and print it, whole or as it streams. */
@Command(name = "one", mixinStandardHelpOptions = true,
        description = "Caption one image and print the caption (exit 1 if it is rejected, blocked or fails).")
final class OneCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ParentCommand
    GemcapMain parent;

    @Parameters(paramLabel = "IMG", description = "The image file.")
    Path image;

    @Option(names = "--stream", description = "Print the caption as it is generated (streamGenerateContent).")
    boolean stream;

    @Mixin
    KeyOptions gemini;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        Path file = image.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            err.println("gemcap: image not found: " + file);
            return ExitCode.USAGE.code();
        }
        if (!gemini.canCall(parent.environment)) {
            err.println("gemcap: " + ServiceOptions.MISSING_KEY);
            return ExitCode.USAGE.code();
        }
        try (ConfigurableApplicationContext context = gemini.start(parent.environment, Map.of())) {
            ImageRef ref = ImageRef.file(file.getFileName().toString(), Files.size(file));
            // Prepared exactly as a run would, but always sent: one image asked for by name is captioned again.
            Prepared prepared = context.getBean(ImagePreparer.class).prepare(ref, new FolderImageSource(file.getParent()), false);
            if (prepared instanceof Prepared.Finished finished) {
                err.println("gemcap: " + finished.row().status().label() + ": " + finished.row().answer().error());
                return ExitCode.FAILED.code();
            }
            Prepared.Payload payload = (Prepared.Payload) prepared;
            GeminiCaptioner captioner = context.getBean(GeminiCaptioner.class);
            CallOutcome outcome = stream
                    ? captioner.captionStreaming(payload.sendable(), chunk -> { out.print(chunk); out.flush(); })
                    : captioner.caption(payload.sendable(), payload.prompt(), payload.predictedInputTokens(),
                            payload.image().sha256());
            CaptionRow row = context.getBean(ImageCaptioner.class).row(payload, outcome);
            if (row.status() != RowStatus.OK) {
                if (stream) {
                    out.println();
                }
                err.println("gemcap: " + row.status().label() + ": " + row.answer().error());
                return ExitCode.FAILED.code();
            }
            out.println(stream ? "" : row.answer().caption());
            CaptionRow.Usage usage = row.usage();
            err.printf("(%s, sent %dx%d, %s prompt + %s output tokens, %s USD, %d ms)%n", usage.model(), row.image().sentWidth(),
                    row.image().sentHeight(), usage.promptTokens(), usage.outputTokens(),
                    usage.costUsd() == null ? "?" : usage.costUsd().stripTrailingZeros().toPlainString(), usage.latencyMs());
            return ExitCode.COMPLETED.code();
        } catch (GeminiFatalException e) {
            err.println("gemcap: " + e.getMessage());
            return e.reason() == GeminiFatalException.Cause.UNREACHABLE ? ExitCode.FAILED.code() : ExitCode.USAGE.code();
        } catch (Exception e) {
            err.println("gemcap: " + GemcapMain.oneLine(e));
            return ExitCode.FAILED.code();
        }
    }
}
