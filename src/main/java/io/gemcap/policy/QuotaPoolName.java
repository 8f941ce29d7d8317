package io.gemcap.policy;

/**
 * The name of the quota pool a process draws on: every gemcap process on the job database that has the same one shares
 * its limits (per model), what it learnt, and Batch Mode's window. Never the key itself.
 */
public record QuotaPoolName(String value) {

    public QuotaPoolName {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a quota pool needs a name");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
