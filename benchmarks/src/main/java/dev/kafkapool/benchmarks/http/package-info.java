/**
 * Part 3, HTTP: the sample app's async publish endpoint against a plain {@code KafkaTemplate}
 * endpoint in the same app, under {@code wrk}, steady and during a broker outage.
 */
package dev.kafkapool.benchmarks.http;
