package io.ledgerline.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.canonical.ClockTick;
import io.ledgerline.outputs.TopicExporter;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.AvroSerializer;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serde.SpecificAvroSerde;
import io.ledgerline.topology.LedgerlineTopology;
import io.ledgerline.topology.Topics;
import io.ledgerline.topology.TopologySettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} batch job: runs the production topology over export files on an in-JVM broker and writes every
 * output topic as {@code <topic>.jsonl}. Steps: validate the input, start the broker, create the topics, start the
 * Streams client, replay the files, wait until the application has consumed everything, export, stop (Streams before
 * the broker).
 */
public final class ProcessJob implements AutoCloseable {

    public static final String APPLICATION_ID = "ledgerline-process";

    private static final Logger log = LoggerFactory.getLogger(ProcessJob.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
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

    /** What a run did: input records per raw topic, output records per output topic. */
    public record Result(Instant asOf, Map<String, Long> inputRecords, Map<String, Long> outputRecords,
                         Duration elapsed) {
    }

    private final Options options;
    private final Consumer<String> progress;
    private final Function<TopologySettings, Topology> topologyFactory;
    private final AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
    private final Thread shutdownHook = new Thread(this::close, "ledgerline-process-shutdown");

    private EmbeddedKafkaCluster cluster;
    private KafkaStreams streams;
    private Path stateDir;
    private String registryScope;
    private Set<String> inputTopics = Set.of();
    private boolean closed;

    /** @param progress receives progress lines (the CLI prints them to stderr) */
    public ProcessJob(Options options, Consumer<String> progress) {
        this(options, progress, settings -> new LedgerlineTopology(settings).build());
    }

    /** With another topology, for tests of the job's plumbing. */
    public ProcessJob(Options options, Consumer<String> progress, Function<TopologySettings, Topology> topologyFactory) {
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.topologyFactory = Objects.requireNonNull(topologyFactory, "topologyFactory");
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
        Set<String> erps = erpsOf(masterdata);
        if (erps.isEmpty()) {
            progress.accept("warning: no legal_entity record with an erp in " + masterdata
                    + ": no erp.journal.* topic will be written");
        }
        Instant asOf = options.asOf() != null ? options.asOf() : latestEventTime(options.input()).orElseGet(() -> {
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
        Topology topology;
        try {
            topology = topologyFactory.apply(new TopologySettings(serdeConfig, Clock.fixed(asOf, ZoneOffset.UTC)));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot build the topology: " + e.getMessage(), e);
        }

        inputTopics = sourceTopics(topology, new TreeSet<>(Topics.all(erps)));
        startStreams(topology);
        progress.accept(String.format(Locale.ROOT, "%5.1fs Kafka Streams running (as of %s)", seconds(started), asOf));
        Map<String, Long> inputs = new ExportFileReplayer(cluster.clientConfig()).replay(options.input());
        progress.accept(String.format(Locale.ROOT, "%5.1fs replayed %d records from %s", seconds(started),
                inputs.values().stream().mapToLong(Long::longValue).sum(), options.input()));
        awaitDrained();
        // Only now has the pipeline seen everything: move its clock to as-of (revenue recognition, SLA checks),
        // so the result never depends on when a timer happened to fire.
        sendClockTicks(asOf, serdeConfig);
        awaitDrained();
        progress.accept(String.format(Locale.ROOT, "%5.1fs all input processed", seconds(started)));

        Map<String, Long> outputs = export(erps, serdeConfig);
        return new Result(asOf, inputs, outputs, Duration.ofNanos(System.nanoTime() - started));
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private void startStreams(Topology topology) throws IOException, InterruptedException {
        stateDir = Files.createTempDirectory("ledgerline-streams-");
        streams = new KafkaStreams(topology, StreamsDefaults.baseConfig(APPLICATION_ID, cluster.bootstrapServers(),
                stateDir, StreamsDefaults.EMBEDDED_REPLICATION_FACTOR, options.threads()));
        streams.setUncaughtExceptionHandler(StreamsDefaults.shutdownClientOnUncaughtException(
                error -> streamsFailure.compareAndSet(null, error)));
        streams.start();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            String failure = streamsFailureReason();
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + STARTUP_TIMEOUT
                        + " (state " + streams.state() + ")");
            }
            Thread.sleep(20);
        }
    }

    /** Why the Streams client cannot finish the job, or null while it is healthy. */
    private String streamsFailureReason() {
        Throwable failure = streamsFailure.get();
        if (failure != null) {
            return "Kafka Streams failed: " + rootMessage(failure);
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.NOT_RUNNING) {
            return "Kafka Streams stopped unexpectedly (state " + state + ")";
        }
        return null;
    }

    /** One {@link ClockTick} per partition of the clock topic, so every task sees the clock reach as-of. */
    private void sendClockTicks(Instant asOf, Map<String, Object> serdeConfig) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroSerializer<ClockTick> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig, false);
        try (KafkaProducer<String, ClockTick> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            int partitions = producer.partitionsFor(Topics.CONTROL_CLOCK).size();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(producer.send(new ProducerRecord<>(Topics.CONTROL_CLOCK, partition, null, null,
                        new ClockTick(asOf))));
            }
            for (Future<RecordMetadata> result : sent) {
                result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending clock ticks", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot send clock ticks to " + Topics.CONTROL_CLOCK + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The user topics the application's stream tasks consume (internal repartition topics are found by the
     * {@link DrainWatcher} itself). Global stores are left out: their consumer is not in the group and commits
     * nothing.
     */
    static Set<String> sourceTopics(Topology topology, Set<String> userTopics) {
        Set<String> sources = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(userTopics::contains).forEach(sources::add);
                }
            }
        }
        return sources;
    }

    private void awaitDrained() throws InterruptedException {
        try (DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), APPLICATION_ID, inputTopics)) {
            watcher.abortWhen(this::streamsFailureReason)
                    .onProgress(Duration.ofSeconds(1), p -> {
                        if (!p.drained()) {
                            progress.accept(String.format(Locale.ROOT, "  %.1fs: %d records behind (%s)",
                                    p.elapsed().toMillis() / 1000.0, p.totalLag(), p.describe()));
                        }
                    })
                    .awaitDrained(options.drainTimeout());
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        String failure = streamsFailureReason();
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private Map<String, Long> export(Set<String> erps, Map<String, Object> serdeConfig) {
        List<String> topics = new ArrayList<>(Topics.fixedOutputs());
        erps.stream().map(Topics::journal).sorted().forEach(topics::add);
        Map<String, Long> counts = new LinkedHashMap<>();
        try (TopicExporter exporter = new TopicExporter(cluster.clientConfig())) {
            for (String topic : topics) {
                try (Deserializer<?> deserializer = valueDeserializer(serdeConfig)) {
                    counts.put(topic, exporter.export(topic, deserializer, options.output()));
                }
            }
        }
        return counts;
    }

    // The writer schema's full name picks the generated class, so every output topic (present or future) is read
    // with its own SpecificRecord type, as Confluent's specific.avro.reader does.
    private static Deserializer<?> valueDeserializer(Map<String, Object> serdeConfig) {
        Deserializer<SpecificRecord> deserializer = new SpecificAvroSerde<SpecificRecord>().deserializer();
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        deserializer.configure(config, false);
        return deserializer;
    }

    /** The ERPs that legal entities post to, from the {@code legal_entity} master-data records. */
    static Set<String> erpsOf(Path masterdata) {
        Set<String> erps = new TreeSet<>();
        forEachJson(masterdata, node -> {
            if ("legal_entity".equals(node.path("type").asText()) && !node.path("erp").asText().isBlank()) {
                erps.add(node.path("erp").asText().trim().toLowerCase(Locale.ROOT));
            }
        });
        return erps;
    }

    /**
     * The latest event time in the input: Stripe's {@code created} (epoch seconds) and Salesforce's
     * {@code payload.ChangeEventHeader.commitTimestamp} (epoch millis).
     */
    static Optional<Instant> latestEventTime(Path inputDir) {
        long[] latest = {Long.MIN_VALUE};
        forEachJson(inputDir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), node -> {
            JsonNode created = node.get("created");
            if (created != null && created.canConvertToLong()) {
                latest[0] = Math.max(latest[0], created.asLong() * 1000);
            }
        });
        forEachJson(inputDir.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE), node -> {
            JsonNode commit = node.path("payload").path("ChangeEventHeader").get("commitTimestamp");
            if (commit != null && commit.canConvertToLong()) {
                latest[0] = Math.max(latest[0], commit.asLong());
            }
        });
        return latest[0] == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(latest[0]));
    }

    // Undecodable lines are the topology's business (dead letters); here they are simply skipped.
    private static void forEachJson(Path file, Consumer<JsonNode> action) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (node != null && node.isObject()) {
                    action.accept(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private void registerShutdownHook() {
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the JVM is shutting down", e);
        }
    }

    /** Stops the Streams client, then the broker, and deletes their temporary state. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (streams != null) {
            // The client must go before the broker, or it spends its close timeout retrying a dead connection.
            if (!streams.close(Duration.ofSeconds(30))) {
                log.warn("Kafka Streams did not close within 30 s");
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        if (stateDir != null) {
            try {
                Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", stateDir, e.toString());
            }
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

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == error ? message : error.getClass().getSimpleName() + ": " + message;
    }
}
