package io.ledgerline.cli;

import io.ledgerline.http.ApiToken;
import io.ledgerline.lag.LagMonitor;
import io.ledgerline.lag.LagMonitorSettings;
import io.ledgerline.runtime.AppRunner;
import io.ledgerline.runtime.BoundedRocksDbMemory;
import io.ledgerline.runtime.CaughtUpClock;
import io.ledgerline.runtime.ClockTicks;
import io.ledgerline.runtime.Drain;
import io.ledgerline.runtime.TopicRequirements;
import org.apache.kafka.clients.admin.Admin;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.topology.LedgerlineApp;
import io.ledgerline.topology.TopologySettings;
import io.ledgerline.alerts.AlertThresholds;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the pipeline against a real cluster and schema registry, until SIGTERM. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline against a Kafka cluster and a schema registry, with the HTTP API, until stopped.",
            "Settings come from --config and the environment: KAFKA_FOO_BAR=x sets foo.bar (any Kafka, Streams or "
                    + "security setting), LEDGERLINE_FOO_BAR=x sets ledgerline.foo.bar; the environment wins.",
            "Required: bootstrap.servers, application.id, schema.registry.url, state.dir.",
            "Security: security.protocol SSL (mutual TLS with ssl.keystore.*) or SASL_SSL (sasl.mechanism, sasl.jaas.config), "
                    + "ssl.truststore.*; schema.registry.ssl.*, basic.auth.credentials.source, basic.auth.user.info; "
                    + "ledgerline.http.ssl.* for HTTPS; ledgerline.api.token(.file). Checked at start.",
            "A consumer-lag monitor watches the application's group, on /metrics and q2c.alerts.lag: ledgerline.lag.* "
                    + "(enabled, groups, exclude, interval, threshold.seconds, group.threshold, window, cluster.name, "
                    + "alerts.topic), as the options of lag-monitor."})
public final class RunCommand implements Callable<Integer> {

    static final String LAG_PREFIX = "ledgerline.lag.";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the settings.")
    Path config;

