/**
 * Fail-fast startup: {@link dev.kafkapool.autoconfigure.startup.FailFastCheck}, a plain class that
 * checks the cluster and the topics, and its lifecycle adapter, which runs it beside the context
 * refresh and holds the pool's start until it has passed.
 */
package dev.kafkapool.autoconfigure.startup;
