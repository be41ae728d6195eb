package dev.kafkapool.testsupport.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.ListenerSecurity;

/**
 * Gives a test class a running Apache Kafka cluster: real brokers in child JVMs (KRaft, mTLS with a
 * generated PKI by default), created before the first test, with the {@link #topics() topics} it
 * names.
 *
 * <p>The {@link KafkaCluster} (address, PKI, fault controls, {@code read} to consume what was
 * published) is handed to the test as a parameter of any test, lifecycle method or constructor,
 * and set into every non-final field of type {@code KafkaCluster} (static fields before
 * {@code @BeforeAll}).
 *
 * <p>On a {@code @SpringBootTest} the application context is given the cluster before it starts:
 * the kafka-pool starter's {@code kafka.*} settings (the {@code KAFKA_*} variables an operator
 * sets) by default, or a {@code KafkaConnectionDetails} bean with {@link ConnectionMode#CONNECTION_DETAILS};
 * the cluster is a bean too, for {@code @Autowired}.
 *
 * <p>{@link ClusterScope#SHARED} (the default) reuses one cluster of the same shape for every
 * class of the test JVM, so Spring's context cache can reuse the application too;
 * {@link ClusterScope#CLASS} starts a cluster for this class alone and closes it, after the
 * class's application context, when the class is done: use it for fault tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedKafkaClusterExtension.class)
public @interface EmbeddedKafkaCluster {

    /** How many brokers, 1 to 3; three give replication factor 3 and {@code min.insync.replicas=2}. */
    int brokers() default 1;

    /** The brokers' client listener: mTLS ({@code ssl.client.auth=required}), or PLAINTEXT on request. */
    ListenerSecurity security() default ListenerSecurity.SSL;

    /** Topics created before the first test (and before an application context starts); existing ones are kept. */
    KafkaTopic[] topics() default {};

    /** Whether producing to an unknown topic creates it, as a broker's {@code auto.create.topics.enable}. */
    boolean autoCreateTopics() default false;

    /** Whether the cluster is shared by the test JVM or this class's own. */
    ClusterScope scope() default ClusterScope.SHARED;

    /** How a Spring application context is told about the cluster. */
    ConnectionMode connection() default ConnectionMode.KAFKA_PROPERTIES;

}
