package io.ledgerline.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus rules and the Grafana dashboard under {@code deploy/}, and the metric names their expressions use. */
public final class MonitoringCatalog {

    public static final Path RULES = Path.of("../deploy/prometheus/ledgerline-rules.yaml");
    public static final Path DASHBOARD = Path.of("../deploy/grafana/ledgerline-dashboard.json");

    /** Ledgerline's, the lag monitor's and Kafka Streams' metrics; label names never start with these. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:ledgerline|kafka)_[a-z0-9_]+\\b");
    private static final Pattern RULE_EXPR = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);

    private MonitoringCatalog() {
    }

    /** Every alert rule's expression. */
    public static List<String> ruleExpressions() {
        List<String> out = new ArrayList<>();
        Matcher m = RULE_EXPR.matcher(read(RULES));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Every panel query and template query of the dashboard. */
    public static List<String> dashboardExpressions() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
            List<String> out = new ArrayList<>();
            dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
            dashboard.path("templating").path("list").forEach(v -> {
                if (v.path("type").asText().equals("query")) {
                    out.add(v.path("query").asText());
                }
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metric names in {@code expressions}. */
    public static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The metric names a Prometheus text scrape exports (a series line's name, before its labels or value). */
    public static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
