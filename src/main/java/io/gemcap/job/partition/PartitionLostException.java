package io.gemcap.job.partition;

/**
 * This process was taken for dead (silent past the limit) and its partition sent to another worker: nothing more of it
 * may be committed or paid for here.
 */
public final class PartitionLostException extends IllegalStateException {

    public PartitionLostException(PartitionClaims.Claimed claimed) {
        super("partition (step execution " + claimed.stepExecutionId() + ") was sent to another worker after this one was"
                + " silent too long: its work here is dropped");
    }
}
