package io.ledgerline.demo;

import io.ledgerline.http.ApiToken;
import io.ledgerline.http.SchemaRegistryServer;
import io.ledgerline.lag.LagMonitor;
import io.ledgerline.lag.LagMonitorSettings;
import io.ledgerline.runtime.AppRunner;
import io.ledgerline.runtime.ClockTicks;
import io.ledgerline.runtime.Drain;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.ExportFileReplayer;
import io.ledgerline.runtime.ExportFiles;
import io.ledgerline.runtime.InternalTopics;
import io.ledgerline.runtime.LocalDirs;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.topology.LedgerlineApp;
import io.ledgerline.names.Topics;
import io.ledgerline.alerts.AlertThresholds;
import io.ledgerline.topology.TopologySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of {@code demo} in one JVM: the KRaft broker, the schema registry over HTTP, the pipeline on the wall
 * clock with its HTTP API (an {@link AppRunner}, as in {@code run}) and a Connect worker whose FileStreamSource
 * connectors replay the export files. Started in dependency order; closed in the opposite one (Connect, Streams, HTTP,
 * registry, broker), so no component spends its close timeout on a dead peer.
 */
public final class DemoStack implements AutoCloseable {

    public static final String APPLICATION_ID = "ledgerline-demo";
    static final String HOST = "127.0.0.1";
    /** The demo runs for seconds to minutes: its lag monitor polls often. */
    private static final String LAG_POLL = "5s";

    /**
     * @param input        export files to replay; null for the bundled basic fixtures
     * @param dataDir      where broker, Streams and Connect keep their state; null for a temporary directory
     * @param httpPort     port of the HTTP API, 0 for a free one
     * @param registryPort port of the schema registry, 0 for a free one
     * @param apiToken     token for replay and dismiss; null for a random one, printed at start
     * @param anyHttpPortIfTaken when {@code httpPort} is taken, listen on a free port and say so (for a default port)
     *                     rather than fail naming {@code --http-port} (for a port the user chose)
     * @param anyRegistryPortIfTaken the same for {@code registryPort} and {@code --registry-port}
     */
    public record Options(Path input, Path dataDir, int httpPort, int registryPort, int partitions,
                          Duration timeout, ApiToken apiToken, boolean anyHttpPortIfTaken,
                          boolean anyRegistryPortIfTaken) {
        public Options {
            Objects.requireNonNull(timeout, "timeout");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
            }
        }

        public Options(Path input, Path dataDir, int httpPort, int registryPort, int partitions, Duration timeout,
                       ApiToken apiToken) {
            this(input, dataDir, httpPort, registryPort, partitions, timeout, apiToken, false, false);
        }

