package io.ledgerline.runtime;

import io.ledgerline.outputs.TopicExporter;
import io.ledgerline.outputs.ReconciliationReports;
import io.ledgerline.outputs.StoreEvidence;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.Reconciliation;
import io.ledgerline.reconciliation.ReconciliationFigures;
import org.apache.kafka.streams.KafkaStreams;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.topology.LedgerlineApp;
import io.ledgerline.names.Topics;
import io.ledgerline.alerts.AlertThresholds;
import io.ledgerline.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.Topology;

/**
 * The {@code process} batch job: runs the production topology over export files on an in-JVM broker and writes every
 * output topic as {@code <topic>.jsonl}. Steps: validate the input, start the broker, create the topics, start the
 * pipeline ({@link AppRunner}, as {@code run} does, without the HTTP API), replay the files, wait until the application
 * has consumed everything, export, stop (Streams before the broker).
 */
public final class ProcessJob implements AutoCloseable {

    public static final String APPLICATION_ID = "ledgerline-process";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param asOf         clock of the run (revenue recognition, SLA ages); {@code null} for the latest event time in
     *                     the input
     * @param drainTimeout how long the application may take to consume the replayed input
     */
    public record Options(Path input, Path output, Instant asOf, int partitions, int threads, Duration drainTimeout) {

        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
        }

