package io.gemcap.usage;

import io.gemcap.image.Detail;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which family each model belongs to, and what a family's detail levels, token rule and thinking default
 * are ({@code gemcap.models.*}). A table rather than a name prefix: aliases such as
 * {@code gemini-flash-lite-latest} name no generation.
 *
 * @param defaultFamily the family of a model the table does not list
 * @param families by name
 * @param members model name to family name
 */
@ConfigurationProperties("gemcap.models")
public record ModelFamilies(String defaultFamily, Map<String, Family> families, Map<String, String> members) {

    /** How a family counts an image's tokens. */
    public enum TokenRule {
        /** Gemini 2.x, as documented: both sides within 384 px are 258 tokens; larger, 258 per 768x768 tile. */
        TILES,
        /** Gemini 3: a fixed count per image for the request's media resolution. */
        MEDIA_RESOLUTION
    }

    /**
     * @param tokens how images are counted
     * @param longestSide per detail level, the longest side an image is scaled down to before it is sent
     * @param mediaResolutionTokens per detail level, the tokens of one image for {@link TokenRule#MEDIA_RESOLUTION}
     *     ({@code original}: the model's default, when no media resolution is sent); those levels are sent as
     *     {@code mediaResolution}
     * @param thinkingBudget the thinking budget sent unless {@code gemcap.gemini.thinking-budget} is set (0: off), or {@code null}
     * @param thinkingLevel the thinking level sent instead of a budget (Gemini 3: {@code minimal}), or {@code null}
     */
    public record Family(TokenRule tokens, Map<Detail, Integer> longestSide, Map<Detail, Integer> mediaResolutionTokens,
            Integer thinkingBudget, String thinkingLevel) {

        public Family {
            tokens = tokens == null ? TokenRule.TILES : tokens;
            longestSide = longestSide == null ? Map.of() : Map.copyOf(longestSide);
            mediaResolutionTokens = mediaResolutionTokens == null ? Map.of() : Map.copyOf(mediaResolutionTokens);
            if (tokens == TokenRule.MEDIA_RESOLUTION && !mediaResolutionTokens.containsKey(Detail.ORIGINAL)) {
                throw new IllegalArgumentException("a media-resolution family needs media-resolution-tokens for every level, original too");
            }
        }
    }

    public ModelFamilies {
        families = families == null ? Map.of() : Map.copyOf(families);
        members = members == null ? Map.of() : Map.copyOf(members);
        if (!families.containsKey(defaultFamily)) {
            throw new IllegalArgumentException("gemcap.models.default-family '" + defaultFamily + "' is not in gemcap.models.families");
        }
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (!families.containsKey(member.getValue())) {
                throw new IllegalArgumentException("gemcap.models.members names family '" + member.getValue() + "' for "
                        + member.getKey() + ", which gemcap.models.families does not define");
            }
        }
    }

    public boolean knows(String model) {
        return members.containsKey(model);
    }

    public Family familyOf(String model) {
        return families.get(members.getOrDefault(model, defaultFamily));
    }

    /** What one request for {@code model} at {@code detail} sends and costs per image. */
    public ImageTokens imageTokens(String model, Detail detail) {
        return new ImageTokens(familyOf(model), detail);
    }
}
