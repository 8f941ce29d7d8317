package io.gemcap.caption;

import io.gemcap.gemini.CallOutcome;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.Tokens;
import io.gemcap.image.Dimensions;
import io.gemcap.image.ImageInspector;
import io.gemcap.image.Inspection;
import io.gemcap.image.PreparedImage;
import io.gemcap.image.Rejection;
import io.gemcap.output.CaptionRow;
import io.gemcap.ledger.Ledger;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.source.ImageBytes;
import io.gemcap.source.ImageGoneException;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageTooLargeException;
import io.gemcap.source.ImageSource;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns an {@link ImageRef} into its {@link CaptionRow}: an object listed with the version read last
 * time takes the ledger's result without a download; a file that fails inspection becomes a
 * {@code rejected} row without a call; one whose content was captioned before with the same model
 * and prompt takes the ledger's result; the rest are sent. Thread-safe when its parts are.
 */
public final class ImageCaptioner {

    private final ImageInspector inspector;
    private final GeminiCaptioner gemini;
    private final Ledger ledger;
    private final String prompt;

    public ImageCaptioner(ImageInspector inspector, GeminiCaptioner gemini, Ledger ledger, String prompt) {
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.gemini = Objects.requireNonNull(gemini, "gemini");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    /**
     * @param source where the image is read from, once its listed size has passed the limits
     * @param useLedger take an earlier result for the same content instead of calling ({@code false} with {@code --force})
     * @param beforeCall told just before a paid call is sent for the image
     * @throws io.gemcap.gemini.GeminiFatalException when the job must stop
     */
    public CaptionRow caption(ImageRef ref, ImageSource source, boolean useLedger, Consumer<ImageRef> beforeCall) {
        if (useLedger && ref.version() != null) {
            Optional<CaptionRow> unchanged = ledger.findUnchanged(ref.path(), ref.version(), gemini.model(), prompt);
            if (unchanged.isPresent()) {
                return unchanged.get().at(ref.path(), RowSource.LEDGER, ref.version());
            }
        }
        Optional<Rejection> tooLarge = inspector.refuseBySize(ref);
        if (tooLarge.isPresent()) {
            return rejected(tooLarge.get());
        }
        ImageBytes read;
        try {
            read = source.read(ref, inspector.maxFileBytes());
        } catch (ImageGoneException | ImageTooLargeException e) {
            return unreadable(ref, RowStatus.REJECTED, e.getMessage());
        } catch (IOException e) {
            // A later run reads it again: failed rows are not kept in the ledger.
            return unreadable(ref, RowStatus.FAILED, e.getMessage());
        }
        Inspection inspection = inspector.inspect(ref, read.bytes());
        if (inspection instanceof Rejection rejection) {
            return rejected(rejection).withVersion(read.version());
        }
        PreparedImage image = (PreparedImage) inspection;
        if (useLedger) {
            Optional<CaptionRow> earlier = ledger.find(image.sha256(), gemini.model(), prompt);
            if (earlier.isPresent()) {
                return earlier.get().at(ref.path(), RowSource.LEDGER, read.version());
            }
        }
        beforeCall.accept(ref);
        return row(image, gemini.caption(image), gemini.model()).withVersion(read.version());
    }

    /** Records this run's outcomes and the object versions read, so that later runs need not pay or download again. */
    public void remember(List<? extends CaptionRow> rows) {
        ledger.record(gemini.model(), prompt, rows);
    }

    public static CaptionRow rejected(Rejection rejection) {
        Dimensions size = rejection.dimensions();
        return new CaptionRow(rejection.ref().path(), rejection.sha256(), RowStatus.REJECTED, null, rejection.reason(),
                null, rejection.type() == null ? null : rejection.type().mime(),
                size == null ? null : size.width(), size == null ? null : size.height(),
                null, null, null, null, null, RowSource.CHECK, null);
    }

    private static CaptionRow unreadable(ImageRef ref, RowStatus status, String reason) {
        return new CaptionRow(ref.path(), null, status, null, reason, null, null, null, null, null, null, null, null, null,
                RowSource.CHECK, null);
    }

    public static CaptionRow row(PreparedImage image, CallOutcome outcome, String model) {
        String path = image.ref().path();
        String mime = image.type().mime();
        int width = image.dimensions().width();
        int height = image.dimensions().height();
        if (outcome instanceof CallOutcome.Captioned ok) {
            Tokens t = ok.tokens();
            return new CaptionRow(path, image.sha256(), RowStatus.OK, ok.text(), ok.note(), ok.finishReason(), mime,
                    width, height, ok.model(), t.prompt(), t.output(), t.thought(), ok.latencyMs(), RowSource.CALL, null);
        }
        if (outcome instanceof CallOutcome.Blocked blocked) {
            Tokens t = blocked.tokens();
            return new CaptionRow(path, image.sha256(), RowStatus.BLOCKED, null, blocked.reason(), blocked.finishReason(),
                    mime, width, height, blocked.model(), t.prompt(), t.output(), t.thought(), blocked.latencyMs(), RowSource.CALL, null);
        }
        if (outcome instanceof CallOutcome.Refused refused) {
            return new CaptionRow(path, image.sha256(), RowStatus.REJECTED, null, refused.message(), null, mime,
                    width, height, model, null, null, null, refused.latencyMs(), RowSource.CALL, null);
        }
        if (outcome instanceof CallOutcome.RequestRefused refused) {
            return new CaptionRow(path, image.sha256(), RowStatus.FAILED, null, refused.message(), null, mime, width, height,
                    model, null, null, null, refused.latencyMs(), RowSource.CALL, null);
        }
        CallOutcome.Failed failed = (CallOutcome.Failed) outcome;
        return new CaptionRow(path, image.sha256(), RowStatus.FAILED, null, failed.reason(), null, mime, width, height,
                model, null, null, null, failed.latencyMs(), RowSource.CALL, null);
    }
}
