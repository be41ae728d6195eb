package dev.kafkapool.charts;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * The kafka-pool-sample chart, linted and rendered in place through helm-java, which embeds
 * Helm as a native library: no helm binary and no cluster are needed.
 */
final class Chart {

    /** The chart directory; Surefire passes it, an IDE run from the module directory finds it. */
    static final Path DIR = Path.of(System.getProperty("chart.dir", "kafka-pool-sample")).toAbsolutePath();

    /**
     * The chart needs Kubernetes 1.30+ (native preStop sleep). helm-java's default is v1.20.0,
     * which the chart's kubeVersion constraint refuses, so every render names a version.
     */
    static final String KUBE_VERSION = "1.31.0";

    static final String RELEASE = "demo";

    static final String NAMESPACE = "apps";

    /** The production example shipped in the chart, values-production.yaml. */
    static final Path PRODUCTION_VALUES = DIR.resolve("values-production.yaml");

    /** What the helpers name every object for {@link #RELEASE}. */
    static final String FULLNAME = RELEASE + "-kafka-pool-sample";

    private Chart() {
    }

    /** A render of the chart with the default values, to add values files and --set values to. */
    static Render template() {
        return new Render();
    }

    /** {@code helm lint --strict} of a chart directory. */
    static LintResult lint(Path chartDir) {
        return new Helm(chartDir).lint().strict().call();
    }

    /** A values file of src/test/resources/values, by name without ".yaml". */
    static Path valuesFile(String name) {
        URL url = Chart.class.getResource("/values/" + name + ".yaml");
        if (url == null) {
            throw new IllegalArgumentException("no values file values/" + name + ".yaml on the test class path");
        }
        try {
            return Path.of(url.toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** One {@code helm template} invocation being put together. */
    static final class Render {

        private final List<Path> valuesFiles = new ArrayList<>();

        private final Map<String, Object> sets = new LinkedHashMap<>();

        private String kubeVersion = KUBE_VERSION;

        private Render() {
        }

        /** Adds a values file of src/test/resources/values, like {@code -f}. */
        Render values(String name) {
            this.valuesFiles.add(valuesFile(name));
            return this;
        }

        /** Adds a values file by path, like {@code -f}. */
        Render values(Path file) {
            this.valuesFiles.add(file);
            return this;
        }

        /** Adds one value, like {@code --set key=value}. */
        Render set(String key, Object value) {
            this.sets.put(key, value);
            return this;
        }

        Render kubeVersion(String version) {
            this.kubeVersion = version;
            return this;
        }

        /** Renders and parses the manifests; a Helm failure (schema, fail, kubeVersion) throws. */
        Manifests render() {
            return Manifests.parse(renderText());
        }

        String renderText() {
            TemplateCommand command = new Helm(DIR).template()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(this.kubeVersion);
            this.valuesFiles.forEach(command::withValuesFile);
            this.sets.forEach(command::set);
            return command.call();
        }

        /**
         * NOTES.txt as {@code helm install} prints it. {@code helm template} leaves the notes
         * out, so this is a client-only dry-run install, which needs no cluster either.
         */
        String notes() {
            InstallCommand command = new Helm(DIR).install()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(this.kubeVersion)
                    .clientOnly()
                    .withDryRunOption(DryRun.CLIENT);
            this.valuesFiles.forEach(command::withValuesFile);
            this.sets.forEach(command::set);
            String output = command.call().getOutput();
            int notes = output.indexOf("NOTES:");
            if (notes < 0) {
                throw new AssertionError("no NOTES in the install output:\n" + output);
            }
            return output.substring(notes);
        }
    }
}
