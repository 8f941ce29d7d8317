package io.gemcap.job;

import io.gemcap.output.CaptionRow;
import io.gemcap.source.ImageRef;
import io.gemcap.source.SkipCounts;
import java.util.concurrent.Future;

/**
 * An image whose call has been started ahead of its chunk, and the row it will become.
 *
 * @param skippedBefore what the walk had passed over when it found this image: the skips behind it once it is committed
 */
public record PendingRow(ImageRef ref, Future<CaptionRow> row, SkipCounts skippedBefore) {
}
