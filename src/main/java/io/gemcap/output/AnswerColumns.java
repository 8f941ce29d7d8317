package io.gemcap.output;

import java.util.List;
import java.util.function.Function;

/**
 * The columns a structured answer adds after every fixed column: one per top-level property of the run's schema, in
 * its order (a property named like a fixed column is prefixed {@code answer_}), and how an answer fills them.
 *
 * @param cells the cells of an answer (the row's caption, the whole JSON), one per name
 */
public record AnswerColumns(List<String> names, Function<String, List<String>> cells) {

    /** A free caption adds no column. */
    public static final AnswerColumns NONE = new AnswerColumns(List.of(), answer -> List.of());

    public static AnswerColumns of(List<String> properties, Function<String, List<String>> cells) {
        List<String> names = properties.stream().map(p -> CaptionCsv.COLUMNS.contains(p) ? "answer_" + p : p).toList();
        return new AnswerColumns(names, cells);
    }
}
