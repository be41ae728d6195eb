package dev.kafkapool.autoconfigure.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Stops a start on Spring AOT's generated bean definitions ({@code -Dspring.aot.enabled=true})
 * whose settings would have chosen other beans of the starter than the build's did: with
 * {@code KAFKA_ENABLED=false} the fail-fast check would still run, with
 * {@code KAFKA_FAIL_FAST=false} the start would still wait for the cluster, and PEM files set
 * only at run time would not be reloaded. The report names each such setting, its value at build
 * and at run time, and the two ways out. Runs once the application's configuration is loaded,
 * before any bean exists; does nothing without generated definitions, or when they were generated
 * by a version without {@link AotSettingsRecorder}.
 */
public final class AotSettingsCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        ClassLoader classLoader = (application.getClassLoader() != null) ? application.getClassLoader()
                : ClassUtils.getDefaultClassLoader();
        try (InputStream in = classLoader.getResourceAsStream(AotSettings.RESOURCE)) {
            if (in != null) {
                check(AotSettings.read(in), environment);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Throws {@link KafkaPoolStartupException} if {@code environment} differs from the build's {@code recorded}. */
    static void check(Map<String, String> recorded, Environment environment) {
        Map<String, String> current = AotSettings.of(environment);
        List<String> differing = new ArrayList<>();
        // as the conditions nest: with Kafka off nothing else of it is configured, with TLS off no reload
        if (compare("kafka.enabled", recorded, current, differing)) {
            compare("kafka.fail-fast", recorded, current, differing);
            compare("kafka.brokers", recorded, current, differing);
            if (compare("kafka.tls.enabled", recorded, current, differing)
                    && compare("kafka.tls.reload", recorded, current, differing)) {
                compare("kafka.tls.bundle", recorded, current, differing);
                compare(AotSettings.PEM_FILES, recorded, current, differing);
            }
        }
        if (differing.isEmpty()) {
            return;
        }
        List<String> settings = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (String name : differing) {
            settings.add(SettingNames.env(name));
            differences.add(describe(name) + " is " + current.get(name) + ", the build had it " + recorded.get(name));
        }
        throw new KafkaPoolStartupException(String.join(", ", settings),
                "the application starts on bean definitions that Spring AOT generated at build time (-D"
                        + AotDetector.AOT_ENABLED + "=true), and the settings that chose the starter's beans then "
                        + "differ now: " + String.join("; ", differences) + ". The beans chosen for the build's "
                        + "settings would run instead (with Kafka disabled, for instance, a fail-fast check against "
                        + "no brokers), so the start stops here",
                "Start without -D" + AotDetector.AOT_ENABLED + "=true (remove it from JAVA_TOOL_OPTIONS or the "
                        + "command line; the kafka-pool-sample Helm chart does so by itself for these settings), or "
                        + "generate the definitions with the run's settings (the spring-boot-maven-plugin's "
                        + "process-aot goal reads them from its systemPropertyVariables or the environment)",
                null, null);
    }

    /**
     * Notes {@code name} if it differs; {@code true} when it is the same and on (or set), so that
     * the settings that only count then are compared too.
     */
    private static boolean compare(String name, Map<String, String> recorded, Map<String, String> current,
            List<String> differing) {
        String built = recorded.get(name);
        String now = current.get(name);
        if (built == null || now == null) {
            // not recorded by the build, or not a boolean now (binding reports that): nothing to compare
            return true;
        }
        if (!built.equals(now)) {
            differing.add(name);
            return false;
        }
        return AotSettings.ON.equals(now) || AotSettings.SET.equals(now);
    }

    private static String describe(String name) {
        if (AotSettings.PEM_FILES.equals(name)) {
            return "a client PEM file (" + SettingNames.env("kafka.tls.client-cert") + " or "
                    + SettingNames.env("kafka.tls.client-ca") + ")";
        }
        return SettingNames.describe(name);
    }

    @Override
    public int getOrder() {
        // after the application's configuration files are loaded
        return Ordered.LOWEST_PRECEDENCE;
    }

}
