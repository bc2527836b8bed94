package io.ledgerline.topology;

import io.ledgerline.names.Topics;
import io.ledgerline.canonical.ClockTick;
import io.ledgerline.contract.ContractState;
import io.ledgerline.errors.DeadLetterDeserializationExceptionHandler;
import io.ledgerline.errors.DeadLetterProcessingExceptionHandler;
import io.ledgerline.contract.RevenueSchedule;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.DeadLetter;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.serde.AvroDeserializer;
import io.ledgerline.serde.AvroSerializer;
import io.ledgerline.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The topology on Kafka Streams' TopologyTestDriver with an in-memory schema registry, fed raw connector lines. */
public final class TopologyHarness implements AutoCloseable {

    public static final Path BASIC = Path.of("../fixtures/basic");

    private final String registryScope = "test-" + UUID.randomUUID();
    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + registryScope);
    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<byte[], byte[]> cdc;
    private final TestInputTopic<byte[], byte[]> billing;
    private final TestInputTopic<byte[], byte[]> masterData;
    private final Instant asOf;

    public TopologyHarness(Instant asOf) {
        this(asOf, null, Clock.fixed(asOf, ZoneOffset.UTC));
    }

    /** A harness on a given clock, recognizing revenue every {@code recognitionInterval} of wall-clock time when set. */
    public TopologyHarness(Instant asOf, java.time.Duration recognitionInterval, Clock clock) {
        this.asOf = asOf;
        // in-memory stores: the logic is the same, and a RocksDB instance per store opened, committed (position
        // files written) and closed for every history made the property tests spend most of their time in RocksDB
        TopologySettings settings = new TopologySettings(serdeConfig, clock, recognitionInterval, true);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledgerline-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        stateDir = tempDir();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingExceptionHandler.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationExceptionHandler.class);
        props.putAll(serdeConfig);
        driver = new TopologyTestDriver(new LedgerlineTopology(settings).build(), props);
        ByteArraySerializer bytes = new ByteArraySerializer();
        cdc = driver.createInputTopic(Topics.RAW_CRM_CDC, bytes, bytes);
        billing = driver.createInputTopic(Topics.RAW_BILLING_EVENTS, bytes, bytes);
        masterData = driver.createInputTopic(Topics.RAW_ERP_MASTERDATA, bytes, bytes);
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void masterData(List<String> lines) {
        lines.forEach(l -> masterData.pipeInput(null, l.getBytes(StandardCharsets.UTF_8)));
    }

    public void cdc(List<String> lines) {
        lines.forEach(l -> cdc.pipeInput(null, l.getBytes(StandardCharsets.UTF_8)));
    }

    /** Pipes raw bytes into any topic, e.g. something that is not Avro into a canonical topic. */
    public void pipeRaw(String topic, byte[] value) {
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer()).pipeInput(null, value);
    }

    public void billing(List<String> lines) {
        lines.forEach(l -> billing.pipeInput(null, l.getBytes(StandardCharsets.UTF_8)));
    }

    /** Tells the pipeline its input is complete: the clock reaches as-of and revenue is recognized up to it. */
    public void endOfInput() {
        tick(asOf);
    }

    /** Moves the pipeline clock to {@code at} (capped by the harness clock), as {@code process} does at the end of its input. */
    public void tick(Instant at) {
        driver.createInputTopic(Topics.CONTROL_CLOCK, new StringSerializer(),
                        new AvroSerializer<ClockTick>(InMemorySchemaRegistry.named(registryScope)))
                .pipeInput(null, new ClockTick(at, null));
    }

    /** Sends an operator's command, keyed as the API keys it. */
    public void command(String key, OperatorCommand command) {
        driver.createInputTopic(Topics.CONTROL_COMMANDS, new StringSerializer(),
                        new AvroSerializer<OperatorCommand>(InMemorySchemaRegistry.named(registryScope)))
                .pipeInput(key, command);
    }

    public List<RevenueSchedule> revenueSchedules() {
        return read(Topics.REVENUE_SCHEDULES, RevenueSchedule.class);
    }

    /** Feeds a whole fixture directory (master data, then CRM, then billing) and ends the input. */
    public void feed(Path dir) {
        masterData(lines(dir.resolve("erp-masterdata.jsonl")));
        cdc(lines(dir.resolve("salesforce-cdc.jsonl")));
        billing(lines(dir.resolve("stripe-events.jsonl")));
        endOfInput();
    }

    public List<JournalEntry> journal(String erp) {
        return read(Topics.journal(erp), JournalEntry.class);
    }

    public List<ContractState> contracts() {
        return read(Topics.CONTRACTS, ContractState.class);
    }

    public List<PipelineException> exceptions() {
        return read(Topics.EXCEPTIONS, PipelineException.class);
    }

    public List<DeadLetter> deadLetters() {
        return read(Topics.DEADLETTER, DeadLetter.class);
    }

    public <T extends SpecificRecord> List<T> read(String topic, Class<T> type) {
        Deserializer<T> values = new AvroDeserializer<>(InMemorySchemaRegistry.named(registryScope), type);
        return new ArrayList<>(driver.createOutputTopic(topic, new StringDeserializer(), values).readValuesToList());
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ledgerline-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the driver and deletes its state directory (the driver empties it but leaves it behind). */
    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            InMemorySchemaRegistry.drop(registryScope);
            try {
                org.apache.kafka.common.utils.Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + stateDir, e);
            }
        }
    }
}
