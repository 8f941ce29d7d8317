/** The Spring Batch wiring: the caption job, its reader/processor/writer adapters, and the run/resume/recover decisions. The only package that knows Spring Batch. */
package io.gemcap.job;
