package io.ledgerline.runtime;

import io.ledgerline.http.ApiToken;
import io.ledgerline.http.LedgerlineApi;
import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.topology.LedgerlineApp;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ledger pipeline ({@link LedgerlineApp}) the same way in {@code run}, {@code process}, {@code demo} and
 * {@code bench}, so an instance behaves alike wherever it runs: the Streams configuration ({@link StreamsDefaults},
 * dead-letter handlers, {@code application.server}), the client with its uncaught-error capture and restore count
 * ({@link StreamsRuntime}), the HTTP API with its health, queries and metrics when asked, SIGTERM, a bounded close and
 * the clean-up of scratch state. What only some commands need (an embedded broker, replayed export files, drain
 * detection, a schema registry) stays with them, composed around the runner.
 * <p>
 * Two steps, because the embedding commands need the topology before the client starts (to create its repartition
 * topics, to know its input topics): {@link #create} opens the API (its port goes into {@code application.server})
 * and builds topology and configuration; {@link #start} starts the client and lets the API serve it.
 */
public final class AppRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppRunner.class);

    /**
     * The HTTP API of an instance.
     *
     * @param advertisedHost the name other instances reach this one by (queries for keys held elsewhere are forwarded)
     * @param token          guards replay and dismiss; {@link ApiToken#none()} refuses them
     * @param tls            HTTPS (between instances too) when given; null for plain HTTP
     */
    public record HttpApi(String bindHost, int port, String advertisedHost, ApiToken token, SSLContext tls) {
        public HttpApi {
            Objects.requireNonNull(bindHost, "bindHost");
            Objects.requireNonNull(advertisedHost, "advertisedHost");
            Objects.requireNonNull(token, "token");
        }

        /** The same API on another port (0 for a free one). */
        public HttpApi onPort(int otherPort) {
            return new HttpApi(bindHost, otherPort, advertisedHost, token, tls);
        }
    }

    /** Where and how the client runs; the defaults are those of a production instance (see {@link StreamsDefaults}). */
    public static final class Options {
        private final String applicationId;
        private final String bootstrapServers;
        private final Path stateDir;
        private final String scratchKind;
        private final int replicationFactor;
        private final int streamThreads;
        private final Map<String, String> clientSettings;
        private final Long rocksDbMemoryBytes;
        private final HttpApi http;

        private Options(String applicationId, String bootstrapServers, Path stateDir, String scratchKind,
                        int replicationFactor, int streamThreads, Map<String, String> clientSettings,
                        Long rocksDbMemoryBytes, HttpApi http) {
            this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.stateDir = stateDir;
            this.scratchKind = scratchKind;
            this.replicationFactor = replicationFactor;
            this.streamThreads = streamThreads;
            this.clientSettings = Map.copyOf(clientSettings);
            this.rocksDbMemoryBytes = rocksDbMemoryBytes;
            this.http = http;
        }

        /** State in {@code stateDir}, kept on close (a restart restores from it, not from the changelogs). */
        public static Options of(String applicationId, String bootstrapServers, Path stateDir) {
            return new Options(applicationId, bootstrapServers, Objects.requireNonNull(stateDir, "stateDir"), null,
                    StreamsDefaults.BROKER_DEFAULT_REPLICATION_FACTOR, StreamsDefaults.DEFAULT_STREAM_THREADS, Map.of(),
                    null, null);
        }

        /** State in a fresh directory under {@code ~/.ledgerline/KIND} ({@link LocalDirs}), deleted on close. */
        public static Options scratch(String applicationId, String bootstrapServers, String kind) {
            return new Options(applicationId, bootstrapServers, null, Objects.requireNonNull(kind, "kind"),
                    StreamsDefaults.BROKER_DEFAULT_REPLICATION_FACTOR, StreamsDefaults.DEFAULT_STREAM_THREADS, Map.of(),
                    null, null);
        }

        /** Internal topics on one replica: the single broker of {@code process}, {@code demo} and {@code bench}. */
        public Options onEmbeddedBroker() {
            return new Options(applicationId, bootstrapServers, stateDir, scratchKind,
                    StreamsDefaults.EMBEDDED_REPLICATION_FACTOR, streamThreads, clientSettings, rocksDbMemoryBytes, http);
        }

        public Options withStreamThreads(int threads) {
            return new Options(applicationId, bootstrapServers, stateDir, scratchKind, replicationFactor, threads,
                    clientSettings, rocksDbMemoryBytes, http);
        }

        /**
         * Kafka, Streams and serde settings over the defaults (the operator knows the cluster: security, tuning); also
         * the client settings of the API's command producer.
         */
        public Options withClientSettings(Map<String, String> settings) {
            return new Options(applicationId, bootstrapServers, stateDir, scratchKind, replicationFactor, streamThreads,
                    settings, rocksDbMemoryBytes, http);
        }

        /** RocksDB within {@code bytes} for the whole instance ({@link BoundedRocksDbMemory}), unless another setter is configured. */
        public Options withBoundedRocksDb(long bytes) {
            return new Options(applicationId, bootstrapServers, stateDir, scratchKind, replicationFactor, streamThreads,
                    clientSettings, bytes, http);
        }

        public Options withHttpApi(HttpApi api) {
            return new Options(applicationId, bootstrapServers, stateDir, scratchKind, replicationFactor, streamThreads,
                    clientSettings, rocksDbMemoryBytes, Objects.requireNonNull(api, "api"));
        }

        public String applicationId() {
            return applicationId;
        }
    }

    private final LedgerlineApp app;
    private final Options options;
    private final LedgerlineApi api;
    private final HostInfo advertised;
    private final Topology topology;
    private final Path stateDir;
    private final Properties config;
    /** Set once by start; read without the lock, so health and drain checks never wait for a close. */
    private volatile StreamsRuntime streams;
    /** Set when a close begins (read by the serving loop: a client shutting down on request has not failed). */
    private volatile boolean closed;
    private final CleanCloseMarker closeMarker;

    private AppRunner(LedgerlineApp app, Options options, LedgerlineApi api) throws IOException {
        this.app = app;
        this.options = options;
        this.api = api;
        this.advertised = api == null ? null : new HostInfo(options.http.advertisedHost(), api.port());
        // the business metrics go where /metrics serves them; without an API nobody reads them
        this.topology = app.topology(api == null ? BusinessMetrics.none() : new BusinessMetrics(api.metrics()));
        this.stateDir = options.stateDir != null ? options.stateDir : LocalDirs.fresh(options.scratchKind);
        this.closeMarker = new CleanCloseMarker(stateDir, options.applicationId);
        try {
            this.config = streamsConfig(options, stateDir, app.serdeConfig(), advertised);
        } catch (RuntimeException e) {
            deleteScratchState();
            throw e;
        }
    }

    /**
     * Opens the HTTP API if the options ask for one, builds the topology and the Streams configuration; the client is
     * not started yet. Close the runner in any case.
     *
     * @throws IllegalStateException from the API when its port cannot be bound (a {@link java.net.BindException}
     *                               among the causes); nothing is left open then
     */
    public static AppRunner create(LedgerlineApp app, Options options) throws IOException {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(options, "options");
        HttpApi http = options.http;
        LedgerlineApi api = http == null ? null : LedgerlineApi.start(http.bindHost(), http.port(), http.token(), http.tls());
        try {
            return new AppRunner(app, options, api);
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close();
            }
            throw e;
        }
    }

    /**
     * The configuration {@link #create} gives the client: the defaults, the client settings over them, the dead-letter
     * handlers, {@code application.server} (when the instance has an API) and the RocksDB bound.
     */
    public static Properties streamsConfig(Options options, Path stateDir, Map<String, Object> serdeConfig,
                                           HostInfo advertised) {
        Properties props = StreamsDefaults.baseConfig(options.applicationId, options.bootstrapServers, stateDir,
                options.replicationFactor, options.streamThreads);
        props.putAll(options.clientSettings);
        StreamsDefaults.withDeadLetterHandlers(props, serdeConfig);
        if (advertised != null) {
            // where the other instances forward the queries for keys this one holds
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
        }
        if (options.rocksDbMemoryBytes != null) {
            props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
            props.put(BoundedRocksDbMemory.MEMORY_BYTES, Long.toString(options.rocksDbMemoryBytes));
        }
        return props;
    }

    /** Starts the client, without waiting for RUNNING (a rebalance may take a while); the API serves it from now on. */
    public synchronized AppRunner start() {
        if (closed) {
            throw new IllegalStateException("the runner of " + options.applicationId + " is closed");
        }
        if (streams != null) {
            throw new IllegalStateException("the runner of " + options.applicationId + " is started already");
        }
        boolean crashed = StreamsConfig.EXACTLY_ONCE_V2.equals(config.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                && closeMarker.leftByACrash();
        if (crashed) {
            log.info("The last run of {} did not close cleanly: under exactly-once its local state would be opened only to "
                    + "be wiped; deleting it before the start, every store is restored from its changelog", options.applicationId);
        }
        closeMarker.clear();
        streams = StreamsRuntime.start(topology, config, crashed);
        if (api != null) {
            api.attach(streams.streams(), advertised, apiClientConfig(), app.serdeConfig());
            api.health(streams::restoringPartitions, streams::failureReason);
        }
        return this;
    }

    /** The API's command producer reaches the cluster as the client does (security settings included). */
    private Map<String, Object> apiClientConfig() {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers);
        client.putAll(options.clientSettings);
        return client;
    }

    /** Blocks until the client is RUNNING; fails with the cause when it dies first. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        started().awaitRunning(timeout);
    }

    /** Why the client cannot carry on (with the uncaught error's cause), or null while it is healthy or not started. */
    public String failureReason() {
        StreamsRuntime client = streams;
        return client == null ? null : client.failureReason();
    }

    /**
     * Serves until SIGTERM or Ctrl-C, or until the client fails: a dead client must end the process (non-zero), so
     * the orchestrator restarts it. On the signal a shutdown hook stops {@code stopFirst} (what feeds the pipeline,
     * such as its clock) and then closes this runner within the close timeout.
     *
     * @return why the client failed ({@code stopFirst} is stopped then, the runner is the caller's to close), or null
     *         when stopped by the signal
     */
    public String serveUntilStopped(AutoCloseable... stopFirst) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            closeQuietly(stopFirst);
            close();
            stopped.countDown();
        }, "ledgerline-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            String failure = failureReason();
            if (failure != null && !closed) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook closes everything
                }
                closeQuietly(stopFirst);
                return failure;
            }
        }
        return null;
    }

    private static void closeQuietly(AutoCloseable... components) {
        for (AutoCloseable component : components) {
            try {
                component.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** The client, for interactive queries over its stores and its metrics. */
    public KafkaStreams streams() {
        return started().streams();
    }

    private StreamsRuntime started() {
        StreamsRuntime client = streams;
        if (client == null) {
            throw new IllegalStateException("the runner of " + options.applicationId + " is not started");
        }
        return client;
    }

    public Topology topology() {
        return topology;
    }

    public String applicationId() {
        return options.applicationId;
    }

    /** The client's state directory (state.dir). */
    public Path stateDir() {
        return stateDir;
    }

    Properties config() {
        return config;
    }

    /** The registry {@code /metrics} serves, for components that publish their own gauges (the lag monitor). */
    public MeterRegistry metrics() {
        return api().metrics();
    }

    public String apiUrl() {
        return api().url();
    }

    public int apiPort() {
        return api().port();
    }

    /** This instance's {@code application.server}: the advertised host and the API's bound port. */
    public HostInfo advertised() {
        api();
        return advertised;
    }

    private LedgerlineApi api() {
        if (api == null) {
            throw new IllegalStateException("the runner of " + options.applicationId + " has no HTTP API");
        }
        return api;
    }

    /**
     * Closes the client and leaves the group, so its partitions move to the other members at once (a bench measuring
     * a restore); then as {@link #close()}.
     */
    public void closeLeavingGroup() {
        close(true);
    }

    /**
     * Closes the client (within {@link StreamsRuntime#CLOSE_TIMEOUT}), then the API, and deletes scratch state. Close
     * before stopping an embedded broker, or the client spends its timeout on a dead connection. Safe to call more
     * than once and from a shutdown hook.
     */
    @Override
    public void close() {
        close(false);
    }

    private synchronized void close(boolean leaveGroup) {
        if (closed) {
            return;
        }
        closed = true;
        if (streams != null) {
            boolean clean = leaveGroup ? streams.closeLeavingGroup() : streams.closeCleanly();
            if (clean && options.scratchKind == null) {
                closeMarker.write();
            }
        }
        if (api != null) {
            api.close();
        }
        deleteScratchState();
    }

    private void deleteScratchState() {
        if (options.scratchKind == null) {
            return;
        }
        try {
            Utils.delete(stateDir.toFile());
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", stateDir, e.toString());
        }
    }
}
