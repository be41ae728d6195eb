package dev.kafkapool.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes objects of one render, parsed from Helm's multi-document YAML into maps, with
 * accessors for the parts the tests look at.
 */
final class Manifests {

    private final List<Map<String, Object>> objects;

    private Manifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    static Manifests parse(String multiDocumentYaml) {
        LoaderOptions options = new LoaderOptions();
        // as the API server's decoder: a key twice in one map is an error, not last-wins
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : yaml.loadAll(multiDocumentYaml)) {
            // Templates that render nothing leave empty documents behind.
            if (document != null) {
                objects.add(Nodes.map(document));
            }
        }
        return new Manifests(objects);
    }

    List<String> kinds() {
        return this.objects.stream().map((object) -> (String) object.get("kind")).toList();
    }

    Optional<Map<String, Object>> find(String kind) {
        List<Map<String, Object>> matching = this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
        assertThat(matching).as("objects of kind %s", kind).hasSizeLessThanOrEqualTo(1);
        return matching.stream().findFirst();
    }

    /** Every object of that kind, in rendering order. */
    List<Map<String, Object>> all(String kind) {
        return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
    }

    /** The one object of that kind; fails the test when there is none. */
    Map<String, Object> get(String kind) {
        return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: " + kinds()));
    }

    Map<String, Object> deployment() {
        return get("Deployment");
    }

    Map<String, Object> podSpec() {
        return Nodes.map(deployment(), "spec", "template", "spec");
    }

    Map<String, Object> podAnnotations() {
        Object annotations = Nodes.at(deployment(), "spec", "template", "metadata", "annotations");
        return (annotations != null) ? Nodes.map(annotations) : Map.of();
    }

    /** The app container (the pod has exactly one). */
    Map<String, Object> container() {
        List<Object> containers = Nodes.list(podSpec(), "containers");
        assertThat(containers).hasSize(1);
        return Nodes.map(containers.get(0));
    }

    /** The container's env entries by name, in their order; a duplicate name fails the test. */
    Map<String, Map<String, Object>> env() {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object entry : Nodes.list(container(), "env")) {
            Map<String, Object> var = Nodes.map(entry);
            assertThat(byName.put((String) var.get("name"), var)).as("duplicate env var %s", var.get("name")).isNull();
        }
        return byName;
    }

    /** The plain value of an env var; fails when it is absent or comes from a reference. */
    String envValue(String name) {
        Map<String, Object> var = env().get(name);
        assertThat(var).as("env var %s", name).isNotNull();
        assertThat(var).as("env var %s", name).containsKey("value").doesNotContainKey("valueFrom");
        return (String) var.get("value");
    }

    Map<String, Object> volume(String name) {
        return named(Nodes.list(podSpec(), "volumes"), name);
    }

    Map<String, Object> volumeMount(String name) {
        return named(Nodes.list(container(), "volumeMounts"), name);
    }

    boolean hasVolume(String name) {
        return Nodes.list(podSpec(), "volumes").stream().anyMatch((volume) -> name.equals(Nodes.map(volume).get("name")));
    }

    private static Map<String, Object> named(List<Object> entries, String name) {
        return entries.stream()
                .map(Nodes::map)
                .filter((entry) -> name.equals(entry.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing named " + name + " in " + entries));
    }
}
