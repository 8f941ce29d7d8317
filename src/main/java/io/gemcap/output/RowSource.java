package io.gemcap.output;

import java.util.Locale;

/** Where a row's outcome came from, as written in the CSV's {@code source} column. */
public enum RowSource {
    /** A call made in this run. */
    CALL,
    /** An earlier run's call on the same content, model and prompt, taken from the ledger: nothing paid. */
    LEDGER,
    /** gemcap's own check before any call (a rejected file). */
    CHECK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RowSource fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
