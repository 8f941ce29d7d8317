/**
 * The one seam a run's events pass through: what happens in the run (an image prepared, an attempt at the service, a chunk
 * of rows committed, batches moving, the run's end) is published once, and what shows or counts it subscribes: the
 * progress line, the end summary's tally of the quota's pushback, the process's metrics.
 */
package io.gemcap.events;
