/**
 * The job database as H2 and PostgreSQL share it: the few statements they spell differently (an insert-or-update on a
 * key), written once here for every capability's tables.
 */
package io.gemcap.jobdb;
