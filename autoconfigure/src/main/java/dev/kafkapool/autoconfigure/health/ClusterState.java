package dev.kafkapool.autoconfigure.health;

import java.time.Instant;

/**
 * What the last cluster check found.
 *
 * @param reachable whether the cluster answered
 * @param clusterId the cluster id, or {@code null}
 * @param brokers how many brokers the cluster reported
 * @param error why it did not answer, or {@code null}
 * @param checkedAt when the check finished
 */
record ClusterState(boolean reachable, String clusterId, int brokers, String error, Instant checkedAt) {

    static ClusterState answered(String clusterId, int brokers) {
        return new ClusterState(true, clusterId, brokers, null, Instant.now());
    }

    static ClusterState failed(String error) {
        return new ClusterState(false, null, 0, error, Instant.now());
    }

}
