package dev.kafkapool.testsupport.training;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.kafkapool.testsupport.TemporaryDirectories;
import dev.kafkapool.testsupport.broker.BrokerClasspath;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;
import dev.kafkapool.testsupport.pki.TestPki;
import dev.kafkapool.testsupport.process.FreePorts;
import dev.kafkapool.testsupport.process.HttpReadiness;

/**
 * One training run of a Spring Boot app against a throwaway mTLS Kafka broker, for a JVM archive
 * the app writes as it exits (JDK 25 {@code -XX:AOTCacheOutput}, JDK 17
 * {@code -XX:ArchiveClassesAtExit}): the archive then holds what a real start does — the TLS
 * handshakes, the fail-fast check, the producer and consumers, the first readiness request —
 * which a training run without a cluster never reaches. Made for container builds, where no
 * cluster is reachable: the sample app's Dockerfile runs it in a build stage of its own.
 *
 * <pre>
 * java -cp 'kit/*' dev.kafkapool.testsupport.training.AotTraining [--topic NAME]... JVM-OPTIONS... -jar APP.jar [ARGS...]
 * </pre>
 *
 * (or {@code -cp PATH MAIN-CLASS} instead of {@code -jar}: whatever follows the topics is the app's
 * {@code java} command line).
 *
 * Generates a PKI (in a temporary directory deleted when the run ends), starts one broker (SSL listener, client certificates required), creates the
 * topics, then runs this JVM's own {@code java} with the remaining arguments and
 * {@code KAFKA_BROKERS}, {@code KAFKA_TLS_CLIENT_CA}/{@code _CERT}/{@code _KEY},
 * {@code SERVER_PORT} and {@code MANAGEMENT_SERVER_PORT} (free ports) added to its environment, and
 * {@code KAFKA_STARTUP_TIMEOUT} as long as the app has to become ready unless the environment sets it;
 * once {@code /actuator/health/readiness} on the management port answers 200 it stops the app
 * with SIGTERM, waits for it to exit, and stops the broker. Exits 0 only when the app became
 * ready and then exited normally (0, or 143 after SIGTERM); the app's output goes to this one's.
 * Run from a copied kit (every jar in one directory), the broker's class path is that directory.
 * The app has 180 s to become ready and 120 s to exit after SIGTERM (system properties
 * {@value #READY_TIMEOUT} and {@value #EXIT_TIMEOUT}, in seconds); past either, it is killed and
 * the run exits 1, saying which.
 */
public final class AotTraining {

    /** System property: seconds the app has to become ready (default 180). */
    public static final String READY_TIMEOUT = "kafka-pool.training.ready-timeout";

    /** System property: seconds the app has to exit after SIGTERM, writing its archive (default 120). */
    public static final String EXIT_TIMEOUT = "kafka-pool.training.exit-timeout";

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        List<String> topics = new ArrayList<>();
        int first = 0;
        while (first + 1 < args.length && args[first].equals("--topic")) {
            topics.add(args[first + 1]);
            first += 2;
        }
        List<String> appArguments = List.of(args).subList(first, args.length);
        if (appArguments.isEmpty()) {
            System.err.println("Usage: AotTraining [--topic NAME]... JVM-OPTIONS... -jar APP.jar [ARGS...]");
            System.exit(2);
        }
        if (System.getProperty(BrokerClasspath.OVERRIDE) == null) {
            kitDirectory().ifPresent((kit) -> System.setProperty(BrokerClasspath.OVERRIDE, kit + "/*"));
        }
        // its private keys go with the run (and with a run killed by kill -9, at the next sweep of the prefix)
        Path pkiDirectory = TemporaryDirectories.create("kafka-pool-pki-");
        int status;
        try (KafkaCluster cluster = KafkaCluster.builder().pki(TestPki.generate(pkiDirectory)).start()) {
            topics.forEach((topic) -> cluster.createTopic(topic, 1));
            status = train(appArguments, cluster);
        }
        finally {
            TemporaryDirectories.delete(pkiDirectory);
        }
        System.exit(status);
    }

    private static int train(List<String> appArguments, KafkaCluster cluster) throws Exception {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(appArguments);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(KafkaPoolSettings.of(cluster).environment());
        builder.environment().put("SERVER_PORT", String.valueOf(FreePorts.next()));
        builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(port));
        // the fail-fast check gets the time the run gives the app to become ready (unless the build sets it): its 10 s
        // default ran out on a loaded build host, and a training run that fails fails the image's build
        builder.environment().putIfAbsent("KAFKA_STARTUP_TIMEOUT", readyTimeoutSeconds() + "s");
        Process app = builder.start();
        // the app never outlives this run: not after a failure here, nor when the build stops it
        Thread reaper = new Thread(app::destroyForcibly, "aot-training-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return trainOnce(app, port);
        }
        finally {
            if (app.isAlive()) {
                app.destroyForcibly().waitFor();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            }
            catch (IllegalStateException ex) {
                // the JVM is shutting down: the reaper runs anyway
            }
        }
    }

    private static long readyTimeoutSeconds() {
        return Long.getLong(READY_TIMEOUT, 180);
    }

    private static int trainOnce(Process app, int port) throws Exception {
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        long readyTimeout = readyTimeoutSeconds();
        long exitTimeout = Long.getLong(EXIT_TIMEOUT, 120);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readyTimeout);
        boolean ready = false;
        while (app.isAlive() && System.nanoTime() < deadline && !(ready = HttpReadiness.answersOk(readiness))) {
            Thread.sleep(50);
        }
        if (!ready) {
            if (app.isAlive()) {
                System.err.println("AotTraining: the app did not become ready within " + readyTimeout + " s");
            }
            else {
                System.err.println("AotTraining: the app exited with " + app.exitValue() + " before it was ready");
            }
            return 1;
        }
        System.out.println("AotTraining: the app is ready; stopping it (SIGTERM) so that it writes its archive");
        app.destroy();
        if (!app.waitFor(exitTimeout, TimeUnit.SECONDS)) {
            System.err.println("AotTraining: the app did not exit within " + exitTimeout + " s of SIGTERM");
            return 1;
        }
        int exit = app.exitValue();
        if (exit != 0 && exit != 143) {
            System.err.println("AotTraining: the app exited with " + exit);
            return 1;
        }
        return 0;
    }

    /** The directory of the jar this class came from, when it is one (a kit), else empty. */
    private static java.util.Optional<Path> kitDirectory() throws URISyntaxException {
        Path location = Path.of(AotTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isRegularFile(location) ? java.util.Optional.of(location.getParent()) : java.util.Optional.empty();
    }

}
