package io.gemcap.job;

/** How a command ended, with the one line to show the user. */
public record RunResult(ExitCode exitCode, String message) {
}
