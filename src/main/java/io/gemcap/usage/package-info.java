/** What tokens cost: the price table per model and the cost of a run's calls. */
package io.gemcap.usage;
