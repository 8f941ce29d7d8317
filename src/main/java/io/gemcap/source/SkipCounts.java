package io.gemcap.source;

/** What a walk passed over without making a row, so a summary can say so. */
public record SkipCounts(long hidden, long otherTypes, long symlinkLoops, long unreadable) {

    public static final SkipCounts NONE = new SkipCounts(0, 0, 0, 0);

    public long total() {
        return hidden + otherTypes + symlinkLoops + unreadable;
    }

    public SkipCounts plus(SkipCounts other) {
        return new SkipCounts(hidden + other.hidden, otherTypes + other.otherTypes,
                symlinkLoops + other.symlinkLoops, unreadable + other.unreadable);
    }
}
