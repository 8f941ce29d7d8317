package io.gemcap.caption;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Prompts filled per image ({@code gemcap.template.*}; {@code --prompt-file}, {@code --metadata}).
 *
 * @param enabled the prompt is a template: its placeholders are filled per image
 * @param metadata a CSV of per-image fields, or {@code null}
 * @param metadataKey the column of {@code metadata} holding each image's path or file name
 * @param strict an image with a placeholder left without a value gets a rejected row instead of a call
 */
@ConfigurationProperties("gemcap.template")
public record TemplateSettings(boolean enabled, String metadata, String metadataKey, boolean strict) {

    public TemplateSettings {
        if (metadata != null && metadata.isBlank()) {
            metadata = null;
        }
        if (metadataKey == null || metadataKey.isBlank()) {
            metadataKey = "path";
        }
    }
}
