package io.ledgerline.bench;

import io.ledgerline.alerts.AlertThresholds;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.BoundedRocksDbMemory;
import io.ledgerline.runtime.ClockTicks;
import io.ledgerline.runtime.Drain;
import io.ledgerline.runtime.DrainWatcher;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.ExportFileReplayer;
import io.ledgerline.runtime.InternalTopics;
import io.ledgerline.runtime.LocalDirs;
import io.ledgerline.runtime.StreamsDefaults;
import io.ledgerline.runtime.StreamsRuntime;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.topology.LedgerlineTopology;
import io.ledgerline.topology.TopologySettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.utils.Utils;

/**
 * One repetition: a fresh in-JVM broker holding the raw load, then each contender consumes the whole backlog in turn
 * with a fresh application id, the same partitions, commit interval and producer settings.
 */
final class BenchRound implements AutoCloseable {

    /** The broker writes of an embedded run stay on one replica, so the figures exclude replication. */
    private static final int REPLICATION = StreamsDefaults.EMBEDDED_REPLICATION_FACTOR;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_POLL = Duration.ofMillis(25);
    private static final long ROCKSDB_MEMORY_BYTES = 256L * 1024 * 1024;

    private final BenchLoad load;
    private final int partitions;
    private final Duration drainTimeout;
    private final Consumer<String> progress;
    private final EmbeddedKafkaCluster cluster;
    private final String registryScope = "bench-" + UUID.randomUUID();
    private final Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
    private final List<Path> stateDirs = new ArrayList<>();

    /** @param replay whether to produce the whole load into the raw topics now (the latency probe sends its own) */
    BenchRound(BenchLoad load, int partitions, Duration drainTimeout, Consumer<String> progress, boolean replay) {
        this.load = load;
        this.partitions = partitions;
        this.drainTimeout = drainTimeout;
        this.progress = progress;
        this.cluster = EmbeddedKafkaCluster.start();
        List<String> topics = new ArrayList<>(Topics.all(load.erps()));
        topics.add(Contender.PASS_THROUGH_OUTPUT);
        cluster.createTopics(topics, partitions);
        if (!replay) {
            return;
        }
        Map<String, Long> replayed = new ExportFileReplayer(cluster.clientConfig()).replay(load.directory());
        long sent = replayed.values().stream().mapToLong(Long::longValue).sum();
        if (sent != load.rawRecords()) {
            throw new IllegalStateException("Replayed " + sent + " records, the load holds " + load.rawRecords());
        }
    }

    Map<String, Object> clientConfig() {
        return cluster.clientConfig();
    }

    Map<String, Object> serdeConfig() {
        return serdeConfig;
    }

    BenchLoad load() {
        return load;
    }

    /** The pipeline under {@code applicationId}, RUNNING. */
    StreamsRuntime startPipeline(String applicationId) throws Exception {
        Topology topology = topology(Contender.PIPELINE);
        cluster.createTopics(InternalTopics.repartitionTopics(topology, applicationId), partitions);
        StreamsRuntime streams = StreamsRuntime.start(topology, config(Contender.PIPELINE, applicationId, stateDir()));
        try {
            streams.awaitRunning(STARTUP_TIMEOUT);
        } catch (RuntimeException | InterruptedException e) {
            streams.close();
            throw e;
        }
        return streams;
    }

    void awaitPipelineDrained(String applicationId, StreamsRuntime streams) throws Exception {
        awaitDrained(applicationId, pipelineInputs(topology(Contender.PIPELINE)), streams);
    }

    private Set<String> pipelineInputs(Topology topology) {
        return Drain.sourceTopics(topology, new TreeSet<>(Topics.all(load.erps())));
    }