        public static Options of(Path input, Path output) {
            return new Options(input, output, null, 4, 1, Duration.ofMinutes(5));
        }
    }

    /** What a run did: input records per raw topic, output records per output topic, and what became of every input record. */
    public record Result(Instant asOf, Map<String, Long> inputRecords, Map<String, Long> outputRecords,
                         Duration elapsed, InputAccount inputAccount) {
    }

    private final Options options;
    private final Consumer<String> progress;
    private final Function<TopologySettings, Topology> topologyFactory;
    private final Thread shutdownHook = new Thread(this::close, "ledgerline-process-shutdown");

    private EmbeddedKafkaCluster cluster;
    private AppRunner pipeline;
    private String registryScope;
    private Set<String> inputTopics = Set.of();
    /** Whether the topology has the account ledger (a test's stand-in may not): only then are there reports to write. */
    private boolean hasLedger;
    /** Which workflow alerts this run watches (the ERP loop's only with posting results). */
    private AlertThresholds thresholds = AlertThresholds.defaults();
    private boolean closed;

    /** @param progress receives progress lines (the CLI prints them to stderr) */
    public ProcessJob(Options options, Consumer<String> progress) {
        this(options, progress, null);
    }

    /** With another topology (null for the production one), for tests of the job's plumbing. */
    public ProcessJob(Options options, Consumer<String> progress, Function<TopologySettings, Topology> topologyFactory) {
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.topologyFactory = topologyFactory;
    }

    /**
     * Runs the job to the end. Call once; {@link #close()} afterwards (also after a failure).
     *
     * @throws IllegalArgumentException for unusable input (missing directory or file)
     * @throws IllegalStateException    when the Streams application fails or does not drain in time
     */
    public Result run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        // Validate before starting anything, so a typo in --input fails in milliseconds with a clear message.
        Map<Path, String> files = ExportFileReplayer.filesToReplay(options.input());
        Path masterdata = options.input().resolve(ExportFileReplayer.ERP_MASTERDATA_FILE);
        Set<String> erps = ExportFiles.erpsOf(masterdata);
        if (erps.isEmpty()) {
            progress.accept("warning: no legal_entity record with an erp in " + masterdata
                    + ": no erp.journal.* topic will be written");
        }
        Instant asOf = options.asOf() != null ? options.asOf() : ExportFiles.latestEventTime(options.input()).orElseGet(() -> {
            Instant now = Instant.now();
            progress.accept("warning: no event time found in the input; --as-of defaults to now (" + now + ")");
            return now;
        });
        Files.createDirectories(options.output());
        registerShutdownHook();

        cluster = EmbeddedKafkaCluster.start();
        cluster.createTopics(Topics.all(erps), options.partitions());
        progress.accept(String.format(Locale.ROOT, "%5.1fs embedded Kafka ready, %d topics with %d partitions",
                seconds(started), Topics.all(erps).size(), options.partitions()));

        registryScope = "process-" + UUID.randomUUID();
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
        thresholds = ExportFileReplayer.alertThresholdsFor(options.input());
        TopologySettings settings = new TopologySettings(serdeConfig, Clock.fixed(asOf, ZoneOffset.UTC))
                .withInMemoryStores().withAlertThresholds(thresholds);
        LedgerlineApp app = topologyFactory == null ? LedgerlineApp.of(settings) : LedgerlineApp.wiredBy(settings, topologyFactory);
        try {
            // no HTTP API: nobody queries a batch run; its state is scratch
            pipeline = AppRunner.create(app, AppRunner.Options.scratch(APPLICATION_ID, cluster.bootstrapServers(), "process")
                    .onEmbeddedBroker().withStreamThreads(options.threads()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot build the topology: " + e.getMessage(), e);
        }
        Topology topology = pipeline.topology();
        hasLedger = holdsStore(topology, io.ledgerline.names.Stores.CONTRACTS);
        inputTopics = Drain.sourceTopics(topology, new TreeSet<>(Topics.all(erps)));
        cluster.createTopics(InternalTopics.repartitionTopics(topology, APPLICATION_ID), options.partitions());
        pipeline.start().awaitRunning(STARTUP_TIMEOUT);
        progress.accept(String.format(Locale.ROOT, "%5.1fs Kafka Streams running (as of %s)", seconds(started), asOf));
        Map<String, Long> inputs = new ExportFileReplayer(cluster.clientConfig()).replay(options.input());
        progress.accept(String.format(Locale.ROOT, "%5.1fs replayed %d records from %s", seconds(started),
                inputs.values().stream().mapToLong(Long::longValue).sum(), options.input()));
        awaitDrained();
        // Only now has the pipeline seen everything: move its clock to as-of (revenue recognition, SLA checks),
        // so the result never depends on when a timer happened to fire. A second tick judges the alerts of what the
        // first created (recognition entries), once their posting results have come round.
        for (int tick = 0; tick < 2; tick++) {
            ClockTicks.send(cluster.clientConfig(), serdeConfig, asOf);
            awaitDrained();
        }
        progress.accept(String.format(Locale.ROOT, "%5.1fs all input processed", seconds(started)));

        Map<String, Long> outputs = export(erps, serdeConfig);
        if (hasLedger) {
            outputs.put(CLOSE_OUTPUT, (long) writeReports(asOf));
        }
        InputAccount account = InputAccount.of(inputs, pipeline.streams());
        return new Result(asOf, inputs, outputs, Duration.ofNanos(System.nanoTime() - started), account);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private void awaitDrained() throws InterruptedException {
        Drain.await(cluster.clientConfig(), APPLICATION_ID, inputTopics, pipeline::failureReason,
                options.drainTimeout(), progress);
    }

    private static boolean holdsStore(Topology topology, String store) {
        return topology.describe().subtopologies().stream().flatMap(t -> t.nodes().stream())
                .anyMatch(n -> n instanceof org.apache.kafka.streams.TopologyDescription.Processor p && p.stores().contains(store));
    }

    /** The name under which the output count of close.jsonl is reported (as for a topic, without .jsonl). */
    public static final String CLOSE_OUTPUT = "close";

    /**
     * close.jsonl (every legal entity and period with entries, READY or what blocks it), reconciliation.csv and
     * revenue-waterfall.csv, from the stores of the drained pipeline (one instance: it holds every partition).
     *
     * @return how many close statuses were written
     */
    private int writeReports(Instant asOf) {
        KafkaStreams client = pipeline.streams();
        List<io.ledgerline.reconciliation.CloseReadiness.Status> close = StoreEvidence.local(client).judgeAll();
        ReconciliationReports.writeClose(options.output(), close);
        List<Reconciliation> records = new ArrayList<>();
        for (ContractState contract : StoreEvidence.contracts(client)) {
            records.addAll(ReconciliationFigures.of(contract, asOf, thresholds::watches, t -> t));
        }
        ReconciliationReports.writeCsv(options.output(), ReconciliationReports.json(records));
        return close.size();
    }

    private Map<String, Long> export(Set<String> erps, Map<String, Object> serdeConfig) {
        List<String> topics = new ArrayList<>(Topics.fixedOutputs());
        erps.stream().map(Topics::journal).sorted().forEach(topics::add);
        Map<String, Long> counts = new LinkedHashMap<>();
        try (TopicExporter exporter = new TopicExporter(cluster.clientConfig())) {
            for (String topic : topics) {
                try (Deserializer<?> deserializer = TopicExporter.specificRecords(serdeConfig)) {
                    counts.put(topic, exporter.export(topic, deserializer, options.output()));
                }
            }
        }
        return counts;
    }

    /** Kept for callers of the job; see {@link ExportFiles#latestEventTime}. */
    static Optional<Instant> latestEventTime(Path inputDir) {
        return ExportFiles.latestEventTime(inputDir);
    }

    private void registerShutdownHook() {
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the JVM is shutting down", e);
        }
    }

    /** Stops the pipeline (deleting its scratch state), then the broker. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pipeline != null) {
            pipeline.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (registryScope != null) {
            InMemorySchemaRegistry.drop(registryScope);
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: nothing to remove
            }
        }
    }
}
