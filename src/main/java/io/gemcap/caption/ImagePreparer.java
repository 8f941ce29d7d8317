package io.gemcap.caption;

import io.gemcap.events.RunListener;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.image.DecodeBudget;
import io.gemcap.image.Dimensions;
import io.gemcap.image.ImageConverter;
import io.gemcap.image.ImageDefect;
import io.gemcap.image.HeaderProbe;
import io.gemcap.image.ImageInspector;
import io.gemcap.image.Inspection;
import io.gemcap.image.PixelLayout;
import io.gemcap.image.PreparedImage;
import io.gemcap.image.Rejection;
import io.gemcap.image.SendableImage;
import io.gemcap.image.Thumbnails;
import io.gemcap.ledger.Ledger;
import io.gemcap.ledger.LedgerKey;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.ReasonClass;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.source.ImageBytes;
import io.gemcap.source.ImageGoneException;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageSource;
import io.gemcap.source.ImageTooLargeException;
import io.gemcap.usage.ImageTokens;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an {@link ImageRef} into a finished row or the payload of a call, the same way for every way of
 * captioning (a run, {@code one}, an estimate): an object listed with the version read last time takes
 * the ledger's answer without a download; a file that fails the checks is a {@code rejected} row; one
 * whose content was answered before for the same request takes the ledger's answer; the rest are
 * converted (turned upright, scaled to the detail level, re-encoded) into what is sent. Thread-safe.
 */
public final class ImagePreparer {

    /**
     * The version of gemcap's checks, kept with the rejections they made: 2 converts GIF, BMP and TIFF and
     * downscales large photos that version 1 refused, so its rejections are looked at again.
     */
    public static final int CHECK_VERSION = 2;

    private final ImageInspector inspector;
    private final ImageConverter converter;
    private final Ledger ledger;
    private final LedgerKey key;
    private final ImageTokens images;
    private final int schemaTokens;
    private final Thumbnails thumbnails;
    private final RequestSettings request;
    private final ImagePrompts prompts;
    /**
     * With a template filled from EXIF fields, each image's own ledger key (its filled prompt's), from preparing it until
     * its row is recorded: it cannot be made again without the image's bytes. Other templates are filled again.
     */
    private final Map<String, LedgerKey> imageKeys = new ConcurrentHashMap<>();
    private final RunListener events;

    /**
     * @param thumbnails where the report's thumbnails are kept: one is made from what is sent, when there is none yet
     * @param prompts the prompt each image is sent with (the run's, or a template filled per image)
     * @param events told of each image prepared and how long it took
     */
    public ImagePreparer(ImageInspector inspector, ImageConverter converter, Ledger ledger, RequestSettings request,
            ImageTokens images, Thumbnails thumbnails, ImagePrompts prompts, RunListener events) {
        this.events = Objects.requireNonNull(events, "events");
        this.thumbnails = Objects.requireNonNull(thumbnails, "thumbnails");
        this.request = request;
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.images = Objects.requireNonNull(images, "images");
        this.key = new LedgerKey(request.model(), request.ledgerKey(), CHECK_VERSION);
        // A schema is sent with every request and counted as input like the prompt.
        this.schemaTokens = request.schema() == null ? 0 : ImageTokens.text(request.schema().node().toString());
    }

    /** The input tokens of a request's text: its prompt and the schema. */
    private int textTokens(String prompt) {
        return ImageTokens.text(prompt) + schemaTokens;
    }

    /**
     * @param source where the image is read from, once its listed size has passed the limits
     * @param useLedger take an earlier answer for the same content instead of calling ({@code false} with {@code --force})
     */
    public Prepared prepare(ImageRef ref, ImageSource source, boolean useLedger) {
        return prepare(ref, source, useLedger, sha256 -> Optional.empty());
    }

