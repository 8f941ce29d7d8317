package io.gemcap.usage;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spending limits ({@code gemcap.budget.*}), in USD; 0 is no limit.
 *
 * @param usd what one run may be billed across all its resumes ({@code --budget})
 * @param perDayUsd what every run on this job database may be billed in a day (local time), whichever process runs it
 */
@ConfigurationProperties("gemcap.budget")
public record BudgetSettings(BigDecimal usd, BigDecimal perDayUsd) {

    public BudgetSettings {
        usd = usd == null ? BigDecimal.ZERO : usd;
        perDayUsd = perDayUsd == null ? BigDecimal.ZERO : perDayUsd;
        if (usd.signum() < 0 || perDayUsd.signum() < 0) {
            throw new IllegalArgumentException("gemcap.budget values cannot be negative");
        }
    }

    public boolean limited() {
        return usd.signum() > 0 || perDayUsd.signum() > 0;
    }
}
