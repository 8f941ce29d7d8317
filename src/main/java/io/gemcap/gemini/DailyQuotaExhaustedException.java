package io.gemcap.gemini;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The requests-per-day quota is used up: the job stops, resumable, until the quota resets at
 * midnight Pacific time (when the Gemini API's daily quotas reset).
 */
public class DailyQuotaExhaustedException extends RuntimeException {

    private static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");

    public DailyQuotaExhaustedException(String what) {
        this(what + ": the daily quota resets at midnight Pacific time (in " + untilReset() + "); run the same command then to resume",
                null);
    }

    private DailyQuotaExhaustedException(String message, Void said) {
        super(message, null, false, false);
    }

    /** The same exception again from its message (a partition's, read back from the job database). */
    public static DailyQuotaExhaustedException asSaid(String message) {
        return new DailyQuotaExhaustedException(message, null);
    }

    private static String untilReset() {
        ZonedDateTime now = ZonedDateTime.now(QUOTA_ZONE);
        Duration left = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(QUOTA_ZONE));
        return left.toHours() + " h " + left.toMinutesPart() + " min";
    }
}
