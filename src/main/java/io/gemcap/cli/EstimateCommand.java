package io.gemcap.cli;

import io.gemcap.caption.ImagePreparer;
import io.gemcap.caption.Prepared;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.image.ImageSettings;
import io.gemcap.report.ExitCode;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.policy.LimitSettings;
import io.gemcap.source.BucketUri;
import io.gemcap.source.Buckets;
import io.gemcap.source.FolderImageSource;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageSource;
import io.gemcap.usage.EstimateSettings;
import io.gemcap.usage.Prices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code estimate}: what a run would send and cost, before anything is spent. It walks the input as
 * {@code run} does and prepares each image as a run would, but plans instead of converting and calls
 * nothing: what the ledger knows is free, what the checks reject costs nothing, the rest is counted by
 * the model's token rule at the size it would be sent at. Files are read and hashed for the ledger; objects
 * in buckets have only their headers read (ranged reads), the ledger answering by their listed versions.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Predict a run's calls, tokens, cost and duration without calling Gemini (objects in buckets: headers only).")
public final class EstimateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ParentCommand
    GemcapMain parent;

    @Option(names = "--input", required = true, paramLabel = "DIR|URI",
            description = "Folder of images or s3:// or gs:// prefix, walked as run walks it.")
    String input;

    @Option(names = "--limit", paramLabel = "N", description = "Take at most N images, as run --limit.")
    long limit;

    @Option(names = "--include", paramLabel = "GLOB", split = FolderImageSource.GLOB_SEPARATOR, splitSynopsisLabel = ",",
            description = "As run --include.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", split = FolderImageSource.GLOB_SEPARATOR, splitSynopsisLabel = ",",
            description = "As run --exclude.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", description = "online or batch (priced at Batch Mode's share of the price).")
    String mode = "online";

    @Mixin
    KeyOptions gemini;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        if (!mode.equals("online") && !mode.equals("batch")) {
            err.println("gemcap: --mode is online or batch, not '" + mode + "'");
            return ExitCode.USAGE.code();
        }
        Optional<BucketUri> bucket = BucketUri.parse(input);
        String where = bucket.map(BucketUri::toString).orElseGet(() -> Path.of(input).toAbsolutePath().normalize().toString());
        if (bucket.isEmpty() && !Files.isDirectory(Path.of(where))) {
            err.println("gemcap: " + RunCommand.notAFolder(Path.of(where)));
            return ExitCode.USAGE.code();
        }
        Predicate<String> selected;
        try {
            selected = FolderImageSource.globs(include, exclude);
        } catch (IllegalArgumentException e) {
            err.println("gemcap: bad --include/--exclude glob: " + e.getMessage().lines().findFirst().orElse(""));
            return ExitCode.USAGE.code();
        }
        try (ConfigurableApplicationContext context = gemini.start(parent.environment, Map.of())) {
            ImagePreparer preparer = context.getBean(ImagePreparer.class);
            RequestSettings request = context.getBean(RequestSettings.class);
            ImageSource source = bucket.<ImageSource>map(b -> {
                Buckets buckets = context.getBean(Buckets.class);
                buckets.checkAccess(b);
                return buckets.open(b, selected);
            }).orElseGet(() -> new FolderImageSource(Path.of(where), selected));
            Counts counts = new Counts();
            try (ImageSource.Listing listing = source.listAfter(null)) {
                while (listing.hasNext() && (limit <= 0 || counts.images < limit)) {
                    ImageRef ref = listing.next();
                    // A file is read and hashed (the ledger knows content); an object only has its header read.
                    counts.add(bucket.isPresent() ? preparer.planFromHeader(ref, source) : preparer.plan(ref, source));
                }
            }
            OptionalDouble known = preparer.averageOutputTokens();
            double outputPerCall = known.orElse(context.getBean(EstimateSettings.class).outputTokens());
            long outputTokens = Math.round(outputPerCall * counts.calls);
            double share = mode.equals("batch") ? context.getBean(io.gemcap.job.batch.BatchSettings.class).priceShare() : 1.0;
            out.println(report(where, request, context.getBean(ImageSettings.class), counts, outputTokens, known.isPresent(),
                    context.getBean(Prices.class), context.getBean(LimitSettings.class), share));
            return ExitCode.COMPLETED.code();
        } catch (Exception e) {
            err.println("gemcap: " + GemcapMain.oneLine(e));
            return ExitCode.FAILED.code();
        }
    }

    /** What the walk came to, image by image. */
    private static final class Counts {
        long images;
        long calls;
        long fromLedger;
        long rejected;
        long unreadable;
        long inputTokens;
        long sizeUnknown;

        void add(Prepared prepared) {
            images++;
            if (prepared instanceof Prepared.Planned planned) {
                calls++;
                inputTokens += planned.predictedInputTokens();
                if (planned.sent() == null) {
                    sizeUnknown++;
                }
            } else if (prepared instanceof Prepared.Finished finished) {
                if (finished.row().source() == RowSource.LEDGER) {
                    fromLedger++;
                } else if (finished.row().status() == RowStatus.REJECTED) {
                    rejected++;
                } else {
                    unreadable++;
                }
            }
        }
    }

    private static String report(String folder, RequestSettings request, ImageSettings images, Counts counts, long outputTokens,
            boolean outputFromHistory, Prices prices, LimitSettings limits, double share) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "gemcap estimate for %s (model %s, detail %s; no call made)%n", folder, request.model(),
                images.level().label()));
        text.append(String.format(Locale.ROOT, "  images           %,d%n", counts.images));
        text.append(String.format(Locale.ROOT, "  to call          %,d%n", counts.calls));
        text.append(String.format(Locale.ROOT, "  from the ledger  %,d (free)%n", counts.fromLedger));
        text.append(String.format(Locale.ROOT, "  rejected         %,d (no call)%n", counts.rejected));
        if (counts.sizeUnknown > 0) {
            text.append(String.format(Locale.ROOT, "  size unknown     %,d (header out of reach: counted at the level's largest)%n",
                    counts.sizeUnknown));
        }
        if (counts.unreadable > 0) {
            text.append(String.format(Locale.ROOT, "  unreadable       %,d (a run would try them)%n", counts.unreadable));
        }
        text.append(String.format(Locale.ROOT, "  input tokens     %,d (%s per call)%n", counts.inputTokens,
                counts.calls == 0 ? "-" : String.valueOf(counts.inputTokens / counts.calls)));
        text.append(String.format(Locale.ROOT, "  output tokens    %,d (%s per call, %s)%n", outputTokens,
                counts.calls == 0 ? "-" : String.valueOf(outputTokens / counts.calls),
                outputFromHistory ? "the average of earlier answers to this request"
                        : "from gemcap.estimate.output-tokens: no answer to this request yet"));
        text.append(prices.of(request.model()).map(price -> String.format(Locale.ROOT,
                "  cost             $%.4f (%s at $%.2f / $%.2f per million input / output tokens, prices of %s%s)%n",
                share * price.cost(counts.inputTokens, outputTokens, 0), request.model(), price.input(), price.output(), prices.asOf(),
                share < 1 ? String.format(Locale.ROOT, "; Batch Mode at %.0f %% of that: online $%.4f", share * 100,
                        price.cost(counts.inputTokens, outputTokens, 0)) : ""))
                .orElse("  cost             unknown: no price for " + request.model() + " in gemcap.prices\n"));
        double minutes = 0;
        if (limits.rpm() > 0) {
            minutes = Math.max(minutes, counts.calls / (double) limits.rpm());
        }
        if (limits.tpm() > 0) {
            minutes = Math.max(minutes, counts.inputTokens / (double) limits.tpm());
        }
        if (counts.calls == 0) {
            text.append("  duration         none: nothing to call\n");
        } else if (share < 1) {
            text.append("  duration         Batch Mode: within 24 hours, usually much sooner; not counted against the per-minute quota\n");
        } else if (minutes > 0) {
            text.append(String.format(Locale.ROOT, "  duration         about %s at %d requests and %d tokens per minute%n",
                    duration(minutes), limits.rpm(), limits.tpm()));
        } else {
            text.append("  duration         unknown: no quota set (gemcap.limits)\n");
        }
        return text.toString().stripTrailing();
    }

    private static String duration(double minutes) {
        if (minutes < 1) {
            return Math.max(1, Math.round(minutes * 60)) + " s";
        }
        return minutes < 120 ? Math.round(minutes) + " min" : String.format(Locale.ROOT, "%.1f h", minutes / 60);
    }
}
