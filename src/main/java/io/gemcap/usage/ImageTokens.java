package io.gemcap.usage;

import io.gemcap.image.Detail;
import io.gemcap.image.Dimensions;
import java.util.Optional;
import java.util.OptionalInt;

/** What the detail level means for one model family: the size images are scaled to, the media resolution sent, the tokens predicted. */
public record ImageTokens(ModelFamilies.Family family, Detail detail) {

    /** The longest side images are scaled down to, or empty to send them at their own size. */
    public OptionalInt longestSide() {
        Integer side = detail == Detail.ORIGINAL ? null : family.longestSide().get(detail);
        return side == null ? OptionalInt.empty() : OptionalInt.of(side);
    }

    /** The request's {@code mediaResolution} ({@code MEDIA_RESOLUTION_LOW} ...), or empty to leave the model's default. */
    public Optional<String> mediaResolution() {
        if (detail == Detail.ORIGINAL || !family.mediaResolutionTokens().containsKey(detail)) {
            return Optional.empty();
        }
        return Optional.of("MEDIA_RESOLUTION_" + detail.name());
    }

    /** The tokens an image of this size is counted as, by the family's rule. */
    public int tokens(Dimensions sent) {
        if (family.tokens() == ModelFamilies.TokenRule.MEDIA_RESOLUTION) {
            return family.mediaResolutionTokens().getOrDefault(detail, family.mediaResolutionTokens().get(Detail.ORIGINAL));
        }
        if (sent.width() <= 384 && sent.height() <= 384) {
            return 258;
        }
        return (int) (258 * Math.ceil(sent.width() / 768.0) * Math.ceil(sent.height() / 768.0));
    }

    /** About four characters per token for English text. */
    public static int text(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
