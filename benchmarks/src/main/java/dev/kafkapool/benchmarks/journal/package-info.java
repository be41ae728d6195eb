/** Benchmarks of the durable journal that need no broker: recovery (replay) time. */
package dev.kafkapool.benchmarks.journal;
