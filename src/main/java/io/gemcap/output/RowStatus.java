package io.gemcap.output;

import java.util.Locale;

/** A row's outcome, as written in the CSV's {@code status} column. */
public enum RowStatus {
    /** Captioned. */
    OK,
    /** Not sent, or refused by the service, because of the file itself. Nothing to retry. */
    REJECTED,
    /** The prompt or the answer was blocked for safety, recitation or similar. */
    BLOCKED,
    /** The call kept failing; a later run tries it again. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RowStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
