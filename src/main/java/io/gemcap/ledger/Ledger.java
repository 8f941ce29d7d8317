package io.gemcap.ledger;

import io.gemcap.image.PixelLayout;
import io.gemcap.output.CaptionRow;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Earlier outcomes, keyed by the image's content (SHA-256), the model and the request's fingerprint (the
 * prompt and every setting that changes the answer): a renamed or moved file finds its entry, a changed
 * file does not. Only outcomes a retry would not change are kept (ok, blocked, refused by the service,
 * rejected by gemcap's check, with the check's version), each with the version of the conversion whose picture it
 * answered; {@code failed} rows are tried again. For bucket
 * objects it also keeps the version (ETag or generation) last read at each location, so an object listed
 * unchanged is answered without a download. Implementations are thread-safe.
 */
public interface Ledger {

    /** A ledger that knows nothing: every image is read and sent ({@code --force}). */
    Ledger NONE = new Ledger() {
        @Override
        public Optional<CaptionRow> find(String sha256, LedgerKey key, PixelLayout layout) {
            return Optional.empty();
        }

        @Override
        public Optional<CaptionRow> findUnchanged(String location, String version, LedgerKey key) {
            return Optional.empty();
        }

        @Override
        public void record(LedgerKey key, List<? extends CaptionRow> rows) {
        }

        @Override
        public OptionalDouble averageOutputTokens(LedgerKey key) {
            return OptionalDouble.empty();
        }

        @Override
        public int answerBroke(String sha256, LedgerKey key) {
            return 1;
        }
    };

    /**
     * Counts one more paid answer for this content and request that did not follow the schema (committed at once: it was
     * paid, whatever becomes of the chunk).
     *
     * @return how many there have been, this one included
     */
    int answerBroke(String sha256, LedgerKey key);

    /**
     * The earlier call's outcome for this content and request, if any; its path is the one it had then. An answer about
     * the picture an earlier conversion sent for an image of this {@code layout}, when that differs from what is sent
     * now ({@link io.gemcap.image.Conversion#changedSince}), is not served: it is noted as mended, and the image is paid
     * for once more.
     */
    Optional<CaptionRow> find(String sha256, LedgerKey key, PixelLayout layout);

    /**
     * The earlier outcome (call, or a check of the current version) for the content last read at {@code location},
     * if that was this {@code version}.
     */
    Optional<CaptionRow> findUnchanged(String location, String version, LedgerKey key);

    /** The output tokens (thinking included) earlier calls for this request were answered with, on average, if any. */
    OptionalDouble averageOutputTokens(LedgerKey key);

    /** Records the outcomes of this run's calls and checks and the versions read, in the caller's transaction. */
    void record(LedgerKey key, List<? extends CaptionRow> rows);
}