    /**
     * As {@link #prepare(ImageRef, ImageSource, boolean)}, with one more check before any conversion.
     *
     * @param withheld why content of this hash is not to be sent (a failed row, tried again by a later run), if it is not
     */
    public Prepared prepare(ImageRef ref, ImageSource source, boolean useLedger,
            java.util.function.Function<String, Optional<String>> withheld) {
        long started = System.nanoTime();
        Prepared prepared;
        try {
            prepared = prepareChecked(ref, source, useLedger, withheld);
        } catch (VirtualMachineError broke) {
            // One image's failure, out of memory or stack, costs its row, never the job (gemcap's own checks run first).
            prepared = new Prepared.Finished(failed(ref, broke));
        }
        events.imagePrepared(java.time.Duration.ofNanos(System.nanoTime() - started), prepared instanceof Prepared.Payload);
        return prepared;
    }

    private Prepared prepareChecked(ImageRef ref, ImageSource source, boolean useLedger,
            java.util.function.Function<String, Optional<String>> withheld) {
        Checked checked = check(ref, source, useLedger);
        if (checked.finished() != null) {
            return checked.finished();
        }
        PreparedImage image = checked.image();
        Optional<String> notSent = withheld.apply(image.sha256());
        if (notSent.isPresent()) {
            return new Prepared.Finished(failed(image, notSent.get()).withVersion(checked.version()));
        }
        if (checked.layout() != PixelLayout.DIRECT) {
            // A thumbnail an earlier conversion made of this colour model may show another picture: made again from what is sent.
            thumbnails.discard(image.sha256());
        }
        SendableImage sendable;
        try {
            // A picture decoded anyway makes the report's thumbnail at no second decode.
            sendable = converter.convert(image, images.longestSide(), picture -> thumbnails.make(image.sha256(), picture));
            if (!thumbnails.has(image.sha256())) {
                // Sent as it is (already small enough): its thumbnail is made from its bytes.
                thumbnails.make(image.sha256(), sendable.bytes());
            }
        } catch (DecodeBudget.Exceeded overBudget) {
            // Not the file's fault: a larger heap or a lower detail takes it, so a later run tries it again.
            return new Prepared.Finished(failed(image, overBudget.getMessage()).withVersion(checked.version()));
        } catch (ImageDefect defect) {
            return new Prepared.Finished(rejected(new Rejection(ref, image.sha256(), image.type(), image.dimensions(),
                    defect.getMessage())).withVersion(checked.version()));
        } catch (RuntimeException broke) {
            // A decoder or colour conversion that breaks on this file costs its row, not the job.
            return new Prepared.Finished(failed(image, describe(broke)).withVersion(checked.version()));
        }
        return new Prepared.Payload(image, sendable, textTokens(checked.prompt()) + images.tokens(sendable.sent()), checked.version(),
                checked.prompt());
    }

    /**
     * What {@link #prepare} would come to, without decoding or converting: a finished row, or the call planned from
     * the size the image would be sent at. For estimates.
     */
    public Prepared plan(ImageRef ref, ImageSource source) {
        try {
            Checked checked = check(ref, source, true);
            if (checked.finished() != null) {
                return checked.finished();
            }
            Dimensions sent = converter.plannedSize(checked.image(), images.longestSide());
            return new Prepared.Planned(ref, sent, textTokens(checked.prompt()) + images.tokens(sent));
        } catch (VirtualMachineError broke) {
            return new Prepared.Finished(failed(ref, broke));
        }
    }

    /**
     * As {@link #plan}, for an object in a bucket, reading only its header (a few ranged reads, never the whole
     * object): an object the ledger knows at its listed version is free; other content cannot be hashed without a
     * download, so it is counted as a call. An image whose header cannot be reached is counted at the level's largest.
     */
    public Prepared planFromHeader(ImageRef ref, ImageSource source) {
        try {
            return planFromProbedHeader(ref, source);
        } catch (VirtualMachineError broke) {
            return new Prepared.Finished(failed(ref, broke));
        }
    }

