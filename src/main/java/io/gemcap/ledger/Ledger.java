package io.gemcap.ledger;

import io.gemcap.output.CaptionRow;
import java.util.List;
import java.util.Optional;

/**
 * Earlier outcomes of calls, keyed by the image's content (SHA-256), the model and the prompt: a
 * renamed or moved file finds its entry, a changed file does not. Only outcomes a retry would not
 * change are kept (ok, blocked, refused by the service); {@code failed} rows are tried again.
 * Implementations are thread-safe.
 */
public interface Ledger {

    /** A ledger that knows nothing: every image is sent ({@code --force}). */
    Ledger NONE = new Ledger() {
        @Override
        public Optional<CaptionRow> find(String sha256, String model, String prompt) {
            return Optional.empty();
        }

        @Override
        public void record(String model, String prompt, List<? extends CaptionRow> rows) {
        }
    };

    /** The earlier outcome for this content, model and prompt, if any; its path is the one it had then. */
    Optional<CaptionRow> find(String sha256, String model, String prompt);

    /** Records the outcomes of this run's calls, in the caller's transaction. Other rows are ignored. */
    void record(String model, String prompt, List<? extends CaptionRow> rows);
}
