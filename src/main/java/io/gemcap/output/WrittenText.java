package io.gemcap.output;

/**
 * The one rule for a model's text that gemcap writes out (CSV cells, sidecars): control characters are dropped,
 * tab and line breaks kept. A NUL cuts a cell or a training tool's string short, and escape sequences
 * drive the terminal of whoever prints the file.
 */
public final class WrittenText {

    private WrittenText() {
    }

    /** {@code text} without its control characters (C0, DEL and C1) other than tab, line feed and carriage return. */
    public static String clean(String text) {
        if (text == null || text.chars().noneMatch(WrittenText::dropped)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.chars().filter(c -> !dropped(c)).forEach(c -> kept.append((char) c));
        return kept.toString();
    }

    private static boolean dropped(int c) {
        return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
    }
}
