package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.ops.DeadLetter;
import io.ledgerline.serde.AvroSerde;
import io.ledgerline.names.Topics;
import io.ledgerline.topology.TopologySettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's plumbing (broker, topics, replay, drain, export, shutdown) with a stand-in topology that turns every raw
 * record into a dead letter, so it is tested independently of the real topology.
 */
class ProcessJobIT {

    private static final Path FIXTURES = Path.of("../fixtures/basic");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every raw record becomes a DeadLetter carrying its bytes and origin. */
    static Topology echoAsDeadLetters(TopologySettings settings) {
        AvroSerde<DeadLetter> serde = AvroSerde.specific(DeadLetter.class);
        serde.configure(settings.serdeConfig(), false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.rawInputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .processValues(() -> new FixedKeyProcessor<byte[], byte[], DeadLetter>() {
                    private FixedKeyProcessorContext<byte[], DeadLetter> context;

                    @Override
                    public void init(FixedKeyProcessorContext<byte[], DeadLetter> context) {
                        this.context = context;
                    }

                    @Override
                    public void process(FixedKeyRecord<byte[], byte[]> record) {
                        RecordMetadata meta = context.recordMetadata().orElseThrow();
                        context.forward(record.withValue(DeadLetter.newBuilder()
                                .setSourceTopic(meta.topic())
                                .setSourcePartition(meta.partition())
                                .setSourceOffset(meta.offset())
                                .setSourceTimestamp(record.timestamp())
                                .setValue(ByteBuffer.wrap(record.value()))
                                .setError("echo")
                                .setErrorClass("none")
                                .setStage("test")
                                .build()));
                    }
                })
                .to(Topics.DEADLETTER, Produced.with(Serdes.ByteArray(), serde));
        return builder.build();
    }

    @Test
    void replaysDrainsAndExportsEveryOutputTopic(@TempDir Path output) throws Exception {
        ProcessJob.Options options = new ProcessJob.Options(FIXTURES, output, null, 2, 1, Duration.ofMinutes(2));
        List<String> progress = new ArrayList<>();
        ProcessJob.Result result;
        try (ProcessJob job = new ProcessJob(options, progress::add, ProcessJobIT::echoAsDeadLetters)) {
            result = job.run();
        }

        long lines = nonBlankLines(FIXTURES.resolve("salesforce-cdc.jsonl"))
                + nonBlankLines(FIXTURES.resolve("stripe-events.jsonl"))
                + nonBlankLines(FIXTURES.resolve("erp-masterdata.jsonl"));
        assertThat(result.inputRecords().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(lines);
        assertThat(result.outputRecords()).containsEntry(Topics.DEADLETTER, lines)
                .containsKeys(Topics.journal("netsuite"), Topics.journal("sap"))
                .containsKeys(Topics.fixedOutputs().toArray(String[]::new));
        // the default --as-of is the latest event time in the input
        assertThat(result.asOf()).isEqualTo(ProcessJob.latestEventTime(FIXTURES).orElseThrow());
        assertThat(result.asOf()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));

        for (String topic : result.outputRecords().keySet()) {
            assertThat(output.resolve(topic + ".jsonl")).as(topic).exists();
        }
        assertThat(output.resolve("erp.journal.sap.jsonl")).isEmptyFile();

        // every input line arrives once, byte for byte, rendered with plain field names
        Set<String> expected = new HashSet<>();
        for (String file : List.of("salesforce-cdc.jsonl", "stripe-events.jsonl", "erp-masterdata.jsonl")) {
            Files.readAllLines(FIXTURES.resolve(file)).stream().filter(l -> !l.isBlank()).forEach(expected::add);
        }
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(output.resolve("q2c.deadletter.jsonl"))) {
            JsonNode letter = MAPPER.readTree(line);
            assertThat(letter.get("sourceTopic").asText()).isIn(Topics.rawInputs());
            assertThat(letter.has("key")).isFalse();
            seen.add(new String(Base64.getDecoder().decode(letter.get("value").asText()), StandardCharsets.UTF_8));
        }
        assertThat(seen).isEqualTo(expected);
    }

    /** A job whose topology throws on every master-data record. */
    private static ProcessJob poisonedJob(Path output, java.util.function.Consumer<byte[]> poison) {
        ProcessJob.Options options = new ProcessJob.Options(FIXTURES, output, Instant.parse("2026-06-01T00:00:00Z"),
                1, 1, Duration.ofMinutes(2));
        return new ProcessJob(options, line -> { }, settings -> {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(Topics.RAW_ERP_MASTERDATA, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .<byte[]>mapValues(value -> {
                        poison.accept(value);
                        return value;
                    })
                    .to(Topics.CONTRACTS, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            return builder.build();
        });
    }

    @Test
    void aRecordAProcessorCannotHandleBecomesADeadLetterAndTheRunCompletes(@TempDir Path output) throws Exception {
        try (ProcessJob job = poisonedJob(output, value -> {
            throw new IllegalStateException("poison record");
        })) {
            job.run();
        }
        List<String> letters = Files.readAllLines(output.resolve("q2c.deadletter.jsonl"));
        long masterDataLines = Files.readAllLines(FIXTURES.resolve("erp-masterdata.jsonl")).stream().filter(l -> !l.isBlank()).count();
        assertThat(letters).hasSize((int) masterDataLines);
        for (String line : letters) {
            JsonNode letter = MAPPER.readTree(line);
            assertThat(letter.get("sourceTopic").asText()).isEqualTo(Topics.RAW_ERP_MASTERDATA);
            assertThat(letter.get("error").asText()).isEqualTo("poison record");
            assertThat(letter.get("stage").asText()).startsWith("processing");
        }
    }

    @Test
    void failsFastWhenTheStreamsClientDies(@TempDir Path output) {
        // an Error, not an Exception: exceptions are dead-lettered and the stream carries on
        try (ProcessJob job = poisonedJob(output, value -> {
            throw new AssertionError("poison record");
        })) {
            long started = System.nanoTime();
            assertThatThrownBy(job::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Kafka Streams")
                    .hasMessageContaining("poison record");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        }
    }

    @Test
    void rejectsAnInputDirectoryWithoutTheRequiredFiles(@TempDir Path input, @TempDir Path output) throws IOException {
        Files.writeString(input.resolve("salesforce-cdc.jsonl"), "");
        try (ProcessJob job = new ProcessJob(ProcessJob.Options.of(input, output), line -> { })) {
            assertThatThrownBy(job::run)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stripe-events.jsonl")
                    .hasMessageContaining("erp-masterdata.jsonl")
                    .hasMessageContaining(input.toAbsolutePath().toString());
        }
    }

    private static long nonBlankLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    }
}
