/**
 * What a run tells its user: why it stopped (and so its exit code), the one summary of a run, and the renderings of
 * that summary (the end summary, {@code status}, {@code jobs}, {@code run.json}, the HTML report).
 */
package io.gemcap.report;
