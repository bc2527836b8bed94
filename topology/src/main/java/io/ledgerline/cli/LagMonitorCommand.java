package io.ledgerline.cli;

import io.ledgerline.http.HttpReply;
import io.ledgerline.http.JsonHttpServer;
import io.ledgerline.http.LedgerlineApi;
import io.ledgerline.lag.LagMonitor;
import io.ledgerline.lag.LagMonitorSettings;
import io.ledgerline.serde.AvroSerdeConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag-monitor}: the consumer-lag monitor on its own, with {@code /metrics}, until stopped. */
@Command(name = "lag-monitor",
        mixinStandardHelpOptions = true,
        description = {
            "Watches consumer groups' lag in offsets and seconds (by the records' append time), with a Burrow-style "
                    + "status per partition and group; serves kafka-lag-exporter's gauges on /metrics and writes OPEN "
                    + "and RESOLVED LagAlerts to the alerts topic."})
public final class LagMonitorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", required = true, paramLabel = "URL",
            description = "Schema registry the alerts are written with.")
    String registryUrl;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties (security, timeouts) for the monitor's clients.")
    Path commandConfig;

    @Option(names = "--groups", defaultValue = ".*", paramLabel = "REGEX",
            description = "Groups to watch (the whole id must match; default: ${DEFAULT-VALUE}).")
    String groups;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Groups not to watch, even when --groups matches.")
    String exclude;

    @Option(names = "--interval", defaultValue = "30s", paramLabel = "DURATION",
            description = "Time between polls: 30s, 500ms, 2m, PT1M (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--threshold-seconds", defaultValue = "300", paramLabel = "SECONDS",
            description = "Time lag that opens an alert; it resolves below half of it (default: ${DEFAULT-VALUE}).")
    String thresholdSeconds;

    @Option(names = "--group-threshold", paramLabel = "REGEX=SECONDS",
            description = "Threshold for the groups matching REGEX; repeatable, the first match wins.")
    List<String> groupThresholds = List.of();

    @Option(names = "--window", defaultValue = "10", paramLabel = "POLLS",
            description = "Polls per status window (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--cluster-name", defaultValue = LagMonitorSettings.DEFAULT_CLUSTER_NAME, paramLabel = "NAME",
            description = "The cluster_name label (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--alerts-topic", defaultValue = "q2c.alerts.lag", paramLabel = "TOPIC",
            description = "Where LagAlerts go (default: ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(names = "--http-host", defaultValue = "0.0.0.0", paramLabel = "HOST")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "9308", paramLabel = "PORT",
            description = "Port of /metrics, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LagMonitorSettings settings;
        Map<String, Object> clientConfig;
        try {
            settings = LagMonitorSettings.parse(values(), ".*", key -> "--" + key.replace('.', '-'));
            clientConfig = clientConfig();
        } catch (IllegalArgumentException e) {
            err.println("lag-monitor: " + e.getMessage());
            err.flush();
            return LedgerlineCli.EXIT_USAGE;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountDownLatch stopped = new CountDownLatch(1);
        try (JsonHttpServer http = new JsonHttpServer("ledgerline-lag-monitor")
                .route("GET", "/health/live", call -> HttpReply.json(200, Map.of("status", "UP")))
                .route("GET", "/metrics", call -> HttpReply.text(200, LedgerlineApi.PROMETHEUS_TYPE, registry.scrape()))
                .start(httpHost, httpPort);
             LagMonitor monitor = LagMonitor.start(settings, clientConfig,
                     Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), registry)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "ledgerline-lag-monitor-shutdown"));
            err.println("Lag monitor watching groups matching '" + settings.groups() + "'"
                    + (settings.exclude() == null ? "" : " except '" + settings.exclude() + "'")
                    + " every " + settings.interval() + "; metrics on " + http.url() + "/metrics, alerts to "
                    + settings.alertsTopic());
            err.flush();
            stopped.await();
        }
        return 0;
    }

    private Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        values.put(LagMonitorSettings.GROUPS, groups);
        if (exclude != null) {
            values.put(LagMonitorSettings.EXCLUDE, exclude);
        }
        values.put(LagMonitorSettings.INTERVAL, interval);
        values.put(LagMonitorSettings.THRESHOLD_SECONDS, thresholdSeconds);
        values.put(LagMonitorSettings.GROUP_THRESHOLD, String.join(";", groupThresholds));
        values.put(LagMonitorSettings.WINDOW, window);
        values.put(LagMonitorSettings.CLUSTER_NAME, clusterName);
        values.put(LagMonitorSettings.ALERTS_TOPIC, alertsTopic);
        return values;
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        if (commandConfig != null) {
            if (!Files.isRegularFile(commandConfig)) {
                throw new IllegalArgumentException("--command-config: " + commandConfig.toAbsolutePath()
                        + " does not exist");
            }
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(commandConfig)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("--command-config: cannot read " + commandConfig + ": " + e.getMessage());
            }
            props.stringPropertyNames().forEach(k -> config.put(k, props.getProperty(k)));
        }
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }
}
