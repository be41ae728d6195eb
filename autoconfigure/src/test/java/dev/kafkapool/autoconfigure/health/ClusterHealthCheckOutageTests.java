package dev.kafkapool.autoconfigure.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.apache.kafka.clients.admin.internals.AdminMetadataManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health check's admin client while the only broker is down: Kafka's admin client, left to
 * rebootstrap, did so about a thousand times a second and logged each at INFO (15,501 lines in
 * 15 s before the change; its network thread's CPU, printed, went from 225 to 51 ms in 10 s).
 */
class ClusterHealthCheckOutageTests {

    private static KafkaCluster cluster;

    @BeforeAll
    static void startBroker() {
        cluster = KafkaCluster.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    @Test
    void aBrokerDownFromTheStartIsNeitherSpunOnNorLoggedAboutAndHealthRecoversWhenItReturns() throws Exception {
        KafkaBroker broker = cluster.broker(1);
        broker.kill();
        Logger metadataLog = (Logger) LoggerFactory.getLogger(AdminMetadataManager.class);
        Level level = metadataLog.getLevel();
        CountingAppender events = new CountingAppender();
        events.start();
        metadataLog.setLevel(Level.INFO);
        metadataLog.addAppender(events);
        try {
            KafkaHealthIntegrationTests.runner()
                .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(
                        KafkaPoolTestEnvironment.with(KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_FAIL_FAST=false")))
                .run((context) -> {
                    HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < end) {
                        assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.DOWN);
                        Thread.sleep(250);
                    }
                    long rebootstraps = events.rebootstraps.get();
                    long cpuMillis = healthClientCpuMillis();
                    System.out.printf("10 s with the broker down: %d rebootstraps logged, %d log lines from the "
                            + "admin metadata manager, the health client's network thread %d ms of CPU%n", rebootstraps,
                            events.all.get(), cpuMillis);
                    assertThat(rebootstraps).as("rebootstraps logged in 10 s").isLessThanOrEqualTo(10);

                    broker.restart();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (endpoint.healthForPath("kafka").getStatus() != Status.UP && System.nanoTime() < deadline) {
                        Thread.sleep(250);
                    }
                    assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.UP);
                });
        }
        finally {
            metadataLog.detachAppender(events);
            metadataLog.setLevel(level);
            if (!broker.isRunning()) {
                broker.restart();
            }
        }
    }

    @Test
    void whileChecksFailTheAdminClientStartsAgainFromTheBootstrapListAtMostOncePerInterval() throws Exception {
        KafkaBroker broker = cluster.broker(1);
        KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                PoolConnection connection = context.getBean(PoolConnection.class);
                try (ClusterHealthCheck check = new ClusterHealthCheck(connection, List.of(), Duration.ZERO, () -> false,
                        Duration.ofSeconds(2))) {
                    assertThat(check.current(Duration.ofSeconds(10)).reachable()).isTrue();
                    assertThat(check.adminClientsOpened()).isEqualTo(1);
                    broker.kill();
                    try {
                        long started = System.nanoTime();
                        long end = started + TimeUnit.SECONDS.toNanos(10);
                        while (System.nanoTime() < end) {
                            assertThat(check.current(Duration.ofSeconds(1)).reachable()).isFalse();
                            Thread.sleep(200);
                        }
                        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                        // one replacement per failed check once the client is 2 s old
                        assertThat(check.adminClientsOpened()).isBetween(2, 1 + (int) (seconds / 2) + 1);
                    }
                    finally {
                        broker.restart();
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    boolean reachable = false;
                    while (!reachable && System.nanoTime() < deadline) {
                        reachable = check.current(Duration.ofSeconds(6)).reachable();
                    }
                    assertThat(reachable).as("the cluster answers after the restart").isTrue();
                    int opened = check.adminClientsOpened();
                    for (int i = 0; i < 5; i++) {
                        assertThat(check.current(Duration.ofSeconds(6)).reachable()).isTrue();
                    }
                    assertThat(check.adminClientsOpened()).as("a client that answers is kept").isEqualTo(opened);
                }
            });
    }

    @Test
    void aReloadThatArrivesWhileTheCheckTakesThePreviousOneIsTakenByTheNextCheck() throws Exception {
        KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                // a connection of its own, so that only this check hears of the reloads
                KafkaConnection initial = context.getBean(PoolConnection.class).current();
                PoolConnection connection = new PoolConnection(initial);
                KafkaConnection first = initial.withTls(initial.tls());
                KafkaConnection second = initial.withTls(initial.tls());
                AtomicBoolean raced = new AtomicBoolean();
                // asked exactly when the check has read the first reload and not yet taken it
                BooleanSupplier keepPrevious = () -> {
                    if (raced.compareAndSet(false, true)) {
                        connection.replace(second);
                    }
                    return false;
                };
                try (ClusterHealthCheck check = new ClusterHealthCheck(connection, List.of(), Duration.ZERO, keepPrevious,
                        Duration.ofSeconds(60))) {
                    assertThat(check.current(Duration.ofSeconds(10)).reachable()).isTrue();
                    assertThat(check.adminConnection()).isSameAs(initial);

                    connection.replace(first);
                    assertThat(check.current(Duration.ofSeconds(10)).reachable()).isTrue();
                    assertThat(raced).isTrue();
                    assertThat(check.adminConnection()).isSameAs(first);

                    assertThat(check.current(Duration.ofSeconds(10)).reachable()).isTrue();
                    assertThat(check.adminConnection()).as("the reload that came during the switch is not lost")
                        .isSameAs(second);
                    assertThat(check.adminClientsOpened()).isEqualTo(3);

                    assertThat(check.current(Duration.ofSeconds(10)).reachable()).isTrue();
                    assertThat(check.adminClientsOpened()).as("no reload since: the client is kept").isEqualTo(3);
                }
            });
    }

    @Test
    void aProbeThatWaitsOutTheFirstCheckOfAClientOpenedForAReloadIsAnsweredWithTheStateBeforeTheReload()
            throws Exception {
        KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                KafkaConnection initial = context.getBean(PoolConnection.class).current();
                PoolConnection connection = new PoolConnection(initial);
                try (ClusterHealthCheck check = new ClusterHealthCheck(connection, List.of(), Duration.ZERO, () -> false,
                        Duration.ofSeconds(60))) {
                    assertThat(check.current(Duration.ofSeconds(10)).reachable()).isTrue();
                    KafkaBroker broker = cluster.broker(1);
                    // the new client's first handshake as slow as on a loaded machine: longer than a probe waits
                    broker.freeze();
                    try {
                        connection.replace(initial.withTls(initial.tls()));

                        assertThat(check.current(Duration.ofMillis(300)).reachable())
                            .as("the new client's first check waited out: the state before the reload").isTrue();
                        assertThat(check.adminClientsOpened()).isEqualTo(2);
                        // once that check has answered, a probe that waits a check out says so, as before
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        boolean down = false;
                        while (!down && System.nanoTime() < deadline) {
                            down = !check.current(Duration.ofMillis(300)).reachable();
                        }
                        assertThat(down).as("a frozen cluster is reported once the reload's first check ends").isTrue();
                    }
                    finally {
                        broker.resume();
                    }
                }
            });
    }

    private static long healthClientCpuMillis() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Thread> clients = Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter((thread) -> thread.getName().startsWith("kafka-admin-client-thread")
                    && thread.getName().endsWith("-health"))
            .toList();
        assertThat(clients).hasSize(1);
        return TimeUnit.NANOSECONDS.toMillis(threads.getThreadCpuTime(clients.get(0).getId()));
    }

    /** Counts what the admin metadata manager logs; appended to by the client's own thread. */
    private static final class CountingAppender extends AppenderBase<ILoggingEvent> {

        final AtomicLong all = new AtomicLong();

        final AtomicLong rebootstraps = new AtomicLong();

        @Override
        protected void append(ILoggingEvent event) {
            this.all.incrementAndGet();
            if (event.getMessage().contains("Rebootstrapping")) {
                this.rebootstraps.incrementAndGet();
            }
        }

    }

}
