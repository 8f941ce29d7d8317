package io.gemcap.output;

import java.util.Objects;

/**
 * One image's line in the CSV and the results table. Numbers and texts the outcome did not produce
 * are {@code null} (an empty cell). {@code version} is the ETag or generation of the object that was
 * read (not a CSV column: the ledger keeps it so an unchanged object is not downloaded again), or
 * {@code null} for a file.
 */
public record CaptionRow(String path, String sha256, RowStatus status, String caption, String error,
        String finishReason, String mime, Integer width, Integer height, String model, Integer promptTokens,
        Integer outputTokens, Integer thoughtTokens, Long latencyMs, RowSource source, String version) {

    public CaptionRow {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
    }

    /** The same outcome under another path: a renamed or copied file takes its content's earlier result. */
    public CaptionRow at(String newPath, RowSource newSource, String newVersion) {
        return new CaptionRow(newPath, sha256, status, caption, error, finishReason, mime, width, height, model, promptTokens,
                outputTokens, thoughtTokens, latencyMs, newSource, newVersion);
    }

    public CaptionRow withVersion(String newVersion) {
        return at(path, source, newVersion);
    }
}
