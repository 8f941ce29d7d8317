package io.gemcap.output;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * One image's line in the CSV and the results table, composed of what is known of the image, what the
 * answer was and what it used. Values the outcome did not produce are {@code null} (an empty cell).
 * {@code version} is the ETag or generation of the object that was read (not a CSV column: the ledger
 * keeps it so an unchanged object is not downloaded again), or {@code null} for a file. The columns are
 * listed once, in {@link RowColumn}.
 */
public record CaptionRow(ImageFacts image, Answer answer, Usage usage, RowSource source, String version) {

    /**
     * The image as found and as sent.
     *
     * @param width the stored image's width, as its header declares
     * @param sentWidth the width of what was sent (after turning upright and scaling), or {@code null} when nothing was sent
     */
    public record ImageFacts(String path, String sha256, String mime, Integer width, Integer height, Integer sentWidth,
            Integer sentHeight, Long sentBytes) {

        public ImageFacts {
            Objects.requireNonNull(path, "path");
        }

        /** What is known of a file before it could be read. */
        public static ImageFacts unread(String path) {
            return new ImageFacts(path, null, null, null, null, null, null, null);
        }
    }

    /** What came of the image: the status and the caption, or why there is none. */
    public record Answer(RowStatus status, String caption, String error, String finishReason) {

        public Answer {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * What the answer used: the model that gave it, the tokens the service reported, the time the call took
     * and what it cost (USD; 0 for a row that paid nothing tonight, {@code null} when the model has no price).
     */
    public record Usage(String model, Integer promptTokens, Integer outputTokens, Integer thoughtTokens, Long latencyMs,
            BigDecimal costUsd) {

        public static final Usage NONE = new Usage(null, null, null, null, null, BigDecimal.ZERO);

        /** Costs are kept to ten decimal places (a millionth of a cent), as the tables store them. */
        public Usage {
            costUsd = costUsd == null ? null : costUsd.setScale(10, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        }

        public Usage withCost(BigDecimal cost) {
            return new Usage(model, promptTokens, outputTokens, thoughtTokens, latencyMs, cost);
        }
    }

    public CaptionRow {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(source, "source");
    }

    /** A row from its columns' values, as {@link RowColumn} reads them; a column missing from {@code values} is empty. */
    public static CaptionRow of(Map<RowColumn, Object> values, String version) {
        ImageFacts image = new ImageFacts((String) values.get(RowColumn.PATH), (String) values.get(RowColumn.SHA256),
                (String) values.get(RowColumn.MIME), (Integer) values.get(RowColumn.WIDTH), (Integer) values.get(RowColumn.HEIGHT),
                (Integer) values.get(RowColumn.SENT_WIDTH), (Integer) values.get(RowColumn.SENT_HEIGHT),
                (Long) values.get(RowColumn.SENT_BYTES));
        Answer answer = new Answer((RowStatus) values.get(RowColumn.STATUS), (String) values.get(RowColumn.CAPTION),
                (String) values.get(RowColumn.ERROR), (String) values.get(RowColumn.FINISH_REASON));
        Usage usage = new Usage((String) values.get(RowColumn.MODEL), (Integer) values.get(RowColumn.PROMPT_TOKENS),
                (Integer) values.get(RowColumn.OUTPUT_TOKENS), (Integer) values.get(RowColumn.THOUGHT_TOKENS),
                (Long) values.get(RowColumn.LATENCY_MS), (BigDecimal) values.get(RowColumn.COST_USD));
        return new CaptionRow(image, answer, usage, (RowSource) values.get(RowColumn.SOURCE), version);
    }

    public String path() {
        return image.path();
    }

    public String sha256() {
        return image.sha256();
    }

    public RowStatus status() {
        return answer.status();
    }

    /**
     * An earlier answer under this row's path: a renamed or copied file takes its content's earlier result. Taken
     * from the ledger, it cost nothing tonight.
     */
    public CaptionRow at(String newPath, RowSource newSource, String newVersion) {
        ImageFacts moved = new ImageFacts(newPath, image.sha256(), image.mime(), image.width(), image.height(), image.sentWidth(),
                image.sentHeight(), image.sentBytes());
        Usage paid = newSource == RowSource.LEDGER ? usage.withCost(BigDecimal.ZERO) : usage;
        return new CaptionRow(moved, answer, paid, newSource, newVersion);
    }

    public CaptionRow withVersion(String newVersion) {
        return new CaptionRow(image, answer, usage, source, newVersion);
    }
}
