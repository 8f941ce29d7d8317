/** Batch Mode: the job that prepares shards, submits them as batches within the project's limits, and collects their answers. */
package io.gemcap.job.batch;
