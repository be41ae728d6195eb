package dev.kafkapool.autoconfigure;

import org.springframework.util.ClassUtils;

/**
 * What a startup report adds when the kafka-pool test kit is on the class path: there the failing
 * start is most likely a test, and the fix is an annotation, not a cluster.
 */
public final class TestKitHints {

    private static final String ANNOTATION = "dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster";

    private TestKitHints() {
    }

    /** Whether kafka-pool-test's {@code @EmbeddedKafkaCluster} can be loaded. */
    public static boolean present() {
        return ClassUtils.isPresent(ANNOTATION, TestKitHints.class.getClassLoader());
    }

    /** For a start without brokers: empty unless the kit is present. */
    public static String brokers(boolean present) {
        return present ? "; in a test, put @EmbeddedKafkaCluster (kafka-pool-test) on the test class, which starts "
                + "a broker and sets " + SettingNames.BROKERS + " and the TLS files" : "";
    }

    /** For allow-listed topics the cluster does not have: empty unless the kit is present. */
    public static String topic(boolean present, String topic) {
        return present ? "; in a test, declare it: @EmbeddedKafkaCluster(topics = @KafkaTopic(\"" + topic + "\"))" : "";
    }

}
