/** What tokens cost: the price table per model, and the Spend: every call reserved and settled under the run's budget and the day's cap. */
package io.gemcap.usage;
