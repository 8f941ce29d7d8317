/** The caption step in partitions: ranges of the walk, run as threads of the process, sharing its calls in flight. */
package io.gemcap.job.partition;
