package io.gemcap.image;

import java.util.Locale;

/**
 * Tokens a request will cost before it is sent, for the tokens-per-minute limit. Gemini 2.x bills an
 * image within 384x384 as 258 tokens and a larger one as 258 per 768x768 tile; Gemini 3 bills by
 * media resolution, about 1120 at the default.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    public static int image(Dimensions size, String model) {
        if (model.toLowerCase(Locale.ROOT).startsWith("gemini-3")) {
            return 1120;
        }
        if (size.width() <= 384 && size.height() <= 384) {
            return 258;
        }
        return (int) (258 * Math.ceil(size.width() / 768.0) * Math.ceil(size.height() / 768.0));
    }

    /** About four characters per token for English text. */
    public static int text(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
