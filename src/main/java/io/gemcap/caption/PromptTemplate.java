package io.gemcap.caption;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with placeholders filled per image ({@code --prompt-file}): {@code {path}}, {@code {name}}, {@code {folder}},
 * {@code {exif.Model}} and other EXIF fields, the fields of a metadata table ({@code {title}}), and {@code {metadata}}
 * for all of them. Text in braces that
 * is not a name ({@code {"a": 1}}) is left as it is. Immutable.
 */
public final class PromptTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.\\-]*)}");
    static final String EXIF = "exif.";
    /** Every field of the image's metadata row, as {@code name: value; ...} (empty without a row). */
    static final String METADATA = "metadata";

    private final String text;
    private final Set<String> names;

    public PromptTemplate(String text) {
        this.text = text;
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        this.names = Set.copyOf(found);
    }

    /** Whether filling it needs the image's bytes (an EXIF field). */
    public boolean usesExif() {
        return names.stream().anyMatch(name -> name.startsWith(EXIF));
    }

    /** A prompt filled for one image, and the placeholders it had no value for. */
    public record Rendered(String text, List<String> missing) {
    }

    /**
     * Fills each placeholder from {@code values}; one without a value ({@code null}) becomes empty and is named in
     * {@code missing} (an empty value, such as the folder of an image at the top, is a value).
     */
    public Rendered render(Function<String, String> values) {
        List<String> missing = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.apply(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return new Rendered(out.toString(), List.copyOf(missing));
    }

    /** The values of the built-in placeholders for an image at {@code path} (relative, {@code /}-separated). */
    public static Map<String, String> pathValues(String path) {
        int slash = path.lastIndexOf('/');
        return Map.of("path", path, "name", path.substring(slash + 1), "folder", slash < 0 ? "" : path.substring(0, slash));
    }
}