    private Prepared planFromProbedHeader(ImageRef ref, ImageSource source) {
        PromptTemplate.Rendered listed = prompts.render(ref.path(), null);
        Optional<CaptionRow> unchanged = ref.version() == null || prompts.needsBytes() ? Optional.empty()
                : ledger.findUnchanged(ref.path(), ref.version(), keyFor(listed.text()));
        if (unchanged.isPresent()) {
            return new Prepared.Finished(unchanged.get().at(ref.path(), RowSource.LEDGER, ref.version()));
        }
        Optional<Rejection> tooLarge = inspector.refuseBySize(ref);
        if (tooLarge.isPresent()) {
            return new Prepared.Finished(rejected(tooLarge.get()));
        }
        Optional<HeaderProbe.Probed> probed;
        try {
            probed = HeaderProbe.probe((offset, length) -> source.readRange(ref, offset, length));
        } catch (IOException e) {
            return new Prepared.Finished(unreadable(ref, RowStatus.FAILED, e.getMessage()));
        }
        if (probed.isEmpty()) {
            return new Prepared.Finished(unreadable(ref, RowStatus.REJECTED, "not an image"));
        }
        // The stored size: the orientation is not read, and turning an image changes none of its token counts.
        Dimensions stored = probed.get().size();
        Dimensions sent = stored == null ? null : converter.plannedSize(stored, probed.get().type(), images.longestSide());
        Dimensions counted = sent != null ? sent : largest(stored);
        return new Prepared.Planned(ref, sent, textTokens(listed.text()) + images.tokens(counted));
    }

    /** What an image of unknown size is counted at: a square at the level's longest side, or 4000x3000 at its own size. */
    private Dimensions largest(Dimensions unknown) {
        int side = images.longestSide().orElse(4000);
        return new Dimensions(side, images.longestSide().isPresent() ? side : 3000);
    }

    /** The checks before any conversion: either a finished row or an image to send, with the version read and its prompt. */
    private record Checked(Prepared.Finished finished, PreparedImage image, PixelLayout layout, String version, String prompt) {
    }

    /** The ledger key of a request with this prompt (the run's own key when it is the run's prompt). */
    private LedgerKey keyFor(String prompt) {
        return prompt.equals(request.prompt()) ? key : new LedgerKey(request.model(), request.ledgerKeyFor(prompt), CHECK_VERSION);
    }

    private Checked check(ImageRef ref, ImageSource source, boolean useLedger) {
        PromptTemplate.Rendered rendered = prompts.needsBytes() ? null : prompts.render(ref.path(), null);
        if (useLedger && ref.version() != null && rendered != null) {
            Optional<CaptionRow> unchanged = ledger.findUnchanged(ref.path(), ref.version(), keyFor(rendered.text()));
            if (unchanged.isPresent()) {
                return finished(unchanged.get().at(ref.path(), RowSource.LEDGER, ref.version()));
            }
        }
        Optional<Rejection> tooLarge = inspector.refuseBySize(ref);
        if (tooLarge.isPresent()) {
            return finished(rejected(tooLarge.get()));
        }
        ImageBytes read;
        try {
            read = source.read(ref, inspector.maxFileBytes());
        } catch (ImageGoneException | ImageTooLargeException e) {
            return finished(unreadable(ref, RowStatus.REJECTED, e.getMessage()));
        } catch (IOException e) {
            // A later run reads it again: failed rows are not kept in the ledger.
            return finished(unreadable(ref, RowStatus.FAILED, e.getMessage()));
        }
        Inspection inspection = inspector.inspect(ref, read.bytes());
        if (inspection instanceof Rejection rejection) {
            return finished(rejected(rejection).withVersion(read.version()));
        }
        PreparedImage image = (PreparedImage) inspection;
        PixelLayout layout = PixelLayout.of(image.type(), image.bytes());
        if (rendered == null) {
            rendered = prompts.render(ref.path(), read.bytes());
            imageKeys.put(ref.path(), keyFor(rendered.text()));
        }
        if (useLedger) {
            Optional<CaptionRow> earlier = ledger.find(image.sha256(), keyFor(rendered.text()), layout);
            if (earlier.isPresent()) {
                return finished(earlier.get().at(ref.path(), RowSource.LEDGER, read.version()));
            }
        }
        if (prompts.strict() && !rendered.missing().isEmpty()) {
            return finished(rejected(new Rejection(ref, image.sha256(), image.type(), image.dimensions(), ReasonClass.TEMPLATE_WITHOUT_VALUE
                    + "{" + String.join("}, {", rendered.missing()) + "} for this image (--strict-template)"))
                    .withVersion(read.version()));
        }
        return new Checked(null, image, layout, read.version(), rendered.text());
    }

