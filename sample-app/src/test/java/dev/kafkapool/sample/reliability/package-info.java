/**
 * Reliability scenarios against real brokers, tagged {@code reliability} so they can run alone:
 * broker faults under load, shutdown with messages queued, overload and hostile input. Each
 * asserts counts: what got a 202 is consumed exactly once, or reported as not delivered.
 */
package dev.kafkapool.sample.reliability;
