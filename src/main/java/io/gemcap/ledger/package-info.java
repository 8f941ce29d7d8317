/** What was captioned before, by content hash, model and prompt, so that a later run pays only for what is new. */
package io.gemcap.ledger;
