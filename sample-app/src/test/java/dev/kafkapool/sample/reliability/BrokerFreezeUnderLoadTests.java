package dev.kafkapool.sample.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KeyComparison;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 2: the broker freezes (SIGSTOP) for 15 s under load. HTTP answers stay fast (202 or
 * 429, p99 under 50 ms), readiness goes DOWN within 5 s and back UP after resume, liveness stays
 * UP, and nothing accepted is lost.
 */
@Tag("reliability")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kafka.topics=" + BrokerFreezeUnderLoadTests.TOPIC + ","
                + BrokerFreezeUnderLoadTests.WARM_UP_TOPIC)
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS, topics = {
        @KafkaTopic(value = BrokerFreezeUnderLoadTests.TOPIC, partitions = 3),
        @KafkaTopic(BrokerFreezeUnderLoadTests.WARM_UP_TOPIC) })
class BrokerFreezeUnderLoadTests {

    static final String TOPIC = "reliability-freeze";

    static final String WARM_UP_TOPIC = "reliability-warm-up";

    private static KafkaCluster cluster;

    private static final HttpClient PROBE = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void answersStayFastReadinessFollowsTheBrokerAndNothingIsLost() throws Exception {
        new LoadGenerator(this.port, WARM_UP_TOPIC, 10, 32).run(50, Duration.ofSeconds(5));
        LoadGenerator load = new LoadGenerator(this.port, TOPIC, 10, 32);
        KafkaBroker broker = cluster.broker(1);
        List<long[]> readiness = new CopyOnWriteArrayList<>();
        List<long[]> liveness = new CopyOnWriteArrayList<>();
        AtomicBoolean probing = new AtomicBoolean(true);
        long[] frozenAt = new long[2];
        long origin = System.nanoTime();
        Thread probes = new Thread(() -> {
            while (probing.get()) {
                long at = (System.nanoTime() - origin) / 1_000_000;
                readiness.add(new long[] { at, status("/actuator/health/readiness") });
                liveness.add(new long[] { at, status("/actuator/health/liveness") });
                LoadGenerator.sleep(250);
            }
        });
        Thread faults = new Thread(() -> {
            LoadGenerator.sleep(5_000);
            frozenAt[0] = (System.nanoTime() - origin) / 1_000_000;
            broker.freeze();
            LoadGenerator.sleep(15_000);
            broker.resume();
            frozenAt[1] = (System.nanoTime() - origin) / 1_000_000;
        });
        probes.start();
        faults.start();
        load.run(50, Duration.ofSeconds(35));
        faults.join();
        probing.set(false);
        probes.join();

        long downAt = readiness.stream().filter((r) -> r[0] >= frozenAt[0] && r[1] == 503).mapToLong((r) -> r[0])
            .findFirst().orElse(Long.MAX_VALUE);
        long upAgainAt = readiness.stream().filter((r) -> r[0] >= frozenAt[1] && r[1] == 200).mapToLong((r) -> r[0])
            .findFirst().orElse(Long.MAX_VALUE);
        KeyComparison consumed = cluster.read(TOPIC, load.accepted().size(), Duration.ofSeconds(120))
            .compareKeys(load.accepted());
        double p99 = load.percentileMillis(99, 202, 429);
        System.out.printf("[reliability] freeze 15s: sent=%d accepted=%d 202=%d 429=%d p99(202|429)=%.1fms "
                + "readiness DOWN %d ms after freeze, UP %d ms after resume; consumed=%s%n", load.sentRecords(),
                load.accepted().size(), load.count(202), load.count(429), p99, downAt - frozenAt[0],
                upAgainAt - frozenAt[1], consumed);
        System.out.println("[reliability] freeze timeline (second:requests/max ms): " + load.timeline());
        assertThat(load.answers()).allSatisfy((answer) -> assertThat(answer.status()).isIn(202, 429));
        assertThat(p99).as("p99 of 202/429 answers, ms").isLessThan(50);
        assertThat(downAt - frozenAt[0]).as("readiness DOWN after the freeze, ms").isLessThanOrEqualTo(5_000);
        assertThat(upAgainAt).as("readiness UP again after resume").isLessThan(Long.MAX_VALUE);
        assertThat(liveness).allSatisfy((probe) -> assertThat(probe[1]).as("liveness").isEqualTo(200));
        assertThat(consumed.missing()).isZero();
        assertThat(consumed.duplicated()).isZero();
        assertThat(consumed.unexpected()).isZero();
    }

    private int status(String path) {
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + path))
                .timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (Exception ex) {
            return -1;
        }
    }

}
