package io.gemcap.report;

/** How a command ended, as its process exit code. The README's table mirrors this enum. */
public enum ExitCode {
    /** The run completed; rows may be rejected or blocked. */
    COMPLETED(0),
    /** The run failed and is resumable: run the same command again. */
    FAILED(1),
    /** Bad flag, missing or rejected key, unknown model, missing input: fix the command or settings. */
    USAGE(2),
    /** Another run of this job is running. */
    LOCKED(3),
    /** The run stopped and is resumable. */
    STOPPED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
