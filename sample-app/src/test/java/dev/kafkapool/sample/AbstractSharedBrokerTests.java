package dev.kafkapool.sample;

import java.util.List;
import java.util.Map;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kafkapool.testsupport.broker.KafkaCluster;

/**
 * Base of the tests that share one running app on the JVM's shared mTLS broker: one application
 * context for all of them (same configuration, so Spring's test context cache reuses it). The
 * allow-list ({@code kafka.topics}) holds every topic these tests publish to, each created here;
 * the limits are small so that 413s are cheap to provoke.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AbstractSharedBrokerTests {

    /** 202 answers. */
    protected static final String ACCEPTED_TOPIC = "records-accepted";

    /** 200 answers with offsets. */
    protected static final String WAIT_TOPIC = "records-wait";

    /** A topic whose broker refuses records over {@link #FAILING_TOPIC_MAX_BYTES}: terminal failures. */
    protected static final String FAILING_TOPIC = "records-failing";

    /** Broker-side {@code max.message.bytes} of {@link #FAILING_TOPIC}. */
    protected static final int FAILING_TOPIC_MAX_BYTES = 1024;

    /** Requests that must be refused as a whole: nothing may ever arrive here. */
    protected static final String REFUSED_TOPIC = "records-refused";

    /** Records at the header limits. */
    protected static final String HEADERS_TOPIC = "records-headers";

    /** The load test. */
    protected static final String LOAD_TOPIC = "records-load";

    /** The Swagger UI test. */
    protected static final String BROWSER_TOPIC = "records-browser";

    /** The orders example's topic (its default). */
    protected static final String ORDERS_TOPIC = "orders";

    /** A legal topic name outside the allow-list. */
    protected static final String NOT_ALLOWED_TOPIC = "not-allowed";

    /** {@code sample.http.max-body-size} of these tests. */
    protected static final int MAX_BODY_BYTES = 256 * 1024;

    /** {@code sample.http.max-records} of these tests. */
    protected static final int MAX_RECORDS = 50;

    /** {@code sample.http.max-headers-per-record} of these tests. */
    protected static final int MAX_HEADERS_PER_RECORD = 16;

    /** {@code sample.http.max-header-bytes} of these tests. */
    protected static final int MAX_HEADER_BYTES = 4096;

    /** The producer's {@code max.request.size} in these tests: larger records are TOO_LARGE. */
    protected static final int MAX_REQUEST_BYTES = 64 * 1024;

    protected static final KafkaCluster cluster = KafkaCluster.shared();

    private static final List<String> TOPICS = List.of(ACCEPTED_TOPIC, WAIT_TOPIC, FAILING_TOPIC, REFUSED_TOPIC,
            HEADERS_TOPIC, LOAD_TOPIC, BROWSER_TOPIC, ORDERS_TOPIC);

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void sharedBroker(DynamicPropertyRegistry registry) {
        for (String topic : TOPICS) {
            Map<String, String> configs = FAILING_TOPIC.equals(topic)
                    ? Map.of("max.message.bytes", Integer.toString(FAILING_TOPIC_MAX_BYTES)) : Map.of();
            KafkaTestProperties.ensureTopic(cluster, topic, LOAD_TOPIC.equals(topic) ? 4 : 1, configs);
        }
        KafkaTestProperties.mtls(registry, cluster);
        registry.add("kafka.topics", () -> String.join(",", TOPICS));
        registry.add("kafka.producer[max.request.size]", () -> Integer.toString(MAX_REQUEST_BYTES));
        // FAILING_TOPIC refuses a batch holding an oversize record (MESSAGE_TOO_LARGE). The Kafka
        // producer then splits the batch; when two batches of the partition are in flight, the
        // idempotent producer loops on OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms
        // (seen with Kafka 4.2.1 clients). One request in flight keeps that test deterministic.
        registry.add("kafka.producer[max.in.flight.requests.per.connection]", () -> "1");
        registry.add("sample.http.max-body-size", () -> MAX_BODY_BYTES + "B");
        registry.add("sample.http.max-records", () -> Integer.toString(MAX_RECORDS));
        registry.add("sample.http.max-headers-per-record", () -> Integer.toString(MAX_HEADERS_PER_RECORD));
        registry.add("sample.http.max-header-bytes", () -> MAX_HEADER_BYTES + "B");
    }

    protected ApiClient api() {
        return new ApiClient(this.port);
    }

}
