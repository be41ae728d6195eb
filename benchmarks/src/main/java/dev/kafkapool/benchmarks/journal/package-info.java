/** Benchmarks of the durable journal that need no broker: recovery (replay) time, and what forcing mapped writes costs. */
package dev.kafkapool.benchmarks.journal;
