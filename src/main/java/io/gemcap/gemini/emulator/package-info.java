/**
 * A Gemini-compatible HTTP service for tests, benchmarks and {@code --emulator}: the public REST wire
 * format of {@code generateContent} and {@code streamGenerateContent}, with the service's errors.
 */
package io.gemcap.gemini.emulator;
