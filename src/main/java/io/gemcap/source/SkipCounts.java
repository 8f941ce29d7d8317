package io.gemcap.source;

/** What a walk passed over without making a row, so a summary can say so: hidden, not images, left out by --include/--exclude, symlink loops, unreadable. */
public record SkipCounts(long hidden, long otherTypes, long excluded, long symlinkLoops, long unreadable) {

    public static final SkipCounts NONE = new SkipCounts(0, 0, 0, 0, 0);

    public long total() {
        return hidden + otherTypes + excluded + symlinkLoops + unreadable;
    }

    /** The counts by name, as reports show them. */
    public java.util.Map<String, Long> byReason() {
        java.util.Map<String, Long> reasons = new java.util.LinkedHashMap<>();
        reasons.put("hidden", hidden);
        reasons.put("otherTypes", otherTypes);
        reasons.put("excluded", excluded);
        reasons.put("symlinkLoops", symlinkLoops);
        reasons.put("unreadable", unreadable);
        return reasons;
    }

    public SkipCounts plus(SkipCounts other) {
        return new SkipCounts(hidden + other.hidden, otherTypes + other.otherTypes, excluded + other.excluded,
                symlinkLoops + other.symlinkLoops, unreadable + other.unreadable);
    }
}
