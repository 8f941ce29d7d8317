package io.gemcap.source;

/** A bucket cannot be used at all (no credentials, refused, no such bucket): the job stops at start with this one line. */
public class StorageAccessException extends RuntimeException {

    public StorageAccessException(String message) {
        super(message);
    }
}
