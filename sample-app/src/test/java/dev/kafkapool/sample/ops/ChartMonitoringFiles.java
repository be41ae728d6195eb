package dev.kafkapool.sample.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart's monitoring files, read from the repository: the Grafana dashboard
 * ({@code dashboards/kafka-pool.json}) as the PromQL Grafana would send, and the alert rules
 * ({@code alerts/kafka-pool.rules.yaml}).
 */
final class ChartMonitoringFiles {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+), *(\\w+)\\)$");

    private static final Pattern METER = Pattern.compile("kafka_publisher_[a-z_]+");

    /** The chart in the repository; Surefire runs in the module directory. */
    static final Path CHART = Path.of(System.getProperty("user.dir")).resolve("../charts/kafka-pool-sample").normalize();

    static final Path DASHBOARD = CHART.resolve("dashboards/kafka-pool.json");

    static final Path RULES = CHART.resolve("alerts/kafka-pool.rules.yaml");

    private ChartMonitoringFiles() {
    }

    /**
     * Every panel query of the dashboard by "panel title / legend", with Grafana's variables
     * replaced by {@code variables} (e.g. {@code pool}, {@code __rate_interval}).
     */
    static Map<String, String> dashboardQueries(Map<String, String> variables) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().path("panels").values()) {
            for (JsonNode target : panel.path("targets").values()) {
                String name = panel.path("title").asString() + " / " + target.path("legendFormat").asString();
                queries.put(name, substitute(target.path("expr").asString(), variables));
            }
        }
        return queries;
    }

    /**
     * The dashboard's query variables ({@code label_values(selector, label)}): variable name to
     * the selector, with variables replaced, and the label whose values it offers.
     */
    static Map<String, LabelValues> dashboardVariables(Map<String, String> variables) {
        Map<String, LabelValues> found = new LinkedHashMap<>();
        for (JsonNode variable : dashboard().path("templating").path("list").values()) {
            if ("query".equals(variable.path("type").asString())) {
                Matcher matcher = LABEL_VALUES.matcher(variable.path("query").path("query").asString());
                if (!matcher.matches()) {
                    throw new AssertionError("variable " + variable.path("name").asString() + " is not label_values(...): "
                            + variable.path("query"));
                }
                found.put(variable.path("name").asString(), new LabelValues(substitute(matcher.group(1), variables),
                        matcher.group(2)));
            }
        }
        return found;
    }

    /** The alert rules: alert name to PromQL expression, in the file's order. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alertExpressions() {
        Map<String, String> alerts = new LinkedHashMap<>();
        Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(RULES));
        for (Object group : (List<Object>) file.get("groups")) {
            for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                Map<String, Object> alert = (Map<String, Object>) rule;
                alerts.put((String) alert.get("alert"), ((String) alert.get("expr")).strip());
            }
        }
        return alerts;
    }

    /** The pool's series names an expression reads, e.g. {@code kafka_publisher_queue_capacity}. */
    static Set<String> meters(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METER.matcher(promql);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static String substitute(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        List<String> unknown = new ArrayList<>();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                unknown.add(matcher.group());
                value = matcher.group();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        if (!unknown.isEmpty()) {
            throw new AssertionError("no value for Grafana variable(s) " + unknown + " in " + text);
        }
        return result.toString();
    }

    private static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(read(DASHBOARD));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The chart's monitoring file " + file + " (read from the repository)", ex);
        }
    }

    /** A {@code label_values(selector, label)} variable. */
    record LabelValues(String selector, String label) {
    }

}
