/** What a run produces: the row for each image, its CSV form, and the results table the CSV mirrors. */
package io.gemcap.output;
