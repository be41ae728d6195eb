package dev.kafkapool.autoconfigure.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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
 *
 * <p>Being an {@code EnvironmentPostProcessor}, it does not see properties that only the generated
 * context initializer adds ({@code @PropertySource}), nor those of other context initializers.
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

    /**
     * What the starter's conditions decide, each from its inputs in the order they gate it: the
     * first input that differs between two settings explains why the decision does.
     */
    private static final List<Decision> DECISIONS = List.of(
            new Decision(List.of("kafka.enabled"), (on) -> on.test("kafka.enabled")),
            new Decision(List.of("kafka.enabled", "kafka.fail-fast"),
                    (on) -> on.test("kafka.enabled") && on.test("kafka.fail-fast")),
            new Decision(List.of("kafka.enabled", "kafka.brokers"),
                    (on) -> on.test("kafka.enabled") && on.test("kafka.brokers")),
            new Decision(List.of("kafka.enabled", "kafka.tls.enabled", "kafka.tls.reload", "kafka.tls.bundle",
                    "kafka.brokers", AotSettings.PEM_FILES),
                    (on) -> on.test("kafka.enabled") && on.test("kafka.tls.enabled") && on.test("kafka.tls.reload")
                            && !on.test("kafka.tls.bundle") && on.test("kafka.brokers")
                            && on.test(AotSettings.PEM_FILES)),
            new Decision(List.of("kafka.enabled", "kafka.tls.enabled", "kafka.tls.reload", "kafka.tls.bundle"),
                    (on) -> on.test("kafka.enabled") && on.test("kafka.tls.enabled") && on.test("kafka.tls.reload")
                            && on.test("kafka.tls.bundle")));

    /**
     * Throws {@link KafkaPoolStartupException} if {@code environment} makes one of the starter's
     * conditions decide otherwise than the build's {@code recorded} settings did. Settings that
     * decide nothing either way (TLS or reload switched with no PEM files and no bundle) pass.
     */
    static void check(Map<String, String> recorded, Environment environment) {
        Map<String, String> current = AotSettings.of(environment);
        Set<String> differing = new LinkedHashSet<>();
        for (Decision decision : DECISIONS) {
            if (!decision.inputs.stream().allMatch((name) -> recorded.containsKey(name) && current.containsKey(name))) {
                // not recorded by the build, or not a boolean now (binding reports that)
                continue;
            }
            if (decision.of(recorded) != decision.of(current)) {
                decision.inputs.stream()
                    .filter((name) -> !recorded.get(name).equals(current.get(name)))
                    .findFirst()
                    .ifPresent(differing::add);
            }
        }
        if (differing.isEmpty()) {
            return;
        }
        String brokersMissing = brokersMissing(differing, current);
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
                brokersMissing + (brokersMissing.isEmpty() ? "Start" : "start") + " without -D" + AotDetector.AOT_ENABLED
                        + "=true (remove it from JAVA_TOOL_OPTIONS or the command line; the kafka-pool-sample Helm "
                        + "chart does so by itself for the switches and TLS settings it sets), or generate the "
                        + "definitions with the run's settings (the spring-boot-maven-plugin's process-aot goal "
                        + "reads them from its systemPropertyVariables or the environment)",
                null, null);
    }

    /**
     * The likelier fix when the run has no brokers and the build had: the brokers were forgotten
     * (no Helm value, an env file not loaded), and turning Spring AOT off would only move the stop
     * to the fail-fast check's "no brokers".
     */
    private static String brokersMissing(Set<String> differing, Map<String, String> current) {
        if (differing.contains("kafka.brokers") && AotSettings.UNSET.equals(current.get("kafka.brokers"))) {
            return "Set " + SettingNames.env("kafka.brokers") + " to the cluster's bootstrap servers (host:port, "
                    + "comma-separated): the build had brokers and this run has none. If that is meant, ";
        }
        return "";
    }

    /** One decision of the starter's conditions, from its inputs. */
    private record Decision(List<String> inputs, Predicate<Predicate<String>> rule) {

        boolean of(Map<String, String> settings) {
            return this.rule.test((name) -> AotSettings.ON.equals(settings.get(name))
                    || AotSettings.SET.equals(settings.get(name)));
        }

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
