package io.gemcap.job.partition;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The partition requests workers take. A request is taken and its partition claimed in one transaction of its own, which
 * ends before the partition runs (its chunks' transactions must not join it): a worker killed in between leaves the request
 * in the queue. A request for a partition someone holds, or that ended, or of a run that ended, is dropped.
 */
public final class QueuedPartitions {

    private static final Logger log = LoggerFactory.getLogger(QueuedPartitions.class);

    private final QueueChannel requests;
    private final PartitionClaims claims;
    private final TransactionOperations transactions;

    public QueuedPartitions(QueueChannel requests, PartitionClaims claims, TransactionOperations transactions) {
        this.requests = requests;
        this.claims = claims;
        this.transactions = transactions;
    }

    /** The next partition for {@code worker}, if a request is waiting for one nobody holds. */
    public Optional<PartitionClaims.Claimed> take(String worker) {
        return transactions.execute(status -> {
            while (true) {
                Message<?> message;
                try {
                    message = requests.receive(0);
                } catch (SerializationFailedException e) {
                    // Taken off the queue, and dropped (the transaction commits): left there, it would stop every worker.
                    log.warn("Dropped a partition request that cannot be read (a release's or someone else's): {}", PartitionWorkers.why(e));
                    continue;
                }
                if (message == null) {
                    return Optional.empty();
                }
                if (message.getPayload() instanceof StepExecutionRequest request) {
                    Optional<PartitionClaims.Claimed> claimed = claims.claim(request.getStepExecutionId(), worker);
                    if (claimed.isPresent()) {
                        return claimed;
                    }
                }
            }
        });
    }

    /** Requests waiting. */
    public int waiting() {
        return requests.getQueueSize();
    }
}