    /** The ledger key of the image at {@code path}: its filled prompt's with a template, else the run's. */
    private LedgerKey keyOf(String path) {
        LedgerKey noted = imageKeys.get(path);
        if (noted != null) {
            return noted;
        }
        return prompts.templated() && !prompts.needsBytes() ? keyFor(prompts.render(path, null).text()) : key;
    }

    private static Checked finished(CaptionRow row) {
        return new Checked(new Prepared.Finished(row), null, null, null, null);
    }

    /** The output tokens earlier calls for this request were answered with, on average, if the ledger holds any. */
    public java.util.OptionalDouble averageOutputTokens() {
        return ledger.averageOutputTokens(key);
    }

    /** Counts a paid answer for this image that did not follow the schema; returns how many there have been. */
    public int answerBroke(String sha256, String path) {
        return ledger.answerBroke(sha256, keyOf(path));
    }

    /** Records this run's outcomes and the object versions read, so that later runs need not pay or download again. */
    public void remember(List<? extends CaptionRow> rows) {
        if (!prompts.templated()) {
            ledger.record(key, rows);
            return;
        }
        Map<LedgerKey, List<CaptionRow>> byKey = new java.util.LinkedHashMap<>();
        for (CaptionRow row : rows) {
            byKey.computeIfAbsent(keyOf(row.path()), k -> new java.util.ArrayList<>()).add(row);
            imageKeys.remove(row.path());
        }
        byKey.forEach(ledger::record);
    }

    public static CaptionRow rejected(Rejection rejection) {
        Dimensions size = rejection.dimensions();
        CaptionRow.ImageFacts facts = new CaptionRow.ImageFacts(rejection.ref().path(), rejection.sha256(),
                rejection.type() == null ? null : rejection.type().mime(), size == null ? null : size.width(),
                size == null ? null : size.height(), null, null, null);
        return new CaptionRow(facts, new CaptionRow.Answer(RowStatus.REJECTED, null, rejection.reason(), null), CaptionRow.Usage.NONE,
                RowSource.CHECK, null);
    }

    /**
     * The failed row of an image whose preparation or call broke with {@code broke} (out of memory, a decoder's bug): it
     * is tried again by a later run, and the job goes on.
     */
    public static CaptionRow failed(ImageRef ref, Throwable broke) {
        return unreadable(ref, RowStatus.FAILED, describe(broke));
    }

    private static CaptionRow failed(PreparedImage image, String reason) {
        CaptionRow.ImageFacts facts = new CaptionRow.ImageFacts(image.ref().path(), image.sha256(), image.type().mime(),
                image.dimensions().width(), image.dimensions().height(), null, null, null);
        return new CaptionRow(facts, new CaptionRow.Answer(RowStatus.FAILED, null, reason, null), CaptionRow.Usage.NONE,
                RowSource.CHECK, null);
    }

    /** What broke, in one line for the row's {@code error}, with what helps when there is something to do. */
    static String describe(Throwable broke) {
        String what = broke.getClass().getSimpleName() + (broke.getMessage() == null ? ""
                : ": " + broke.getMessage().lines().findFirst().orElse(""));
        if (broke instanceof OutOfMemoryError) {
            return "ran out of memory handling this image (" + what + "): give Java a larger heap (GEMCAP_JAVA_OPTS=-Xmx...) or"
                    + " choose a lower --detail";
        }
        return "handling this image broke (" + what + ")";
    }

    private static CaptionRow unreadable(ImageRef ref, RowStatus status, String reason) {
        return new CaptionRow(CaptionRow.ImageFacts.unread(ref.path()), new CaptionRow.Answer(status, null, reason, null),
                CaptionRow.Usage.NONE, RowSource.CHECK, null);
    }
}
