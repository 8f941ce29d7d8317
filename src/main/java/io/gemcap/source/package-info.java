/** Where images come from: deterministic, resumable walks that yield {@link io.gemcap.source.ImageRef}s. */
package io.gemcap.source;
