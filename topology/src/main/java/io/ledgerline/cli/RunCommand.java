package io.ledgerline.cli;

import io.ledgerline.http.ApiToken;
import io.ledgerline.http.LedgerlineApi;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.CaughtUpClock;
import io.ledgerline.runtime.ClockTicks;
import io.ledgerline.runtime.Drain;
import io.ledgerline.runtime.StreamsDefaults;
import io.ledgerline.runtime.StreamsRuntime;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.topology.LedgerlineTopology;
import io.ledgerline.topology.TopologySettings;
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
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
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
            "Required: bootstrap.servers, application.id, schema.registry.url, state.dir."})
public final class RunCommand implements Callable<Integer> {

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
        Duration clockInterval;
        try {
            clockInterval = Duration.parse(settings.get(RunSettings.CLOCK_INTERVAL, "PT1M"));
        } catch (java.time.format.DateTimeParseException e) {
            err.println("run: " + RunSettings.CLOCK_INTERVAL + " '" + settings.get(RunSettings.CLOCK_INTERVAL)
                    + "' is not an ISO-8601 duration such as PT1M or PT30S");
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
        CountDownLatch stopped = new CountDownLatch(1);
        try (LedgerlineApi api = LedgerlineApi.start(bindHost, port, token)) {
            HostInfo self = new HostInfo(settings.get(RunSettings.ADVERTISED_HOST, localHostName()), api.port());
            Properties streamsConfig = streamsConfig(settings, serdeConfig, self);
            Topology topology = new LedgerlineTopology(TopologySettings.onTicks(serdeConfig)).build();
            StreamsRuntime streams = StreamsRuntime.start(topology, streamsConfig);
            api.attach(streams.streams(), self, settings.clientSettings(), serdeConfig);
            api.health(streams::restoringPartitions, streams::failureReason);
            CaughtUpClock pipelineClock = pipelineClock(settings, topology, serdeConfig).start(clockInterval);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pipelineClock.close();
                streams.close();
                stopped.countDown();
            }, "ledgerline-run-shutdown"));
            err.println("Ledgerline " + settings.get("application.id") + " running; HTTP API on " + api.url()
                    + ", advertised as " + self.host() + ":" + self.port()
                    + (token.isConfigured() ? "" : "; exception replay/dismiss disabled (no " + ApiToken.SETTING + ")"));
            err.flush();
            // a dead Streams client must end the process (non-zero), so the orchestrator restarts it
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                String failure = streams.failureReason();
                if (failure != null) {
                    err.println("run: " + failure);
                    err.flush();
                    streams.close();
                    return 1;
                }
            }
        }
        return 0;
    }

    /** Moves the pipeline clock (every {@code ledgerline.clock.interval}, default PT1M) behind a barrier. */
    private static CaughtUpClock pipelineClock(RunSettings settings, Topology topology, Map<String, Object> serdeConfig) {
        Map<String, Object> client = new LinkedHashMap<>(settings.clientSettings());
        String applicationId = settings.get("application.id");
        return new CaughtUpClock(client, applicationId, Drain.sourceTopics(topology, new TreeSet<>(Topics.all(Set.of()))), Drain.hops(topology),
                Clock.systemUTC(), (at, took) -> ClockTicks.send(client, serdeConfig, at));
    }

    static Properties streamsConfig(RunSettings settings, Map<String, Object> serdeConfig, HostInfo self) {
        Properties props = StreamsDefaults.baseConfig(settings.get("application.id"),
                settings.get("bootstrap.servers"), Path.of(settings.get("state.dir")));
        // Explicit settings (security, tuning) go over the defaults: the operator knows the cluster.
        props.putAll(settings.clientSettings());
        StreamsDefaults.withDeadLetterHandlers(props, serdeConfig);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        return props;
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
