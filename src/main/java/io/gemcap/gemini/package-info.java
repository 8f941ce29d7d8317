/** Talking to Gemini through the official client: the client factory, the call, and what each outcome means for the row and the job. */
package io.gemcap.gemini;