        public Options(Path input, Path dataDir, int httpPort, int registryPort, int partitions, Duration timeout) {
            this(input, dataDir, httpPort, registryPort, partitions, timeout, null, false, false);
        }
    }

    /**
     * Where a demo without {@code --data-dir} keeps its state: a fresh directory per run under
     * {@code ~/.ledgerline/demo} (deleted on exit), not the system temp folder ({@link LocalDirs}).
     */
    public static Path defaultDataDirParent() {
        return LocalDirs.parent("demo");
    }

    private static final Logger log = LoggerFactory.getLogger(DemoStack.class);

    private final Options options;
    private final Consumer<String> progress;
    private final long startNanos = System.nanoTime();
    private final List<AutoCloseable> started = new ArrayList<>();

    private Path dataDir;
    private Path inputDir;
    private Set<String> erps;
    private Set<String> inputTopics;
    private EmbeddedKafkaCluster cluster;
    private SchemaRegistryServer registry;
    private Map<String, Object> serdeConfig;
    private ApiToken apiToken;
    private AppRunner pipeline;
    private ConnectWorker connect;
    private FirstRecordTimer firstEntry;
    private boolean closed;

    /** @param progress receives status and progress lines (the CLI prints them to stderr) */
    public DemoStack(Options options, Consumer<String> progress) {
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Starts every component and the replay.
     *
     * @throws IllegalArgumentException for an unusable input directory
     */
    public synchronized DemoStack start() throws IOException, InterruptedException {
        boolean temporary = options.dataDir() == null;
        dataDir = temporary ? LocalDirs.fresh("demo") : Files.createDirectories(options.dataDir());
        if (temporary) {
            started.add(() -> Utils.delete(dataDir.toFile()));
        }
        inputDir = options.input() != null ? options.input() : BundledExports.extractTo(dataDir.resolve("exports"));
        ExportFileReplayer.filesToReplay(inputDir); // fails fast, naming what is missing
        erps = ExportFiles.erpsOf(inputDir.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE));

        cluster = started(EmbeddedKafkaCluster.start(dataDir.resolve("kafka"), Map.of()));
        cluster.createTopics(Topics.all(erps), options.partitions());
        say("Kafka broker         %s (%d topics, %d partitions each)", cluster.bootstrapServers(),
                Topics.all(erps).size(), options.partitions());

        registry = started(onPort("the schema registry", "--registry-port", options.registryPort(),
                options.anyRegistryPortIfTaken(),
                port -> SchemaRegistryServer.start(new InMemorySchemaRegistry(), HOST, port)));
        serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        say("Schema registry      %s", registry.url());

        // the demo invites trying replay and dismiss, so it always has a token: the user's, or a fresh one
        apiToken = options.apiToken() != null ? options.apiToken() : ApiToken.random();
        startPipeline();
        // the pipeline's own consumer lag on /metrics (kafka_consumergroup_group_lag_seconds) and q2c.alerts.lag
        started(LagMonitor.start(LagMonitorSettings.parse(Map.of(LagMonitorSettings.INTERVAL, LAG_POLL),
                Pattern.quote(APPLICATION_ID), key -> key), cluster.clientConfig(), serdeConfig, pipeline.metrics()));
        say("Ledgerline API       %s  (/health/ready, /metrics, /accounts/{id}, /transactions/{id}, /exceptions, /reconciliation/{id}, /close/{entity}/{period})",
                pipeline.apiUrl());
        say("API token            %s  (export %s=%s, then: ledgerline exceptions list --api %s)",
                apiToken.reveal(), ApiToken.ENVIRONMENT_VARIABLE, apiToken.reveal(), pipeline.apiUrl());

        firstEntry = started(new FirstRecordTimer(cluster.clientConfig(), erps.stream().map(Topics::journal).toList(),
                startNanos));
        // Connect starts while Streams joins its group: the raw records wait in their topics either way.
        connect = started(ConnectWorker.start(cluster.bootstrapServers(), dataDir, inputDir));
        say("Kafka Connect        %s  (%d FileStreamSource connectors replaying %s)", connect.restUrl(),
                connect.filesByTopic().size(), inputDir);
        pipeline.awaitRunning(options.timeout());
        say("Kafka Streams        RUNNING (application.id %s)", APPLICATION_ID);
        return this;
    }

    /** The pipeline and its HTTP API; the port falls back as {@link #onPort} says. */
    private void startPipeline() throws IOException {
        // the bundled histories hold no ERP posting results: no entry could ever be reported POSTED
        LedgerlineApp app = LedgerlineApp.of(TopologySettings.of(serdeConfig)
                .withAlertThresholds(AlertThresholds.defaults().withoutErpPostingResults()));
        AppRunner.HttpApi http = new AppRunner.HttpApi(HOST, options.httpPort(), HOST, apiToken, null);
        AppRunner.Options runner = AppRunner.Options.of(APPLICATION_ID, cluster.bootstrapServers(), dataDir.resolve("streams"))
                .onEmbeddedBroker();
        pipeline = started(onPort("the HTTP API", "--http-port", options.httpPort(), options.anyHttpPortIfTaken(),
                port -> create(app, runner.withHttpApi(http.onPort(port)))));
        Topology topology = pipeline.topology();
        inputTopics = Drain.sourceTopics(topology, new TreeSet<>(Topics.all(erps)));
        cluster.createTopics(InternalTopics.repartitionTopics(topology, APPLICATION_ID), options.partitions());
        pipeline.start();
    }

    /** {@link AppRunner#create} for {@link #onPort}: with a given state directory it opens no scratch one (no I/O to fail). */
    private static AppRunner create(LedgerlineApp app, AppRunner.Options options) {
        try {
            return AppRunner.create(app, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until Connect has delivered every export line and the pipeline has consumed them, moves the pipeline's
     * clock to now (so revenue recognized up to today is booked before the summary) and reads the outputs.
     */
    public LedgerReport awaitDrained() throws InterruptedException {
        ConnectDelivery.await(cluster.admin(), ConnectDelivery.expected(connect.filesByTopic()), options.timeout(),
                progress);
        say("Connect delivered every export line; draining the pipeline");
        Drain.await(cluster.clientConfig(), APPLICATION_ID, inputTopics, pipeline::failureReason, options.timeout(),
                progress);
        // two ticks, as in process: the second raises the workflow alerts of what the first left waiting
        Instant now = Instant.now();
        for (int tick = 0; tick < 2; tick++) {
            ClockTicks.send(cluster.clientConfig(), serdeConfig, now);
            Drain.await(cluster.clientConfig(), APPLICATION_ID, inputTopics, pipeline::failureReason, options.timeout(),
                    progress);
        }
        firstEntry().ifPresent(d -> say("first journal entry after %.1f s", d.toMillis() / 1000.0));
        say("drained after %.1f s", (System.nanoTime() - startNanos) / 1e9);
        return LedgerReport.read(cluster.clientConfig(), serdeConfig, erps);
    }

    /** Why the pipeline cannot go on (Streams died), or null. */
    public String failureReason() {
        return pipeline == null ? null : pipeline.failureReason();
    }

    public Optional<Duration> firstEntry() {
        return firstEntry == null ? Optional.empty() : firstEntry.elapsed();
    }

    public String apiUrl() {
        return pipeline.apiUrl();
    }

    public ApiToken apiToken() {
        return apiToken;
    }

    public String registryUrl() {
        return registry.url();
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public KafkaStreams streams() {
        return pipeline.streams();
    }

    ConnectWorker connect() {
        return connect;
    }

    Map<String, Object> serdeConfig() {
        return serdeConfig;
    }

    EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    /**
     * Starts a server on {@code port}. When the port is taken: a free port instead if the options allow it (and a
     * line saying so), else an {@link IllegalArgumentException} naming the flag that chooses another port.
     */
    private <T> T onPort(String what, String flag, int port, boolean anyIfTaken, IntFunction<T> start) {
        try {
            return start.apply(port);
        } catch (IllegalStateException e) {
            if (port == 0 || !portTaken(e)) {
                throw e;
            }
            if (!anyIfTaken) {
                throw new IllegalArgumentException(Character.toUpperCase(what.charAt(0)) + what.substring(1)
                        + " cannot listen on port " + port + ": it is taken. Choose "
                        + "another with " + flag + " N (0 for any free port)", e);
            }
            T server = start.apply(0);
            say("Port %d is taken: %s listens on a free port instead (choose one with %s)", port, what, flag);
            return server;
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private <T extends AutoCloseable> T started(T component) {
        started.add(component);
        return component;
    }

    private void say(String format, Object... args) {
        progress.accept(String.format(Locale.ROOT, "%5.1fs ", (System.nanoTime() - startNanos) / 1e9)
                + String.format(Locale.ROOT, format, args));
    }

    /** Stops everything started so far, newest first. Safe to call more than once and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
