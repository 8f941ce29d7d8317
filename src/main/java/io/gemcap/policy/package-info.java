/** How calls are paced and retried: resilience4j policies built from configuration in one place. */
package io.gemcap.policy;
