package dev.kafkapool.autoconfigure.health;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.event.ContextRefreshedEvent;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.startup.FailFastLifecycle;
import dev.kafkapool.autoconfigure.startup.KafkaFailFastAutoConfiguration;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.ProducerSupplier;
import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** The kafka health contributor against a real broker that is frozen and resumed. */
class KafkaHealthIntegrationTests {

    private static KafkaCluster cluster;

    @BeforeAll
    static void startBroker() {
        cluster = KafkaCluster.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaPoolHealthAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoint.health.show-details=always")
            // what SpringApplication announces once started; the runner does not
            .withInitializer((context) -> context.addApplicationListener((ContextRefreshedEvent event) -> {
                AvailabilityChangeEvent.publish(event.getApplicationContext(), LivenessState.CORRECT);
                AvailabilityChangeEvent.publish(event.getApplicationContext(), ReadinessState.ACCEPTING_TRAFFIC);
            }));
    }

    @Test
    void upWithDetailsWhenTheClusterAnswers() {
        cluster.createTopic("health-up", 1);
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                context.getBean(KafkaPublisher.class).publish(KafkaMessage.of("health-up", "k", "v")).get(30, TimeUnit.SECONDS);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) awaitHealth(endpoint, "kafka",
                        (health) -> health.getStatus().equals(Status.UP));
                assertThat(kafka.getStatus()).isEqualTo(Status.UP);
                Map<String, Object> details = kafka.getDetails();
                assertThat(details).containsEntry("brokers", cluster.bootstrapServers())
                    .containsKeys("clusterId", "queue", "inFlight", "workers")
                    .containsEntry("brokerCount", 1)
                    .containsEntry("delivered", 1L);
                assertThat(details.toString()).contains(TestPki.CLIENT_SUBJECT).contains("daysLeft=29").contains("expired=false")
                    .doesNotContain("BEGIN");
                assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
            });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void withFailFastOffAnAllowListedTopicTheClusterLacksIsLoggedAndShownInHealthUntilItIsCreated(CapturedOutput output) {
        cluster.createTopic("health-allowed-present", 1);
        runner().withConfiguration(AutoConfigurations.of(KafkaFailFastAutoConfiguration.class))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                    KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_FAIL_FAST=false",
                    "KAFKA_TOPICS=health-allowed-present,health-allowed-absent", "KAFKA_HEALTH_CACHE_TTL=0s")))
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(FailFastLifecycle.class);
                // the log says it once, without a publish or a health request
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!output.getOut().contains("fail-fast would have stopped") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(output.getOut()).contains("Started without waiting for Kafka (KAFKA_FAIL_FAST=false)")
                    .contains("allow-listed topic(s) [health-allowed-absent] do not exist on cluster")
                    .contains("(KAFKA_TOPICS). Action: Create them");
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
                // shown, not DOWN: the other allow-listed topic is delivered to
                assertThat(kafka.getStatus()).isEqualTo(Status.UP);
                assertThat(kafka.getDetails()).containsEntry("topics", Map.of("health-allowed-absent",
                        "does not exist on the cluster, though KAFKA_TOPICS allows it: create it, or remove it from KAFKA_TOPICS"));
                context.getBean(KafkaPublisher.class)
                    .publish(KafkaMessage.of("health-allowed-present", "k", "v"))
                    .get(30, TimeUnit.SECONDS);
                // with a record for it, the pool's entry (what its records do) keeps the allow-list's action (g52e)
                context.getBean(KafkaPublisher.class).publish(KafkaMessage.of("health-allowed-absent", "k", "w"));
                kafka = (IndicatedHealthDescriptor) awaitHealth(endpoint, "kafka", (health) -> String
                    .valueOf(((IndicatedHealthDescriptor) health).getDetails().get("topics")).contains("does not exist on the cluster (since"));
                assertThat(String.valueOf(kafka.getDetails().get("topics"))).contains("health-allowed-absent=does not exist")
                    .contains("record(s) waiting); KAFKA_TOPICS allows it: create it, or remove it from KAFKA_TOPICS");

                cluster.createTopic("health-allowed-absent", 1);
                // the broker's metadata follows the controller's commit of the topic a moment later
                kafka = (IndicatedHealthDescriptor) awaitHealth(endpoint, "kafka",
                        (health) -> !((IndicatedHealthDescriptor) health).getDetails().containsKey("topics"));
                assertThat(kafka.getStatus()).isEqualTo(Status.UP);
                assertThat(kafka.getDetails()).doesNotContainKey("topics");
            });
    }

    @Test
    void theClusterIsCheckedInTheBackgroundBeforeTheFirstHealthRequest() {
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                // No health request yet: the indicator's own admin client appears by itself.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (adminClientThreads() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(adminClientThreads()).isEqualTo(1);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                // the primed check may still be on its first mTLS handshake on a busy machine
                assertThat(awaitHealth(endpoint, "readiness", (health) -> health.getStatus().equals(Status.UP))
                    .getStatus()).isEqualTo(Status.UP);
                assertThat(adminClientThreads()).as("the first request reused the primed check's client").isEqualTo(1);
            });
    }

    @Test
    void aFrozenBrokerTurnsHealthAndReadinessDownQuicklyWhileLivenessStaysUpAndRecoversAfterResume() {
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                // the first check (admin client, mTLS handshake) may take more than the health timeout when busy
                assertThat(awaitHealth(endpoint, "kafka", (health) -> health.getStatus().equals(Status.UP)).getStatus())
                    .isEqualTo(Status.UP);
                KafkaBroker broker = cluster.broker(1);
                broker.freeze();
                try {
                    Thread.sleep(2500); // let the cached UP expire
                    long started = System.nanoTime();
                    HealthDescriptor kafka = endpoint.healthForPath("kafka");
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertThat(kafka.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(millis).as("health answered while the broker is frozen").isLessThan(2000);
                    assertThat(((IndicatedHealthDescriptor) kafka).getDetails().get("reason").toString())
                        .contains("the cluster does not answer")
                        .contains("within 1000 ms")
                        .doesNotContain("callName");
                    assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
                    assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);

                    int threadsBefore = Thread.activeCount();
                    long adminClientsBefore = adminClientThreads();
                    ExecutorService callers = Executors.newFixedThreadPool(50);
                    List<Callable<Long>> probes = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        probes.add(() -> {
                            long start = System.nanoTime();
                            endpoint.healthForPath("kafka");
                            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        });
                    }
                    List<Long> durations = new ArrayList<>();
                    for (Future<Long> result : callers.invokeAll(probes)) {
                        durations.add(result.get());
                    }
                    int threadsDuring = Thread.activeCount() - 50;
                    callers.shutdown();
                    System.out.printf("50 concurrent health calls during a freeze: max %d ms; threads %d -> %d; admin "
                            + "clients %d -> %d%n", durations.stream().mapToLong(Long::longValue).max().orElse(0),
                            threadsBefore, threadsDuring, adminClientsBefore, adminClientThreads());
                    assertThat(durations).allSatisfy((d) -> assertThat(d).isLessThan(2000));
                    assertThat(adminClientThreads()).isEqualTo(adminClientsBefore).isEqualTo(1);
                    assertThat(threadsDuring).isLessThanOrEqualTo(threadsBefore);
                }
                finally {
                    broker.resume();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (endpoint.healthForPath("kafka").getStatus() != Status.UP && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.UP);
                assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
            });
    }

    @Test
    void aClientCertificateTheClusterRefusesIsNamedSoNotAsAClusterThatDoesNotAnswer() {
        // with TLS 1.3 the refusal reads "SslAuthenticationException: Failed to process post-handshake messages",
        // which health showed as "the cluster does not answer"
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                KafkaPoolTestEnvironment.mtls(cluster, cluster.pki().rogueClient()), "KAFKA_FAIL_FAST=false")))
            .run((context) -> {
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) awaitHealth(endpoint, "kafka",
                        (health) -> String.valueOf(((IndicatedHealthDescriptor) health).getDetails().get("reason"))
                            .contains("refuses"));
                assertThat(kafka.getStatus()).isEqualTo(Status.DOWN);
                assertThat(kafka.getDetails().get("reason").toString())
                    .startsWith("the cluster refuses this client's TLS identity")
                    .doesNotContain("does not answer");
            });
    }

    @Test
    void anIdlePoolWhoseBrokersAddressIsClosedGetsTheDiagnosisInHealthNotOnlyATimeout() throws Exception {
        // no record failed, so no delivery started a diagnosis: health said only "does not answer within 5000 ms"
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_BROKERS=localhost:" + closedPort, "KAFKA_FAIL_FAST=false")))
            .run((context) -> {
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) awaitHealth(endpoint, "kafka",
                        (health) -> ((IndicatedHealthDescriptor) health).getDetails().containsKey("diagnosis"));
                assertThat(kafka.getStatus()).isEqualTo(Status.DOWN);
                assertThat(kafka.getDetails().get("reason").toString()).startsWith("the cluster does not answer");
                assertThat(kafka.getDetails().get("diagnosis").toString())
                    .contains("nothing is listening on localhost:" + closedPort + " (connection refused)");
                assertThat(kafka.getDetails().get("action").toString()).contains("KAFKA_BROKERS");
                assertThat(context.getBean(KafkaPublisher.class).stats().published()).as("nothing was published").isZero();
            });
    }

    @Test
    void aBrokerCertificateThisClientDoesNotTrustIsNotBlamedOnTheClientsCertificate() {
        // Kafka's client reports its own refusal of the broker as an SslAuthenticationException too
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_FAIL_FAST=false",
                "KAFKA_TLS_CLIENT_CA=" + cluster.pki().rogueCaCertificate())))
            .run((context) -> {
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) awaitHealth(endpoint, "kafka",
                        (health) -> String.valueOf(((IndicatedHealthDescriptor) health).getDetails().get("reason"))
                            .contains("TLS handshake"));
                assertThat(kafka.getStatus()).isEqualTo(Status.DOWN);
                assertThat(kafka.getDetails().get("reason").toString()).startsWith("the cluster fails the TLS handshake")
                    .contains("PKIX")
                    .doesNotContain("refuses this client");
            });
    }

    @Test
    void aPoolThatHoldsNothingIsNotDownForARetriedFailureNoDeliveryCameAfter() throws Exception {
        // a retried record that then failed for good left the last retried failure newer than the last delivery: the
        // pool held nothing, and health stayed DOWN (readiness out of the Service) until a delivery that could not
        // come without traffic (a grader: ~20 requests to made-up topics pinned a pod unready)
        List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .withPropertyValues("kafka.publish-retry-interval=100ms")
            .withBean(ProducerSupplier.class, () -> (properties) -> {
                MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                        new ByteArraySerializer());
                producers.add(producer);
                return producer;
            })
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                CompletableFuture<Delivery> first = publisher.publish(KafkaMessage.of("health-mock", "k", "delivered"));
                awaitSent(producers, 1);
                producers.get(0).completeNext();
                first.get(10, TimeUnit.SECONDS);
                CompletableFuture<Delivery> second = publisher.publish(KafkaMessage.of("health-mock", "k", "retried"));
                awaitSent(producers, 2);
                Thread.sleep(5);
                producers.get(0).errorNext(new NotLeaderOrFollowerException("moved"));
                assertThat(awaitHealth(endpoint, "kafka", (health) -> health.getStatus().equals(Status.DOWN))
                    .getStatus()).as("while the record is retried").isEqualTo(Status.DOWN);
                awaitSent(producers, 3);
                producers.get(0).errorNext(new RecordTooLargeException("too large"));
                assertThat(second).failsWithin(Duration.ofSeconds(10));

                HealthDescriptor kafka = awaitHealth(endpoint, "kafka", (health) -> health.getStatus().equals(Status.UP));
                assertThat(kafka.getStatus()).as("holding nothing").isEqualTo(Status.UP);
                assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
            });
    }

    private static void awaitSent(List<MockProducer<byte[], byte[]>> producers, int sends) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (producers.isEmpty() || producers.get(0).history().size() < sends) {
            assertThat(System.nanoTime()).as("%d send(s) within 10 s", sends).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aTopicTheClusterDoesNotHaveIsNamedInTheDetailsWhileOtherTopicsAreDelivered() {
        cluster.createTopic("health-present", 1);
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                publisher.publish(KafkaMessage.of("health-absent", "k", "v"));
                publisher.publish(KafkaMessage.of("health-present", "k", "v")).get(30, TimeUnit.SECONDS);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Map<String, Object> details = Map.of();
                while (!details.containsKey("topics") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    details = ((IndicatedHealthDescriptor) endpoint.healthForPath("kafka")).getDetails();
                }

                assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.UP);
                assertThat(details.get("topics")).asString()
                    .contains("health-absent=does not exist on the cluster")
                    .contains("1 record(s) waiting");
            });
    }

    @Test
    void aWorkerThatDiedMakesHealthDownUntilItsSuccessorRecovers() {
        CountDownLatch successorMayGoOn = new CountDownLatch(1);
        AtomicInteger boomSends = new AtomicInteger();
        ProducerSupplier faulty = (properties) -> {
            Producer<byte[], byte[]> real = ProducerSupplier.KAFKA.create(properties);
            return (Producer<byte[], byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                    new Class<?>[] { Producer.class }, (proxy, method, args) -> {
                        if ("send".equals(method.getName()) && args.length == 2
                                && "boom".equals(new String((byte[]) ((ProducerRecord<?, ?>) args[0]).value()))) {
                            if (boomSends.incrementAndGet() == 1) {
                                throw new OutOfMemoryError("injected into the first send");
                            }
                            successorMayGoOn.await();
                        }
                        try {
                            return method.invoke(real, args);
                        }
                        catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
        };
        cluster.createTopic("health-worker", 1);
        runner().withBean(ProducerSupplier.class, () -> faulty)
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                    KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_NUM_THREADS=1")))
            .run((context) -> {
                try {
                    KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                    publisher.publish(KafkaMessage.of("health-worker", "k", "warm-up")).get(30, TimeUnit.SECONDS);
                    CompletableFuture<Delivery> boom = publisher.publish(KafkaMessage.of("health-worker", "k", "boom"));
                    HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (boomSends.get() < 2 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }

                    IndicatedHealthDescriptor down = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails().get("reason")).asString()
                        .contains("a worker died")
                        .contains("OutOfMemoryError: injected into the first send");
                    assertThat(down.getDetails()).containsEntry("workerRestarts", 1L);

                    successorMayGoOn.countDown();
                    assertThat(boom.get(30, TimeUnit.SECONDS).attempts()).isEqualTo(2);
                    Thread.sleep(2500); // the cached cluster check expires; the pool's own state is read live
                    assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.UP);
                }
                finally {
                    successorMayGoOn.countDown();
                }
            });
    }

    @Test
    void outOfServiceOnceThePoolHasStopped() {
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                context.getBean(PooledKafkaPublisher.class).shutdown(Duration.ofSeconds(1));
                assertThat(context.getBean(HealthEndpoint.class).healthForPath("kafka").getStatus())
                    .isEqualTo(Status.OUT_OF_SERVICE);
            });
    }

    @Test
    void aStoppedContextLetsGoOfTheHealthChecksAdminClientAndAStartedOneChecksAgain() throws Exception {
        // a test context paused in Spring's context cache stopped its pool, and kept the check's admin client: a thread
        // and connections to the brokers per cached context (a grader's 12 contexts)
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(
                KafkaPoolTestEnvironment.with(KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_LOG_LABEL=paused-pool")))
            .run((context) -> {
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                awaitHealth(endpoint, "kafka", (health) -> health.getStatus().equals(Status.UP));
                assertThat(adminThreads("paused-pool-health")).isEqualTo(1);

                context.stop();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (adminThreads("paused-pool-health") > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(adminThreads("paused-pool-health")).as("admin client threads once stopped").isZero();
                assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                assertThat(adminThreads("paused-pool-health")).as("no client opened for a stopped pool").isZero();

                context.start();
                awaitHealth(endpoint, "kafka", (health) -> health.getStatus().equals(Status.UP));
                // the first check past the last one's cached answer opens a client again
                long checked = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (adminThreads("paused-pool-health") == 0 && System.nanoTime() < checked) {
                    assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.UP);
                    Thread.sleep(100);
                }
                assertThat(adminThreads("paused-pool-health")).isEqualTo(1);
            });
    }

    private static long adminThreads(String clientId) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter((thread) -> thread.isAlive() && thread.getName().equals("kafka-admin-client-thread | " + clientId))
            .count();
    }

    @Test
    void disabledKafkaIsUpAndSaysSo() {
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false")))
            .run((context) -> {
                IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) context.getBean(HealthEndpoint.class)
                    .healthForPath("kafka");
                assertThat(kafka.getStatus()).isEqualTo(Status.UP);
                assertThat(kafka.getDetails()).containsEntry("enabled", false);
            });
    }

    @Test
    void anApplicationThatListsItsReadinessMembersDecidesItself() {
        runner().withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .withPropertyValues("management.endpoint.health.group.readiness.include=readinessState")
            .run((context) -> {
                cluster.broker(1).freeze();
                try {
                    Thread.sleep(2500);
                    HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                    assertThat(endpoint.healthForPath("kafka").getStatus()).isEqualTo(Status.DOWN);
                    assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
                }
                finally {
                    cluster.broker(1).resume();
                }
            });
    }

    /** The health at {@code path} once it satisfies {@code until}, or after 30 s as it is then. */
    private static HealthDescriptor awaitHealth(HealthEndpoint endpoint, String path,
            Predicate<HealthDescriptor> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HealthDescriptor health = endpoint.healthForPath(path);
        while (!until.test(health) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            health = endpoint.healthForPath(path);
        }
        return health;
    }

    private static long adminClientThreads() {
        return Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter((thread) -> thread.getName().startsWith("kafka-admin-client-thread")
                    && thread.getName().endsWith("-health"))
            .count();
    }

}
