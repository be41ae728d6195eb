package dev.kafkapool.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

/**
 * Base of the tests that share one running app on the JVM's shared mTLS broker: one application
 * context for all of them (same configuration, so Spring's test context cache reuses it). The
 * allow-list ({@code kafka.topics}) holds every topic these tests publish to, each created by
 * {@link EmbeddedKafkaCluster}; the limits are small so that 413s are cheap to provoke.
 *
 * <p>{@code FAILING_TOPIC} refuses a batch holding an oversize record (MESSAGE_TOO_LARGE). The
 * Kafka producer then splits the batch; when two batches of the partition are in flight, the
 * idempotent producer loops on OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms (seen with
 * Kafka 4.2.1 clients). One request in flight keeps that test deterministic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kafka.topics=" + AbstractSharedBrokerTests.ACCEPTED_TOPIC + "," + AbstractSharedBrokerTests.WAIT_TOPIC + ","
                + AbstractSharedBrokerTests.FAILING_TOPIC + "," + AbstractSharedBrokerTests.REFUSED_TOPIC + ","
                + AbstractSharedBrokerTests.HEADERS_TOPIC + "," + AbstractSharedBrokerTests.LOAD_TOPIC + ","
                + AbstractSharedBrokerTests.BROWSER_TOPIC + "," + AbstractSharedBrokerTests.ORDERS_TOPIC + ","
                + AbstractSharedBrokerTests.RATE_TOPIC + "," + AbstractSharedBrokerTests.LIMITED_TOPIC + ","
                + AbstractSharedBrokerTests.UNLIMITED_TOPIC,
        "kafka.topic-limits[" + AbstractSharedBrokerTests.RATE_TOPIC + "].records-per-second=1",
        "kafka.topic-limits[" + AbstractSharedBrokerTests.RATE_TOPIC + "].burst=2",
        "kafka.topic-limits[" + AbstractSharedBrokerTests.LIMITED_TOPIC + "].records-per-second="
                + AbstractSharedBrokerTests.LIMITED_RATE,
        "kafka.topic-limits[" + AbstractSharedBrokerTests.LIMITED_TOPIC + "].burst="
                + AbstractSharedBrokerTests.LIMITED_BURST,
        "kafka.producer[max.request.size]=" + AbstractSharedBrokerTests.MAX_REQUEST_BYTES,
        "kafka.producer[max.in.flight.requests.per.connection]=1",
        "sample.http.max-body-size=" + AbstractSharedBrokerTests.MAX_BODY_BYTES + "B",
        "sample.http.max-records=" + AbstractSharedBrokerTests.MAX_RECORDS,
        "sample.http.max-headers-per-record=" + AbstractSharedBrokerTests.MAX_HEADERS_PER_RECORD,
        "sample.http.max-header-bytes=" + AbstractSharedBrokerTests.MAX_HEADER_BYTES + "B" })
@EmbeddedKafkaCluster(topics = { @KafkaTopic(AbstractSharedBrokerTests.ACCEPTED_TOPIC),
        @KafkaTopic(AbstractSharedBrokerTests.WAIT_TOPIC),
        @KafkaTopic(value = AbstractSharedBrokerTests.FAILING_TOPIC,
                configs = "max.message.bytes=" + AbstractSharedBrokerTests.FAILING_TOPIC_MAX_BYTES),
        @KafkaTopic(AbstractSharedBrokerTests.REFUSED_TOPIC), @KafkaTopic(AbstractSharedBrokerTests.HEADERS_TOPIC),
        @KafkaTopic(value = AbstractSharedBrokerTests.LOAD_TOPIC, partitions = 4),
        @KafkaTopic(AbstractSharedBrokerTests.BROWSER_TOPIC), @KafkaTopic(AbstractSharedBrokerTests.ORDERS_TOPIC),
        @KafkaTopic(AbstractSharedBrokerTests.RATE_TOPIC), @KafkaTopic(AbstractSharedBrokerTests.LIMITED_TOPIC),
        @KafkaTopic(AbstractSharedBrokerTests.UNLIMITED_TOPIC) })
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

    /** The rate limit's load test: the topic without a limit beside the limited one (not the load test's). */
    protected static final String UNLIMITED_TOPIC = "records-unlimited";

    /** The Swagger UI test. */
    protected static final String BROWSER_TOPIC = "records-browser";

    /** The orders example's topic (its default). */
    protected static final String ORDERS_TOPIC = "orders";

    /** A topic limited to 1 record a second, 2 at once (kafka.topic-limits). */
    protected static final String RATE_TOPIC = "records-rate";

    /** The rate limit's load test: {@link #LIMITED_RATE} records a second. */
    protected static final String LIMITED_TOPIC = "records-limited";

    /** Records per second of {@link #LIMITED_TOPIC}. */
    protected static final int LIMITED_RATE = 1000;

    /** Burst of {@link #LIMITED_TOPIC}. */
    protected static final int LIMITED_BURST = 100;

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

    /** The JVM's shared mTLS cluster, set by {@link EmbeddedKafkaCluster}. */
    protected static KafkaCluster cluster;

    @LocalServerPort
    protected int port;

    /** The actuator's own port ({@code management.server.port}). */
    @LocalManagementPort
    protected int managementPort;

    protected ApiClient api() {
        return new ApiClient(this.port);
    }

    /** A client of the management port: the actuator. */
    protected ApiClient management() {
        return new ApiClient(this.managementPort);
    }

}
