/**
 * The kafka-pool benchmark harness: {@link dev.kafkapool.benchmarks.BenchmarkSuite} runs each part
 * against a real mTLS broker of {@code kafka-pool-test} and writes the numbers that
 * BENCHMARKS.md reports. Run with {@code ./mvnw -Pbenchmarks -pl benchmarks -am verify}.
 */
package dev.kafkapool.benchmarks;
