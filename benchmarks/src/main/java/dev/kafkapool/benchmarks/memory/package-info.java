/** Part 5, memory: heap held per queued message while delivery is paused. */
package dev.kafkapool.benchmarks.memory;
