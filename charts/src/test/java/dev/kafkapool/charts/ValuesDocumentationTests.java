package dev.kafkapool.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value is documented three times and the three agree: a {@code ## @param} comment in
 * values.yaml (Bitnami readme-generator style), a row of the README's table, and a property of
 * values.schema.json.
 */
class ValuesDocumentationTests {

    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$", Pattern.MULTILINE);

    private static final Pattern README_ROW = Pattern.compile("^\\| `([^`]+)` \\| (.+?) \\| `(.*)` \\|$", Pattern.MULTILINE);

    private final Map<String, String> params = params();

    @Test
    void everyValueHasAParamComment() throws IOException {
        Map<String, Object> values = Nodes.map(yaml().load(Files.readString(Chart.DIR.resolve("values.yaml"))));

        assertThat(leafPaths("", values)).allSatisfy((path) -> assertThat(isDocumented(path))
                .as("values.yaml: %s has no ## @param (nor has any parent)", path)
                .isTrue());
    }

    @Test
    void everyParamCommentNamesAnExistingValue() throws IOException {
        Map<String, Object> values = Nodes.map(yaml().load(Files.readString(Chart.DIR.resolve("values.yaml"))));

        assertThat(this.params.keySet()).allSatisfy((path) -> assertThat(exists(values, path))
                .as("## @param %s names no value", path)
                .isTrue());
    }

    @Test
    void readmeTableListsEveryParamWithItsDescription() throws IOException {
        Map<String, String[]> rows = readmeRows();

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(this.params.keySet());
        this.params.forEach((path, description) -> assertThat(rows.get(path)[0]).as("README row of %s", path).isEqualTo(description));
    }

    @Test
    void readmeTableShowsTheCurrentDefaults() throws IOException {
        Map<String, Object> values = Nodes.map(yaml().load(Files.readString(Chart.DIR.resolve("values.yaml"))));
        Map<String, String[]> rows = readmeRows();

        this.params.keySet().forEach((path) -> {
            Object value = Nodes.at(values, path.split("\\."));
            // Collections are shown as JSON; compare the scalars a reader most often looks up.
            if (!(value instanceof Map) && !(value instanceof List)) {
                assertThat(rows.get(path)[1]).as("README default of %s", path).isEqualTo(readmeForm(value));
            }
        });
    }

    /** The readme-generator's way of showing a default: nil, "" for the empty string, else as is. */
    private static String readmeForm(Object value) {
        if (value == null) {
            return "nil";
        }
        return "".equals(value) ? "\"\"" : String.valueOf(value);
    }

    /** Parameter rows of the README: name to {description, default}. */
    private static Map<String, String[]> readmeRows() throws IOException {
        String readme = Files.readString(Chart.DIR.resolve("README.md"));
        assertThat(readme).contains("\n## Parameters\n");
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher matcher = README_ROW.matcher(readme.substring(readme.indexOf("\n## Parameters\n")));
        while (matcher.find()) {
            rows.put(matcher.group(1), new String[] { matcher.group(2), matcher.group(3) });
        }
        return rows;
    }

    @Test
    void schemaDescribesEveryParam() throws IOException {
        Map<String, Object> schema = Nodes.map(yaml().load(Files.readString(Chart.DIR.resolve("values.schema.json"))));

        assertThat(this.params.keySet()).allSatisfy((path) -> assertThat(schemaNode(schema, path))
                .as("values.schema.json has no property %s", path)
                .isNotNull());
    }

    private boolean isDocumented(String path) {
        for (String candidate = path; !candidate.isEmpty(); candidate = parent(candidate)) {
            if (this.params.containsKey(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return (dot < 0) ? "" : path.substring(0, dot);
    }

    /** Paths of scalars, lists and empty maps: the values a user sets. */
    private static List<String> leafPaths(String prefix, Map<String, Object> map) {
        List<String> paths = new ArrayList<>();
        map.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                paths.addAll(leafPaths(path, Nodes.map(child)));
            }
            else {
                paths.add(path);
            }
        });
        return paths;
    }

    private static boolean exists(Map<String, Object> values, String path) {
        Object node = values;
        for (String segment : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(segment)) {
                return false;
            }
            node = map.get(segment);
        }
        return true;
    }

    /** The schema node of a dotted path, through properties, $ref and allOf. */
    private static Object schemaNode(Map<String, Object> schema, String path) {
        Object node = schema;
        for (String segment : path.split("\\.")) {
            node = Nodes.at(resolve(schema, node), "properties", segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static Object resolve(Map<String, Object> schema, Object node) {
        Object ref = Nodes.at(node, "$ref");
        if (ref instanceof String pointer) {
            return resolve(schema, Nodes.at(schema, pointer.substring(2).split("/")));
        }
        Object allOf = Nodes.at(node, "allOf");
        // a wrapper around a $ref; beside properties (the root's Pod Security conditions) it only adds rules
        if (allOf != null && Nodes.at(node, "properties") == null) {
            return resolve(schema, Nodes.list(node, "allOf").get(0));
        }
        return node;
    }

    private static Map<String, String> params() {
        try {
            Map<String, String> params = new LinkedHashMap<>();
            Matcher matcher = PARAM.matcher(Files.readString(Chart.DIR.resolve("values.yaml")));
            while (matcher.find()) {
                params.put(matcher.group(1), matcher.group(2).trim());
            }
            return params;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
