package io.gemcap.job.partition;

import io.gemcap.job.RunOwner;

/** How workers are named where people read them ({@code status}, logs): a host and a pid, as runs' owners are. */
public final class PartitionWorkers {

    private PartitionWorkers() {
    }

    public static String thisProcess() {
        return RunOwner.host() + " pid " + RunOwner.pid();
    }
}
