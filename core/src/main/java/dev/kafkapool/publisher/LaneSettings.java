package dev.kafkapool.publisher;

import java.time.Duration;

/**
 * What every lane of a pool reads: the pool's state, which the pool moves forward, and the
 * settings that shape retries. The pool's only channel to its lanes besides their queues.
 */
final class LaneSettings {

    private final String label;

    private final long retryIntervalNanos;

    private final Duration missingTopicTimeout;

    private final String missingTopicTimeoutSetting;

    private volatile PoolState state = PoolState.NEW;

    LaneSettings(PublisherConfig config) {
        this.label = config.label();
        this.retryIntervalNanos = config.retryInterval().toNanos();
        this.missingTopicTimeout = config.missingTopicTimeout();
        this.missingTopicTimeoutSetting = config.setting("missingTopicTimeout");
    }

    String label() {
        return this.label;
    }

    PoolState state() {
        return this.state;
    }

    void state(PoolState state) {
        this.state = state;
    }

    long retryIntervalNanos() {
        return this.retryIntervalNanos;
    }

    Duration missingTopicTimeout() {
        return this.missingTopicTimeout;
    }

    /** The shown name of the missing-topic timeout setting, for messages. */
    String missingTopicTimeoutSetting() {
        return this.missingTopicTimeoutSetting;
    }

}
