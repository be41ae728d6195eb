package dev.kafkapool.autoconfigure.health;

import java.time.Instant;
import java.util.List;

/**
 * What the last cluster check found.
 *
 * @param reachable whether the cluster answered
 * @param clusterId the cluster id, or {@code null}
 * @param brokers how many brokers the cluster reported
 * @param error why the check failed, as the end of a sentence that begins "the cluster" ("does not answer: ...",
 *        "refuses this client's TLS identity: ..."), or {@code null}
 * @param missingTopics the allow-listed topics the cluster said do not exist
 * @param checkedAt when the check finished
 */
record ClusterState(boolean reachable, String clusterId, int brokers, String error, List<String> missingTopics,
        Instant checkedAt) {

    static ClusterState answered(String clusterId, int brokers, List<String> missingTopics) {
        return new ClusterState(true, clusterId, brokers, null, List.copyOf(missingTopics), Instant.now());
    }

    static ClusterState failed(String error) {
        return new ClusterState(false, null, 0, error, List.of(), Instant.now());
    }

}
