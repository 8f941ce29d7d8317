package io.gemcap.report;

/**
 * Where a run is, as the progress line shows it.
 *
 * @param done images with a row (across the run's executions)
 * @param doneBefore of those, the ones earlier executions did (a resumed run's speed counts only this execution's)
 * @param total images the run will take, or the count found so far when {@code totalKnown} is false (a count still going,
 *     a bucket)
 * @param failed rows failed so far (a later run tries them again)
 * @param rateLimited answers that were 429 in this execution
 * @param retries attempts repeated after a failure in this execution
 * @param costUsd what the run's calls cost so far, or {@code null} when the model has no price
 * @param batches a Batch Mode run's batches, in words ({@code 3 with the service, 2 collected}); empty online
 */
public record Progress(long done, long doneBefore, long total, boolean totalKnown, long failed, long rateLimited, long retries,
        Double costUsd, String batches) {

    /** What the line says after the count and the speed: the pushback, the cost, the batches. */
    public String extras() {
        StringBuilder text = new StringBuilder();
        if (failed > 0) {
            text.append(failed).append(" failed, ");
        }
        text.append("429s: ").append(rateLimited).append(", retries: ").append(retries);
        if (costUsd != null) {
            text.append(", ").append(SummaryText.usd(costUsd));
        }
        if (!batches.isEmpty()) {
            text.append(", batches: ").append(batches);
        }
        return text.toString();
    }
}
