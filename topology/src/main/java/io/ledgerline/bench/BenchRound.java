package io.ledgerline.bench;

import io.ledgerline.names.Topics;
import io.ledgerline.runtime.AppRunner;
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
import io.ledgerline.topology.LedgerlineApp;
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
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
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
    AppRunner startPipeline(String applicationId) throws Exception {
        AppRunner pipeline = pipeline(applicationId, stateDir());
        try {
            cluster.createTopics(InternalTopics.repartitionTopics(pipeline.topology(), applicationId), partitions);
            pipeline.start().awaitRunning(STARTUP_TIMEOUT);
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    void awaitPipelineDrained(AppRunner pipeline) throws Exception {
        awaitDrained(pipeline.applicationId(), pipelineInputs(pipeline.topology()), pipeline::failureReason);
    }

    private Set<String> pipelineInputs(Topology topology) {
        return Drain.sourceTopics(topology, new TreeSet<>(Topics.all(load.erps())));
    }

    /** Runs {@code contender} over the backlog; for the pipeline, {@code footprint} adds the tick, state and restore. */
    Measurement run(Contender contender, boolean footprint) throws Exception {
        String applicationId = "bench-" + contender.label();
        Path stateDir = stateDir();
        if (contender != Contender.PIPELINE) {
            long started = System.nanoTime();
            try (StreamsRuntime streams = StreamsRuntime.start(Contender.passThrough(),
                    passThroughConfig(contender, applicationId, stateDir))) {
                streams.awaitRunning(STARTUP_TIMEOUT);
                return consume(contender, applicationId, started, new TreeSet<>(Topics.rawInputs()),
                        streams.streams(), streams::failureReason);
            }
        }
        try (AppRunner pipeline = pipeline(applicationId, stateDir)) {
            Set<String> inputs = pipelineInputs(pipeline.topology());
            cluster.createTopics(InternalTopics.repartitionTopics(pipeline.topology(), applicationId), partitions);
            long started = System.nanoTime();
            pipeline.start().awaitRunning(STARTUP_TIMEOUT);
            Measurement measurement = consume(contender, applicationId, started, inputs, pipeline.streams(),
                    pipeline::failureReason);
            if (!footprint) {
                return measurement;
            }
            Duration tick = tickToAsOf(applicationId, inputs, pipeline);
            Duration idleTick = tickToAsOf(applicationId, inputs, pipeline);
            List<ChangelogCensus.StoreState> stores = ChangelogCensus.of(cluster.clientConfig(), applicationId);
            long rocksDb = StateSizes.directoryBytes(stateDir);
            long changelogLogBytes = StateSizes.changelogLogBytes(cluster.admin(), applicationId);
            long heap = heapAfterGc();
            // leave the group: the restoring instance would otherwise wait out this member's session timeout
            pipeline.closeLeavingGroup();
            Duration restore = restore(applicationId);
            PipelineFootprint print = new PipelineFootprint(load.accounts(), stores, rocksDb, changelogLogBytes, heap, tick, idleTick,
                    restore);
            progress.accept(String.format(Locale.ROOT, "    state: %,d live bytes (%,.0f per account) in %,d changelog records; "
                            + "restore %.1f s; tick %.1f s, then %.1f s", print.liveStateBytes(), print.liveStateBytesPerAccount(),
                    print.changelogRecords(), restore.toNanos() / 1e9, tick.toNanos() / 1e9, idleTick.toNanos() / 1e9));
            return new Measurement(contender, load.rawRecords(), measurement.processing(), measurement.startup(), measurement.cpu(),
                    measurement.traffic(), print);
        }
    }

    /** Sends the pipeline a clock tick at the load's as-of; how long until everything it caused is consumed. */
    private Duration tickToAsOf(String applicationId, Set<String> inputs, AppRunner pipeline) throws Exception {
        long started = System.nanoTime();
        ClockTicks.send(cluster.clientConfig(), serdeConfig, load.asOf());
        awaitDrained(applicationId, inputs, pipeline::failureReason);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Waits until {@code client}, started at {@code started} and now RUNNING, has consumed the backlog. */
    private Measurement consume(Contender contender, String applicationId, long started, Set<String> inputs,
                                KafkaStreams client, Supplier<String> failure) throws Exception {
        long running = System.nanoTime();
        CpuTime cpuAtRunning = CpuTime.now(applicationId);
        awaitDrained(applicationId, inputs, failure);
        long drained = System.nanoTime();
        CpuTime cpu = CpuTime.now(applicationId).since(cpuAtRunning);
        BrokerTraffic traffic = BrokerTraffic.of(client.metrics());
        Measurement measurement = new Measurement(contender, load.rawRecords(), Duration.ofNanos(drained - running),
                Duration.ofNanos(running - started), cpu, traffic, null);
        progress.accept(String.format(Locale.ROOT, "    %-36s %,9.0f records/s (%.1f s), %.2f records written per raw record, "
                        + "CPU per raw record %,.0f µs in the stream thread, %,.0f µs in the JVM",
                contender.description(), measurement.recordsPerSecond(), (drained - running) / 1e9,
                traffic.totalRecordsWritten() / (double) load.rawRecords(), measurement.streamThreadMicrosPerRecord(),
                measurement.processMicrosPerRecord()));
        return measurement;
    }

    /**
     * The pipeline as {@code run} configures it (dead letters, bounded RocksDB) on the embedded broker. As in
     * {@code process}: the clock stands at as-of, moved by a tick once the backlog is consumed, and without the ERP's
     * posting results in the load no entry can be POSTED, so the ERP loop's conditions are not watched (watched, every
     * entry would wait in the alert store for ever, as in an ERP outage).
     */
    private AppRunner pipeline(String applicationId, Path stateDir) throws IOException {
        LedgerlineApp app = LedgerlineApp.of(new TopologySettings(serdeConfig, Clock.fixed(load.asOf(), ZoneOffset.UTC))
                .withAlertThresholds(ExportFileReplayer.alertThresholdsFor(load.directory())));
        return AppRunner.create(app, AppRunner.Options.of(applicationId, cluster.bootstrapServers(), stateDir)
                .onEmbeddedBroker().withBoundedRocksDb(ROCKSDB_MEMORY_BYTES));
    }

    /** The pass-through contenders: the defaults at the contender's processing guarantee, nothing to dead-letter. */
    private Properties passThroughConfig(Contender contender, String applicationId, Path stateDir) {
        Properties config = StreamsDefaults.baseConfig(applicationId, cluster.bootstrapServers(), stateDir, REPLICATION,
                StreamsDefaults.DEFAULT_STREAM_THREADS);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, contender.processingGuarantee());
        return config;
    }

    private void awaitDrained(String applicationId, Set<String> inputs, Supplier<String> failure) throws Exception {
        try (DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), applicationId, inputs)) {
            watcher.pollInterval(DRAIN_POLL).abortWhen(failure)
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
        String reason = failure.get();
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
    }

    /** A second instance with an empty state directory: everything comes back from the changelogs. */
    private Duration restore(String applicationId) throws Exception {
        Path fresh = stateDir();
        long started = System.nanoTime();
        try (AppRunner pipeline = pipeline(applicationId, fresh)) {
            pipeline.start().awaitRunning(drainTimeout);
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
