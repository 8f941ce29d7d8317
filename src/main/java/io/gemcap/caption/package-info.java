/** One image's way through: inspect, call only if it passed, and turn the outcome into its row. */
package io.gemcap.caption;
