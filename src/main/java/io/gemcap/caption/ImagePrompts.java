package io.gemcap.caption;

import io.gemcap.image.ExifFields;
import java.util.Map;
import java.util.Optional;

/**
 * The prompt each image is sent with: the run's own, or a template filled from the image's path, its EXIF fields and
 * its row of a metadata table. Thread-safe.
 */
public final class ImagePrompts {

    private final String prompt;
    private final PromptTemplate template;
    private final MetadataTable metadata;
    private final boolean strict;

    private ImagePrompts(String prompt, PromptTemplate template, MetadataTable metadata, boolean strict) {
        this.prompt = prompt;
        this.template = template;
        this.metadata = metadata;
        this.strict = strict;
    }

    /** Every image gets the same prompt. */
    public static ImagePrompts fixed(String prompt) {
        return new ImagePrompts(prompt, null, null, false);
    }

    /**
     * @param metadata the table whose fields fill placeholders, or {@code null}
     * @param strict an image with a placeholder left without a value is rejected rather than sent with it empty
     */
    public static ImagePrompts template(String template, MetadataTable metadata, boolean strict) {
        return new ImagePrompts(template, new PromptTemplate(template), metadata, strict);
    }

    public boolean templated() {
        return template != null;
    }

    /** Whether an image's prompt can only be filled from its bytes (an EXIF field): no ledger hit without reading it. */
    public boolean needsBytes() {
        return template != null && template.usesExif();
    }

    /** Whether a placeholder without a value rejects the image. */
    public boolean strict() {
        return strict;
    }

    /**
     * The prompt for the image at {@code path} (relative, {@code /}-separated).
     *
     * @param bytes the image's bytes, needed only when {@link #needsBytes()}
     */
    public PromptTemplate.Rendered render(String path, byte[] bytes) {
        if (template == null) {
            return new PromptTemplate.Rendered(prompt, java.util.List.of());
        }
        Map<String, String> builtIn = PromptTemplate.pathValues(path);
        Map<String, String> exif = template.usesExif() && bytes != null ? ExifFields.of(bytes) : Map.of();
        Optional<Map<String, String>> row = metadata == null ? Optional.empty() : metadata.find(path);
        return template.render(name -> {
            if (name.equals(PromptTemplate.METADATA)) {
                // The whole row, for a prompt that takes whatever the catalogue knows (a ready task's).
                return row.map(fields -> fields.entrySet().stream()
                        .filter(e -> !e.getKey().equals(metadata.keyColumn()) && !e.getValue().isBlank())
                        .map(e -> e.getKey() + ": " + e.getValue()).collect(java.util.stream.Collectors.joining("; ")))
                        .orElse("");
            }
            if (name.startsWith(PromptTemplate.EXIF)) {
                return exif.get(name.substring(PromptTemplate.EXIF.length()));
            }
            // A blank cell of the table is no value, like a missing row.
            String field = row.map(fields -> fields.get(name)).filter(value -> !value.isBlank()).orElse(null);
            return field != null ? field : builtIn.get(name);
        });
    }
}
