package dev.kafkapool.sample.reliability;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KeyComparison;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 6: for 60 s the app is sent records far faster than the broker accepts them (a
 * producer byte-rate quota of 512 KB/s). The queue bound holds: answers are 202 or 429 with
 * {@code Retry-After}, the heap's live data (measured after a full GC every 10 s) stays under
 * {@code KAFKA_QUEUE_MAX_BYTES} plus the documented margin, no OutOfMemoryError, and once the quota is lifted service is normal and
 * every accepted record arrives.
 */
@Tag("reliability")
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS, topics = @KafkaTopic(value = OverloadTests.TOPIC, partitions = 3))
class OverloadTests {

    /** The app's baseline live heap plus the producer's buffer.memory (32 MB); see the README. */
    static final long MARGIN_BYTES = 128L * 1024 * 1024;

    private static final long QUEUE_MAX_BYTES = 32L * 1024 * 1024;

    static final String TOPIC = "reliability-overload";

    private static KafkaCluster cluster;

    @Test
    void theQueueBoundHoldsUnderSixtySecondsOfOverloadAndServiceIsNormalAfter() throws Exception {
        try (AppProcess app = AppProcess.start(cluster, List.of("-Xmx256m"), "KAFKA_TOPICS=" + TOPIC,
                "KAFKA_QUEUE_MAX_BYTES=" + QUEUE_MAX_BYTES + "B", "KAFKA_SHUTDOWN_TIMEOUT=1s")) {
            setProducerQuota(512 * 1024.0);
            LoadGenerator load = new LoadGenerator(app.port(), TOPIC, 100, 1024);
            AtomicLong maxLiveBytes = new AtomicLong();
            ExecutorService senders = Executors.newFixedThreadPool(5);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < 4; i++) {
                senders.execute(() -> {
                    while (System.nanoTime() < end) {
                        load.sendOne();
                        load.awaitAnswers(Duration.ofSeconds(30));
                        LoadGenerator.sleep(5);
                    }
                });
            }
            senders.execute(() -> {
                while (System.nanoTime() < end) {
                    LoadGenerator.sleep(10_000);
                    maxLiveBytes.accumulateAndGet(app.liveHeapBytes(), Math::max);
                }
            });
            senders.shutdown();
            assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            load.awaitAnswers(Duration.ofSeconds(60));
            boolean retryAfterOnEvery429 = load.answers()
                .stream()
                .filter((answer) -> answer.status() == 429)
                .allMatch((answer) -> answer.retryAfter() != null);

            setProducerQuota(null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (SigtermTests.value(app.body("/actuator/prometheus"), "kafka_publisher_queue_messages") != 0
                    && System.nanoTime() < deadline) {
                LoadGenerator.sleep(500);
            }
            LoadGenerator after = new LoadGenerator(app.port(), TOPIC, 1, 16, "after-");
            after.sendOne();
            after.awaitAnswers(Duration.ofSeconds(30));
            java.util.Set<String> accepted = union(load, after);
            KeyComparison consumed = cluster.read(TOPIC, accepted.size(), Duration.ofSeconds(180))
                .compareKeys(accepted);
            System.out.printf("[reliability] overload 60s at 512 KB/s quota: requests=%d 202=%d 429=%d other=%d; "
                    + "max live heap %d MB (queue-max-bytes %d MB + margin %d MB); consumed=%s%n",
                    load.answers().size(), load.count(202), load.count(429),
                    load.answers().size() - load.count(202) - load.count(429), maxLiveBytes.get() >> 20,
                    QUEUE_MAX_BYTES >> 20, MARGIN_BYTES >> 20, consumed);
            assertThat(load.answers()).allSatisfy((answer) -> assertThat(answer.status()).isIn(202, 429));
            assertThat(load.count(429)).as("overload was reached").isPositive();
            assertThat(retryAfterOnEvery429).as("Retry-After on every 429").isTrue();
            assertThat(maxLiveBytes.get()).isPositive().isLessThan(QUEUE_MAX_BYTES + MARGIN_BYTES);
            assertThat(app.isAlive()).isTrue();
            assertThat(app.output()).doesNotContain("OutOfMemoryError");
            assertThat(after.count(202)).as("normal service after the overload").isEqualTo(1);
            assertThat(app.get("/actuator/health/readiness")).isEqualTo(200);
            assertThat(consumed.missing()).isZero();
            assertThat(consumed.duplicated()).isZero();
            assertThat(consumed.unexpected()).isZero();
        }
    }

    private static java.util.Set<String> union(LoadGenerator first, LoadGenerator second) {
        java.util.Set<String> all = new java.util.HashSet<>(first.accepted());
        all.addAll(second.accepted());
        return all;
    }

    private static void setProducerQuota(Double bytesPerSecond) throws Exception {
        ClientQuotaEntity allClients = new ClientQuotaEntity(Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));
        try (Admin admin = cluster.admin()) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(allClients,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond)))))
                .all()
                .get(30, TimeUnit.SECONDS);
        }
    }

}
