/**
 * Training runs for JVM archives ({@code AotTraining}): an app started once against a throwaway
 * mTLS broker, for container builds that have no cluster to reach.
 */
package dev.kafkapool.testsupport.training;
