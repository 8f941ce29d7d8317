package io.gemcap.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much of an image is sent ({@code --detail}): the sizes and media resolutions each level means are in config. */
public enum Detail {
    LOW, MEDIUM, HIGH,
    /** The file's own bytes at its own size (converted only when the service refuses its format). */
    ORIGINAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the levels, for a value that is none of them */
    public static Detail parse(String value) {
        for (Detail detail : values()) {
            if (detail.label().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return detail;
            }
        }
        throw new IllegalArgumentException("unknown detail level '" + value + "': use one of "
                + Arrays.stream(values()).map(Detail::label).collect(Collectors.joining(", ")));
    }
}
