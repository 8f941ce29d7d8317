/** The commands a user types: flags, one-line errors and exit codes. Checks what it can before Spring starts. */
package io.gemcap.cli;
