package io.gemcap.gemini;

/** Token counts the service reported for one call; thinking tokens are billed as output. */
public record Tokens(Integer prompt, Integer output, Integer thought) {

    public static final Tokens NONE = new Tokens(null, null, null);
}
