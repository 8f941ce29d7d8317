package io.gemcap.job;

/**
 * What a job is: its input and its output, each by its real location (symlinks resolved, so two
 * spellings of one folder are one job), and as the command spelled them (absolute), under which
 * releases before 0.2 recorded their runs.
 */
public record JobLocation(String input, String output, String spelledInput, String spelledOutput) {

    /** A location with one spelling only (a bucket, or a path already real). */
    public static JobLocation of(String input, String output) {
        return new JobLocation(input, output, input, output);
    }

    public String key() {
        return RunRegistry.jobKey(input, output);
    }

    /** The key of the output's lease: one output has one owner, whichever job (or spelling of one) writes it. */
    public String outputKey() {
        return RunRegistry.jobKey("output", output);
    }

    /** The key releases before 0.2 gave this job: it differs from {@link #key()} when a symlink was followed. */
    public String spelledKey() {
        return RunRegistry.jobKey(spelledInput, spelledOutput);
    }
}
