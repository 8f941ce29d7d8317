package io.gemcap.source;

/** A bucket could not be listed or written even after retries; the run fails, resumable. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
