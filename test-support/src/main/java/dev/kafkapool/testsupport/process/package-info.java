/**
 * Child JVMs for tests and benchmarks: one launcher ({@link dev.kafkapool.testsupport.process.ChildJvm})
 * that starts a JVM of a chosen Java installation with its options, class path or jar, environment
 * and output file; the running process ({@link dev.kafkapool.testsupport.process.ChildProcess})
 * with its pid, output and signals; free loopback ports; and an HTTP readiness wait.
 */
package dev.kafkapool.testsupport.process;
