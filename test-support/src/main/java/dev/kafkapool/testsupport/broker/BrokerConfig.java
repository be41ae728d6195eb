package dev.kafkapool.testsupport.broker;

import java.nio.file.Path;

import dev.kafkapool.testsupport.pki.TestPki;

/** Renders the {@code server.properties} of one KRaft combined-mode test broker. */
final class BrokerConfig {

    private BrokerConfig() {
    }

    static String render(int nodeId, int port, int controllerPort, String voters, int clusterSize,
            ListenerSecurity security, boolean autoCreateTopics, Path directory, TestPki pki) {
        int minInSync = Math.min(2, clusterSize);
        String listener = security.name();
        StringBuilder config = new StringBuilder();
        line(config, "process.roles", "broker,controller");
        line(config, "node.id", nodeId);
        line(config, "controller.quorum.voters", voters);
        line(config, "controller.listener.names", "CONTROLLER");
        line(config, "listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        line(config, "advertised.listeners", listener + "://localhost:" + port);
        line(config, "listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        line(config, "inter.broker.listener.name", listener);
        line(config, "log.dirs", directory.resolve("data"));
        if (security == ListenerSecurity.SSL) {
            line(config, "ssl.client.auth", "required");
            line(config, "ssl.keystore.type", "PEM");
            line(config, "ssl.keystore.location", pki.brokerKeyStore());
            line(config, "ssl.truststore.type", "PEM");
            line(config, "ssl.truststore.location", pki.brokerTrustStore());
        }
        line(config, "auto.create.topics.enable", autoCreateTopics);
        line(config, "num.partitions", 1);
        line(config, "default.replication.factor", clusterSize);
        line(config, "min.insync.replicas", minInSync);
        line(config, "offsets.topic.replication.factor", clusterSize);
        line(config, "offsets.topic.num.partitions", 5);
        line(config, "transaction.state.log.replication.factor", clusterSize);
        line(config, "transaction.state.log.min.isr", minInSync);
        line(config, "transaction.state.log.num.partitions", 5);
        line(config, "share.coordinator.state.topic.replication.factor", clusterSize);
        line(config, "share.coordinator.state.topic.min.isr", minInSync);
        line(config, "group.initial.rebalance.delay.ms", 0);
        line(config, "num.network.threads", 2);
        line(config, "num.io.threads", 4);
        line(config, "unclean.leader.election.enable", false);
        return config.toString();
    }

    private static void line(StringBuilder config, String key, Object value) {
        // Properties format: backslashes in Windows paths would need escaping; forward slashes are safe.
        config.append(key).append('=').append(value.toString().replace('\\', '/')).append('\n');
    }

}
