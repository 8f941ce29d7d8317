package io.gemcap.ledger;

import java.util.Objects;

/**
 * What an answer in the ledger is for, besides the image: the model asked, the request's fingerprint (see
 * {@code RequestSettings.ledgerKey()}), and the version of gemcap's checks, under which a rejection by those
 * checks stays true.
 */
public record LedgerKey(String model, String request, int checkVersion) {

    public LedgerKey {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
    }
}
