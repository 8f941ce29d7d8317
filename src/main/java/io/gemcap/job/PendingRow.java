package io.gemcap.job;

import io.gemcap.output.CaptionRow;
import io.gemcap.source.ImageRef;
import java.util.concurrent.Future;

/** An image whose call has been started ahead of its chunk, and the row it will become. */
public record PendingRow(ImageRef ref, Future<CaptionRow> row) {
}
