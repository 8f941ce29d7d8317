/**
 * A run's figures for the monitoring a team runs: Micrometer meters under {@code gemcap_}, written in Prometheus's text
 * format for node_exporter's textfile collector and pushed to a Pushgateway. Counts are fed by the run's events; the run's
 * totals are read from the job database.
 */
package io.gemcap.metrics;
