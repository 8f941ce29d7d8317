package io.gemcap.policy;

/** The store failed so many calls, each after its retries, that it counts as down: the run stops, resumable. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
