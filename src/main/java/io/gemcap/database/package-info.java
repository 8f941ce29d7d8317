/** The job database's connections: an H2 file shared by every gemcap process through a server process of its own. */
package io.gemcap.database;
