package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The provisioned Grafana dashboards ({@code deploy/grafana/dashboards/*.json}) against running services:
 * every dashboard parses, has a title, a uid and panels with queries, and every metric name its queries
 * and template variables use is exposed on some service's {@code /q/metrics}. A renamed meter or a typo
 * in a dashboard fails here, naming the dashboard and panel.
 */
final class GrafanaDashboards {

    /** PromQL words that look like identifiers but are not metric names. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "atan2", "inf", "nan", "sum", "avg", "min", "max", "count",
            "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group", "limitk", "limit_ratio");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[[^]]*]]");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

    private GrafanaDashboards() {
    }

    /**
     * Parses every dashboard under {@code root/deploy/grafana/dashboards} and asserts that each metric it
     * queries is among the names on {@code metricsUrls} (each service's {@code /q/metrics}).
     */
    static void assertEveryQueriedMetricIsExposed(Path root, List<URI> metricsUrls) throws Exception {
        Map<String, Set<String>> used = metricsUsed(root.resolve("deploy/grafana/dashboards"),
                provisionedDatasources(root.resolve("deploy/grafana/provisioning/datasources")));
        Set<String> exposed = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (URI url : metricsUrls) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
            exposed.addAll(exposedNames(response.body()));
        }
        Map<String, Set<String>> missing = new TreeMap<>(used);
        missing.keySet().removeAll(exposed);
        StringBuilder report = new StringBuilder();
        missing.forEach((name, where) -> report.append("\n  ").append(name).append(" used by ").append(where));
        assertThat(missing).as("dashboard metrics on no service's /q/metrics (%d names exposed by %s):%s",
                exposed.size(), metricsUrls, report).isEmpty();
        System.out.println("Grafana dashboards: " + used.size() + " metric names, all exposed: " + used.keySet());
    }

    /** The {@code uid}s of the provisioned datasources. */
    static Set<String> provisionedDatasources(Path dir) throws IOException {
        Set<String> uids = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList()) {
                Matcher m = Pattern.compile("(?m)^\\s+uid:\\s*[\"']?([\\w.-]+)").matcher(Files.readString(file));
                while (m.find()) {
                    uids.add(m.group(1));
                }
            }
        }
        assertThat(uids).as("datasource uids provisioned in " + dir).isNotEmpty();
        return uids;
    }

    /**
     * Metric name to the places ({@code dashboard / panel}) that query it, over every dashboard file; every
     * datasource a panel, target or variable names by uid must be one of {@code datasources}.
     */
    static Map<String, Set<String>> metricsUsed(Path dir, Set<String> datasources) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("dashboards in " + dir).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        Map<String, Set<String>> used = new TreeMap<>();
        for (Path file : files) {
            JsonNode dashboard = json.readTree(file.toFile());
            String title = dashboard.path("title").asText("");
            assertThat(title).as(file + ": title").isNotBlank();
            assertThat(dashboard.path("uid").asText("")).as(file + ": uid").isNotBlank();
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(dashboard.path("panels"), panels);
            assertThat(panels).as(file + ": panels").isNotEmpty();
            for (JsonNode panel : panels) {
                String where = title + " / " + panel.path("title").asText("panel " + panel.path("id").asText());
                assertDatasource(panel, datasources, file + ": " + where);
                JsonNode targets = panel.path("targets");
                assertThat(targets.isArray() && !targets.isEmpty()).as(file + ": targets of " + where).isTrue();
                for (JsonNode target : targets) {
                    assertDatasource(target, datasources, file + ": a target of " + where);
                    String expr = target.path("expr").asText("");
                    assertThat(expr).as(file + ": expr of a target of " + where).isNotBlank();
                    for (String name : metricNames(expr)) {
                        used.computeIfAbsent(name, n -> new TreeSet<>()).add(where);
                    }
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (!"query".equals(variable.path("type").asText())) {
                    continue;
                }
                assertDatasource(variable, datasources, file + ": variable " + variable.path("name").asText());
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("query").asText("");
                for (String name : variableMetricNames(text)) {
                    used.computeIfAbsent(name, n -> new TreeSet<>()).add(title + " / variable $" + variable.path("name").asText());
                }
            }
        }
        return used;
    }

    private static void assertDatasource(JsonNode node, Set<String> datasources, String what) {
        JsonNode uid = node.path("datasource").path("uid");
        if (!uid.isMissingNode()) {
            assertThat(uid.asText()).as(what + ": datasource uid").isIn(datasources);
        }
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asText())) {
                collectPanels(panel.path("panels"), into);
            } else {
                into.add(panel);
            }
        }
    }

    /** The metric names of a template variable's query: {@code label_values(metric, label)}, {@code query_result(expr)}. */
    static Set<String> variableMetricNames(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (m.matches()) {
            return metricNames(m.group(1));
        }
        m = QUERY_RESULT.matcher(query);
        if (m.matches()) {
            return metricNames(m.group(1));
        }
        return Set.of(); // label_values(label), label_names(), metrics(regex): no metric of their own
    }

    /**
     * The metric names in a PromQL expression: identifiers left after removing strings, Grafana variables,
     * label matchers, ranges and label lists, that are neither functions (followed by a parenthesis) nor keywords.
     */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = GRAFANA_VARIABLE.matcher(s).replaceAll(" ");
        s = LABEL_MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** The names in a Prometheus text exposition: of every sample line and every {@code # TYPE} line. */
    static Set<String> exposedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            String l = line.strip();
            if (l.startsWith("# TYPE ")) {
                String[] parts = l.split("\\s+");
                if (parts.length >= 3) {
                    names.add(parts[2]);
                }
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                int end = 0;
                while (end < l.length() && l.charAt(end) != '{' && !Character.isWhitespace(l.charAt(end))) {
                    end++;
                }
                names.add(l.substring(0, end));
            }
        }
        return names;
    }
}
