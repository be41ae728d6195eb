package dev.kafkapool.charts;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm lint --strict}: warnings fail too. helm-java's lint takes no values files, so a
 * value set is linted as a copy of the chart whose values.yaml has that set merged in.
 */
class ChartLintTests {

    @TempDir
    Path workDir;

    @Test
    void chartPassesStrictLintWithDefaultValues() {
        LintResult result = Chart.lint(Chart.DIR);

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "strimzi", "cert-manager", "autoscaling", "service-monitor", "network-policy", "all-kafka-settings",
            "journal-persistence", "security-public-key", "monitoring" })
    void chartPassesStrictLintWithEachExampleValueSet(String valuesFile) {
        LintResult result = Chart.lint(chartWithValues(valuesFile));

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @Test
    void chartPassesStrictLintWithTheProductionExample() {
        LintResult result = Chart.lint(chartWithValues(Chart.PRODUCTION_VALUES));

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @Test
    void lintFailsWhenValuesBreakTheSchema() {
        LintResult result = Chart.lint(chartWithValues("invalid-replica-count"));

        assertThat(result.isFailed()).isTrue();
        assertThat(result.getMessages()).anyMatch((message) -> message.contains("/replicaCount"));
    }

    /** A copy of the chart whose values.yaml is the defaults with the named file merged over them. */
    private Path chartWithValues(String valuesFile) {
        return chartWithValues(Chart.valuesFile(valuesFile));
    }

    private Path chartWithValues(Path valuesFile) {
        Path copy = this.workDir.resolve("kafka-pool-sample");
        try (Stream<Path> files = Files.walk(Chart.DIR)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(Chart.DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(source, target);
                }
            }
            Map<String, Object> merged = merge(load(Chart.DIR.resolve("values.yaml")), load(valuesFile));
            Files.writeString(copy.resolve("values.yaml"), yaml().dump(merged));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return copy;
    }

    /** Helm's rule for values files: maps merge key by key, anything else replaces. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object current = merged.get(key);
            if (current instanceof Map && value instanceof Map) {
                merged.put(key, merge((Map<String, Object>) current, (Map<String, Object>) value));
            }
            else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return Nodes.map(yaml().load(reader));
        }
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
