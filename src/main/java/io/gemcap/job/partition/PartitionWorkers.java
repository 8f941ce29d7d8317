package io.gemcap.job.partition;

import io.gemcap.job.RunOwner;

/** How workers are named where people read them ({@code status}, logs): a host and a pid, as runs' owners are. */
public final class PartitionWorkers {

    private PartitionWorkers() {
    }

    public static String thisProcess() {
        return RunOwner.host() + " pid " + RunOwner.pid();
    }

    /** The first line of a failure's deepest cause: what a worker's log line says of it. */
    static String why(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        return message.lines().findFirst().orElse(message);
    }
}