    /** The environment, replaceable in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        RunSettings settings;
        try {
            settings = RunSettings.load(config, environment);
        } catch (IllegalArgumentException e) {
            err.println("run: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        }
        List<String> missing = settings.missing();
        if (!missing.isEmpty()) {
            err.println("run: missing required settings:");
            missing.forEach(m -> err.println("  " + m));
            err.flush();
            return LedgerlineCli.EXIT_USAGE;
        }
        List<String> security = SecuritySettings.problems(settings);
        if (!security.isEmpty()) {
            err.println("run: the security settings cannot be used; nothing was started:");
            security.forEach(p -> err.println("  " + p));
            err.flush();
            return LedgerlineCli.EXIT_USAGE;
        }
        Duration clockInterval;
        try {
            clockInterval = Duration.parse(settings.get(RunSettings.CLOCK_INTERVAL, "PT1M"));
        } catch (java.time.format.DateTimeParseException e) {
            err.println("run: " + RunSettings.CLOCK_INTERVAL + " '" + settings.get(RunSettings.CLOCK_INTERVAL)
                    + "' is not an ISO-8601 duration such as PT1M or PT30S");
            err.flush();
            return LedgerlineCli.EXIT_USAGE;
        }
        Integer partitions;
        try {
            String configured = settings.get(RunSettings.PARTITIONS);
            partitions = configured == null ? null : Integer.valueOf(configured.trim());
        } catch (NumberFormatException e) {
            err.println("run: " + RunSettings.PARTITIONS + " '" + settings.get(RunSettings.PARTITIONS) + "' is not a number of partitions");
            err.flush();
            return LedgerlineCli.EXIT_USAGE;
        }
        long rocksDbBytes;
        try {
            rocksDbBytes = Long.parseLong(settings.get(BoundedRocksDbMemory.MEMORY_BYTES, "268435456").trim());
            if (rocksDbBytes < 16L * 1024 * 1024) {
                throw new NumberFormatException("below 16 MiB");
            }
        } catch (NumberFormatException e) {
            err.println("run: " + BoundedRocksDbMemory.MEMORY_BYTES + " '" + settings.get(BoundedRocksDbMemory.MEMORY_BYTES)
                    + "' must be a number of bytes of at least 16777216 (16 MiB)");
            err.flush();
            return LedgerlineCli.EXIT_USAGE;
        }
        List<String> topicProblems;
        try (Admin admin = Admin.create(new LinkedHashMap<String, Object>(settings.clientSettings()))) {
            topicProblems = TopicRequirements.problems(admin, LedgerlineApp.topics(Set.of()), partitions);
        }
        if (!topicProblems.isEmpty()) {
            err.println("run: the cluster's topics are not what Ledgerline needs; nothing was started:");
            err.println(TopicRequirements.describe(topicProblems));
            err.flush();
            return LedgerlineCli.EXIT_USAGE;
        }
        String bindHost = settings.get(RunSettings.HTTP_HOST, "0.0.0.0");
        int port = Integer.parseInt(settings.get(RunSettings.HTTP_PORT, "8080"));
        Map<String, Object> serdeConfig = serdeConfig(settings);
        ApiToken token;
        try {
            token = ApiToken.configured(settings.get(ApiToken.SETTING), settings.get(ApiToken.FILE_SETTING));
        } catch (IllegalArgumentException e) {
            err.println("run: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        }
        AlertThresholds alertThresholds;
        LagMonitorSettings lagSettings;
        try {
            alertThresholds = AlertThresholds.of(settings.under(AlertThresholds.PREFIX));
            lagSettings = lagMonitorSettings(settings);
        } catch (IllegalArgumentException e) {
            err.println("run: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        }
        LedgerlineApp app = LedgerlineApp.of(TopologySettings.onTicks(serdeConfig).withAlertThresholds(alertThresholds));
        AppRunner.Options options = runnerOptions(settings, rocksDbBytes).withHttpApi(new AppRunner.HttpApi(bindHost, port,
                settings.get(RunSettings.ADVERTISED_HOST, localHostName()), token, SecuritySettings.httpTls(settings)));
        try (AppRunner pipeline = AppRunner.create(app, options);
             LagMonitor lag = lagSettings == null ? null : LagMonitor.start(lagSettings,
                     new LinkedHashMap<>(settings.clientSettings()), serdeConfig, pipeline.metrics())) {
            pipeline.start();
            CaughtUpClock pipelineClock = pipelineClock(settings, pipeline.topology(), serdeConfig).start(clockInterval);
            HostInfo self = pipeline.advertised();
            err.println("Ledgerline " + settings.get("application.id") + " running; HTTP API on " + pipeline.apiUrl()
                    + ", advertised as " + self.host() + ":" + self.port()
                    + (token.isConfigured() ? "" : "; exception replay/dismiss disabled (no " + ApiToken.SETTING + ")"));
            err.flush();
            String failure = pipeline.serveUntilStopped(pipelineClock);
            if (failure != null) {
                err.println("run: " + failure);
                err.flush();
                return 1;
            }
        }
        return 0;
    }

    /** Moves the pipeline clock (every {@code ledgerline.clock.interval}, default PT1M) behind a barrier. */
    private static CaughtUpClock pipelineClock(RunSettings settings, Topology topology, Map<String, Object> serdeConfig) {
        Map<String, Object> client = new LinkedHashMap<>(settings.clientSettings());
        String applicationId = settings.get("application.id");
        return new CaughtUpClock(client, applicationId, Drain.sourceTopics(topology, new TreeSet<>(LedgerlineApp.topics(Set.of()))), Drain.hops(topology),
                Clock.systemUTC(), (at, took) -> ClockTicks.send(client, serdeConfig, at));
    }

    /**
     * The embedded lag monitor's settings, {@code ledgerline.lag.*} (see {@link LagMonitorSettings#parse}); it watches
     * the pipeline's own group unless {@code ledgerline.lag.groups} says otherwise. Null when
     * {@code ledgerline.lag.enabled=false}.
     */
    static LagMonitorSettings lagMonitorSettings(RunSettings settings) {
        Map<String, String> lag = settings.under(LAG_PREFIX);
        if ("false".equalsIgnoreCase(lag.getOrDefault("enabled", "true").trim())) {
            return null;
        }
        return LagMonitorSettings.parse(lag, Pattern.quote(settings.get("application.id")), key -> LAG_PREFIX + key);
    }

    /**
     * Where the pipeline runs: the configured cluster and state directory, every Kafka, Streams and serde setting
     * over the defaults, RocksDB within {@code ledgerline.rocksdb.memory.bytes} unless another setter is configured.
     */
    static AppRunner.Options runnerOptions(RunSettings settings, long rocksDbBytes) {
        return AppRunner.Options.of(settings.get("application.id"), settings.get("bootstrap.servers"),
                        Path.of(settings.get("state.dir")))
                .withClientSettings(settings.clientSettings())
                .withBoundedRocksDb(rocksDbBytes);
    }

    /** The schema registry URL and its client settings ({@code schema.registry.*}, {@code basic.auth.*}). */
    static Map<String, Object> serdeConfig(RunSettings settings) {
        Map<String, Object> serde = new LinkedHashMap<>();
        settings.clientSettings().forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")
                    || k.equals(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS)) {
                serde.put(k, v);
            }
        });
        return serde;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
