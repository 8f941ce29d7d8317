package io.gemcap.gemini;

import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.ThinkingConfig;
import io.gemcap.image.Detail;
import io.gemcap.image.ImageInspector;
import io.gemcap.usage.ImageTokens;
import io.gemcap.usage.ModelFamilies;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything in a request that changes the answer, besides the image: what the ledger keys earlier answers
 * by, and what a later run of a job must keep (a change is refused unless {@code --force}, as a new prompt is).
 *
 * @param mediaResolution the request's media resolution, or {@code null} for the model's default
 * @param thinkingBudget the thinking budget sent (0: off, -1: the model decides), or {@code null} (the model's default)
 * @param thinkingLevel the thinking level sent, or {@code null}
 * @param maxOutputTokens the longest answer, or {@code null} for the model's default
 * @param schema the JSON Schema the answer must follow, or {@code null} for a free caption
 */
public record RequestSettings(String model, String prompt, Detail detail, String mediaResolution, Integer thinkingBudget,
        String thinkingLevel, Integer maxOutputTokens, AnswerSchema schema) {

    /** The longest answer current models give when a request sets no limit (their outputTokenLimit). */
    private static final int MODEL_OUTPUT_LIMIT = 65_536;

    /** What release 0.1.0 sent, which had none of these settings: its ledger entries are keyed by the prompt's hash alone. */
    public static final String LEGACY = "detail=original;media=;thinking-budget=;thinking-level=;max-output-tokens=";

    public RequestSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(detail, "detail");
    }

    /** The settings of a run: the model's family decides the media resolution and the thinking default; an explicit budget wins. */
    public static RequestSettings of(GeminiSettings gemini, ModelFamilies families, Detail detail) {
        ModelFamilies.Family family = families.familyOf(gemini.model());
        ImageTokens images = new ImageTokens(family, detail);
        Integer budget = gemini.thinkingBudget() != null ? gemini.thinkingBudget() : family.thinkingBudget();
        String level = gemini.thinkingBudget() != null ? null : family.thinkingLevel();
        return new RequestSettings(gemini.model(), gemini.prompt(), detail, images.mediaResolution().orElse(null), budget,
                level == null || level.isBlank() ? null : level.toUpperCase(Locale.ROOT), gemini.maxOutputTokens(),
                gemini.schema() == null ? null : AnswerSchema.read(java.nio.file.Path.of(gemini.schema())));
    }

    /**
     * The settings in one canonical line, the model and prompt aside: a job parameter, compared between runs. A schema
     * adds its hash at the end (a run without one keeps the line earlier releases wrote).
     */
    public String canonical() {
        return "detail=" + detail.label() + ";media=" + text(mediaResolution) + ";thinking-budget=" + text(thinkingBudget)
                + ";thinking-level=" + text(thinkingLevel) + ";max-output-tokens=" + text(maxOutputTokens)
                + (schema == null ? "" : ";schema=" + schema.sha256().substring(0, 16));
    }

    /**
     * The key of this request in the ledger (with the model): the prompt's hash when the settings are those of
     * release 0.1.0, so its entries stay valid, else a hash of the prompt's hash and the settings.
     */
    public String ledgerKey() {
        return ledgerKeyFor(prompt);
    }

    /** The ledger key of a request sent with {@code filledPrompt} (a template filled for one image) and these settings. */
    public String ledgerKeyFor(String filledPrompt) {
        String promptHash = sha256(filledPrompt);
        return LEGACY.equals(canonical()) ? promptHash : sha256(promptHash + "\n" + canonical());
    }

    /** The most output tokens an answer can cost: the limit sent, or the models' own when none is: what a budget reserves. */
    public int longestAnswer() {
        return maxOutputTokens == null ? MODEL_OUTPUT_LIMIT : maxOutputTokens;
    }

    /** The request's generation settings on the wire. */
    public GenerateContentConfig config() {
        GenerateContentConfig.Builder builder = GenerateContentConfig.builder();
        if (maxOutputTokens != null) {
            builder.maxOutputTokens(maxOutputTokens);
        }
        if (thinkingLevel != null) {
            builder.thinkingConfig(ThinkingConfig.builder().thinkingLevel(thinkingLevel).build());
        } else if (thinkingBudget != null) {
            builder.thinkingConfig(ThinkingConfig.builder().thinkingBudget(thinkingBudget).build());
        }
        if (mediaResolution != null) {
            builder.mediaResolution(mediaResolution);
        }
        if (schema != null) {
            builder.responseMimeType("application/json").responseJsonSchema(schema.wire());
        }
        return builder.build();
    }

    /** How two canonical lines differ, for the one line that refuses a changed job; {@code null} as {@code before} is release 0.1.0. */
    public static String describeChange(String before, String now) {
        java.util.Map<String, String> was = settings(before == null ? LEGACY : before);
        java.util.Map<String, String> is = settings(now);
        java.util.Set<String> names = new java.util.LinkedHashSet<>(was.keySet());
        names.addAll(is.keySet());
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            String then = was.getOrDefault(name, "");
            String today = is.getOrDefault(name, "");
            if (!then.equals(today)) {
                out.append(out.length() == 0 ? "" : ", ").append(name).append(' ').append(then.isEmpty() ? "unset" : then)
                        .append(" (now ").append(today.isEmpty() ? "unset" : today).append(')');
            }
        }
        return out.toString();
    }

    private static java.util.Map<String, String> settings(String canonical) {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String setting : canonical.split(";")) {
            int equals = setting.indexOf('=');
            settings.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return settings;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String sha256(String text) {
        return ImageInspector.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