    /** Runs {@code contender} over the backlog; for the pipeline, {@code footprint} adds the tick, state and restore. */
    Measurement run(Contender contender, boolean footprint) throws Exception {
        String applicationId = "bench-" + contender.label();
        Topology topology = topology(contender);
        Set<String> inputs = contender == Contender.PIPELINE ? pipelineInputs(topology) : new TreeSet<>(Topics.rawInputs());
        if (contender == Contender.PIPELINE) {
            cluster.createTopics(InternalTopics.repartitionTopics(topology, applicationId), partitions);
        }
        Path stateDir = stateDir();
        long started = System.nanoTime();
        try (StreamsRuntime streams = StreamsRuntime.start(topology, config(contender, applicationId, stateDir))) {
            streams.awaitRunning(STARTUP_TIMEOUT);
            long running = System.nanoTime();
            awaitDrained(applicationId, inputs, streams);
            long drained = System.nanoTime();
            BrokerTraffic traffic = BrokerTraffic.of(streams.streams().metrics());
            Measurement measurement = new Measurement(contender, load.rawRecords(), Duration.ofNanos(drained - running),
                    Duration.ofNanos(running - started), traffic, null);
            progress.accept(String.format(Locale.ROOT, "    %-36s %,9.0f records/s (%.1f s), %.2f records written per raw record",
                    contender.description(), measurement.recordsPerSecond(), (drained - running) / 1e9,
                    traffic.totalRecordsWritten() / (double) load.rawRecords()));
            if (!footprint || contender != Contender.PIPELINE) {
                return measurement;
            }
            long tickStarted = System.nanoTime();
            ClockTicks.send(cluster.clientConfig(), serdeConfig, load.asOf());
            awaitDrained(applicationId, inputs, streams);
            Duration tick = Duration.ofNanos(System.nanoTime() - tickStarted);
            List<ChangelogCensus.StoreState> stores = ChangelogCensus.of(cluster.clientConfig(), applicationId);
            long rocksDb = StateSizes.directoryBytes(stateDir);
            long changelogLogBytes = StateSizes.changelogLogBytes(cluster.admin(), applicationId);
            long heap = heapAfterGc();
            // leave the group: the restoring instance would otherwise wait out this member's session timeout
            streams.closeLeavingGroup();
            Duration restore = restore(contender, applicationId);
            PipelineFootprint print = new PipelineFootprint(load.accounts(), stores, rocksDb, changelogLogBytes, heap, tick, restore);
            progress.accept(String.format(Locale.ROOT, "    state: %,d live bytes (%,.0f per account) in %,d changelog records; "
                            + "restore %.1f s; tick %.1f s", print.liveStateBytes(), print.liveStateBytesPerAccount(),
                    print.changelogRecords(), restore.toNanos() / 1e9, tick.toNanos() / 1e9));
            return new Measurement(contender, load.rawRecords(), measurement.processing(), measurement.startup(), traffic, print);
        }
    }

    private Topology topology(Contender contender) {
        if (contender != Contender.PIPELINE) {
            return Contender.passThrough();
        }
        // as in `process`: the clock stands at as-of, moved by a tick once the backlog is consumed, and without the ERP's
        // posting results in the load no entry can be POSTED, so the ERP loop's conditions are not watched (watched, every
        // entry would wait in the alert store for ever, as in an ERP outage); RocksDB as in `run`
        boolean postingResults = java.nio.file.Files.exists(load.directory().resolve(ExportFileReplayer.ERP_POSTING_RESULTS_FILE));
        AlertThresholds thresholds = postingResults ? AlertThresholds.defaults() : AlertThresholds.defaults().withoutErpPostingResults();
        return new LedgerlineTopology(new TopologySettings(serdeConfig, Clock.fixed(load.asOf(), ZoneOffset.UTC))
                .withAlertThresholds(thresholds)).build();
    }

    private Properties config(Contender contender, String applicationId, Path stateDir) {
        Properties config = StreamsDefaults.baseConfig(applicationId, cluster.bootstrapServers(), stateDir, REPLICATION,
                StreamsDefaults.DEFAULT_STREAM_THREADS);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, contender.processingGuarantee());
        if (contender == Contender.PIPELINE) {
            StreamsDefaults.withDeadLetterHandlers(config, serdeConfig);
            config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
            config.put(BoundedRocksDbMemory.MEMORY_BYTES, Long.toString(ROCKSDB_MEMORY_BYTES));
        }
        return config;
    }

    private void awaitDrained(String applicationId, Set<String> inputs, StreamsRuntime streams) throws Exception {
        try (DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), applicationId, inputs)) {
            watcher.pollInterval(DRAIN_POLL).abortWhen(streams::failureReason)
                    .onProgress(Duration.ofSeconds(10), p -> {
                        if (!p.drained()) {
                            progress.accept(String.format(Locale.ROOT, "      %5.1fs %,d records behind",
                                    p.elapsed().toMillis() / 1000.0, p.totalLag()));
                        }
                    })
                    .awaitDrained(drainTimeout);
        } catch (TimeoutException e) {
            throw new IllegalStateException(applicationId + " did not consume the load within " + drainTimeout + ": "
                    + e.getMessage(), e);
        }
        String failure = streams.failureReason();
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** A second instance with an empty state directory: everything comes back from the changelogs. */
    private Duration restore(Contender contender, String applicationId) throws Exception {
        Path fresh = stateDir();
        long started = System.nanoTime();
        try (StreamsRuntime streams = StreamsRuntime.start(topology(contender), config(contender, applicationId, fresh))) {
            streams.awaitRunning(drainTimeout);
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private Path stateDir() throws IOException {
        Path dir = LocalDirs.fresh("bench");
        stateDirs.add(dir);
        return dir;
    }

    @Override
    public void close() {
        cluster.close();
        for (Path dir : stateDirs) {
            try {
                Utils.delete(dir.toFile());
            } catch (IOException e) {
                progress.accept("warning: cannot delete " + dir + ": " + e);
            }
        }
        InMemorySchemaRegistry.drop(registryScope);
    }
}
