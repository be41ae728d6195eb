package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

/** Navigation in parsed YAML: nested maps and lists, by path segments (label keys contain dots). */
final class Nodes {

    private Nodes() {
    }

    /** The node at the path, or null when any segment is missing. */
    static Object at(Object root, String... path) {
        Object node = root;
        for (String segment : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(segment);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, String... path) {
        Object node = at(root, path);
        if (!(node instanceof Map)) {
            throw new AssertionError("expected a map at " + String.join(".", path) + " but found " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object root, String... path) {
        Object node = at(root, path);
        if (!(node instanceof List)) {
            throw new AssertionError("expected a list at " + String.join(".", path) + " but found " + node);
        }
        return (List<Object>) node;
    }
}
