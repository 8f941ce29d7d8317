/**
 * The job database as H2 and PostgreSQL share it: the few statements they spell differently (an insert-or-update on a
 * key), written once here for every capability's tables; and its connections, an H2 file being held by a server process
 * of gemcap's own that every gemcap process on the machine connects to.
 */
package io.gemcap.jobdb;
