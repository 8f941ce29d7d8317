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
import io.gemcap.source.ImageRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an {@link ImageRef} into its {@link CaptionRow}: a file that fails inspection becomes a
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
     * @param useLedger take an earlier result for the same content instead of calling ({@code false} with {@code --force})
     * @throws io.gemcap.gemini.GeminiFatalException when the job must stop
     */
    public CaptionRow caption(ImageRef ref, boolean useLedger) {
        Inspection inspection = inspector.inspect(ref);
        if (inspection instanceof Rejection rejection) {
            return rejected(rejection);
        }
        PreparedImage image = (PreparedImage) inspection;
        if (useLedger) {
            Optional<CaptionRow> earlier = ledger.find(image.sha256(), gemini.model(), prompt);
            if (earlier.isPresent()) {
                return earlier.get().at(ref.path(), RowSource.LEDGER);
            }
        }
        return row(image, gemini.caption(image), gemini.model());
    }

    /** Records this run's call outcomes so that later runs need not pay for them again. */
    public void remember(List<? extends CaptionRow> rows) {
        ledger.record(gemini.model(), prompt, rows);
    }

    public static CaptionRow rejected(Rejection rejection) {
        Dimensions size = rejection.dimensions();
        return new CaptionRow(rejection.ref().path(), rejection.sha256(), RowStatus.REJECTED, null, rejection.reason(),
                null, rejection.type() == null ? null : rejection.type().mime(),
                size == null ? null : size.width(), size == null ? null : size.height(),
                null, null, null, null, null, RowSource.CHECK);
    }

    public static CaptionRow row(PreparedImage image, CallOutcome outcome, String model) {
        String path = image.ref().path();
        String mime = image.type().mime();
        int width = image.dimensions().width();
        int height = image.dimensions().height();
        if (outcome instanceof CallOutcome.Captioned ok) {
            Tokens t = ok.tokens();
            return new CaptionRow(path, image.sha256(), RowStatus.OK, ok.text(), ok.note(), ok.finishReason(), mime,
                    width, height, ok.model(), t.prompt(), t.output(), t.thought(), ok.latencyMs(), RowSource.CALL);
        }
        if (outcome instanceof CallOutcome.Blocked blocked) {
            Tokens t = blocked.tokens();
            return new CaptionRow(path, image.sha256(), RowStatus.BLOCKED, null, blocked.reason(), blocked.finishReason(),
                    mime, width, height, blocked.model(), t.prompt(), t.output(), t.thought(), blocked.latencyMs(), RowSource.CALL);
        }
        if (outcome instanceof CallOutcome.Refused refused) {
            return new CaptionRow(path, image.sha256(), RowStatus.REJECTED, null, refused.message(), null, mime,
                    width, height, model, null, null, null, refused.latencyMs(), RowSource.CALL);
        }
        CallOutcome.Failed failed = (CallOutcome.Failed) outcome;
        return new CaptionRow(path, image.sha256(), RowStatus.FAILED, null, failed.reason(), null, mime, width, height,
                model, null, null, null, failed.latencyMs(), RowSource.CALL);
    }
}
