/**
 * Part 4, startup: JVM start to readiness UP of the sample app with Kafka enabled, on JDK 17 and
 * JDK 25, with and without an application class-data archive (AppCDS) or AOT cache.
 */
package dev.kafkapool.benchmarks.startup;
