package dev.kafkapool.testsupport.training;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;

/**
 * Stands in for a Spring Boot app in a training run: reaches the broker with the {@code KAFKA_*}
 * settings it was given (mTLS with the PEM files), then answers readiness on
 * {@code MANAGEMENT_SERVER_PORT}; as its JVM exits it writes the topics it saw to the file named by
 * its first argument, where a real app's JVM writes its archive (and the {@code KAFKA_STARTUP_TIMEOUT} it
 * got to that name with {@code .startup-timeout} after it). With {@code fail} as the first
 * argument it exits with 3 at once; with {@code never FILE} it writes its process id to FILE and
 * never becomes ready; with {@code stubborn FILE} it writes its process id to FILE, becomes ready,
 * and never finishes exiting (a shutdown hook that waits forever).
 */
final class TrainedApp {

    private TrainedApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fail")) {
            System.exit(3);
        }
        if (args[0].equals("never")) {
            // never ready: its process id in the file named next, then nothing
            Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(Long.MAX_VALUE);
        }
        boolean stubborn = args[0].equals("stubborn");
        if (stubborn) {
            Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Path written = Path.of(stubborn ? args[1] + ".topics" : args[0]);
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", System.getenv("KAFKA_BROKERS"),
                "security.protocol", "SSL", "ssl.truststore.type", "PEM", "ssl.truststore.location",
                System.getenv("KAFKA_TLS_CLIENT_CA"), "ssl.keystore.type", "PEM", "ssl.keystore.certificate.chain",
                Files.readString(Path.of(System.getenv("KAFKA_TLS_CLIENT_CERT"))), "ssl.keystore.key",
                Files.readString(Path.of(System.getenv("KAFKA_TLS_CLIENT_KEY")))))) {
            topics = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(System.getenv("MANAGEMENT_SERVER_PORT"))), 0);
        server.createContext("/actuator/health/readiness", (exchange) -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(written, String.join(",", topics));
                Files.writeString(Path.of(written + ".startup-timeout"), String.valueOf(System.getenv(
                        "KAFKA_STARTUP_TIMEOUT")));
            }
            catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }));
        Thread.sleep(Long.MAX_VALUE);
    }

}
