package io.ledgerline.ingest;

import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.metrics.DecodedAt;
import io.ledgerline.metrics.InputOutcomes;
import io.ledgerline.errors.DeadLetters;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw connector records with a normalizer. Valid values go on keyed by {@code keyOf} and stamped with
 * their business time; undecodable records become dead letters carrying the original bytes, the error and the
 * source topic, partition and offset; valid-but-unused records are counted and logged. Never throws on input.
 */
public final class RawDecodeProcessor<V> implements Processor<byte[], byte[], String, Decoded<V>> {

    private static final Logger log = LoggerFactory.getLogger(RawDecodeProcessor.class);

    private final String stage;
    private final Function<byte[], NormalizeResult<V>> normalizer;
    private final Function<V, String> keyOf;
    private final ToLongFunction<V> businessTime;
    private ProcessorContext<String, Decoded<V>> context;
    private Sensor ignored;
    private Sensor deadLettered;
    private InputOutcomes outcomes;
    private final BusinessMetrics metrics;

    /**
     * @param businessTime the record timestamp to forward with, or null to keep the input record's timestamp
     */
    public RawDecodeProcessor(String stage, Function<byte[], NormalizeResult<V>> normalizer,
                              Function<V, String> keyOf, ToLongFunction<V> businessTime) {
        this(stage, normalizer, keyOf, businessTime, BusinessMetrics.none());
    }

    public RawDecodeProcessor(String stage, Function<byte[], NormalizeResult<V>> normalizer,
                              Function<V, String> keyOf, ToLongFunction<V> businessTime, BusinessMetrics metrics) {
        this.stage = stage;
        this.normalizer = normalizer;
        this.keyOf = keyOf;
        this.businessTime = businessTime;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<V>> context) {
        this.context = context;
        this.ignored = IngestMetrics.sensor(context, stage, "ignored");
        this.deadLettered = IngestMetrics.sensor(context, stage, "dead-lettered");
        this.outcomes = new InputOutcomes(context);
        metrics.declareDeadLetters(stage);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        NormalizeResult<V> result = normalize(record);
        if (result instanceof NormalizeResult.Accepted<V> accepted) {
            result = checkBusinessTimes(accepted, record.timestamp());
        }
        if (result instanceof NormalizeResult.Accepted<V> accepted) {
            outcomes.record(stage, InputOutcomes.ACCEPTED);
            for (V value : accepted.values()) {
                outcomes.record(stage, InputOutcomes.EVENTS);
                context.forward(new Record<>(keyOf.apply(value), new Decoded.Valid<>(value, record.value()),
                        timestampOf(value, record.timestamp()), DecodedAt.stamp(context.currentSystemTimeMs())));
            }
        } else if (result instanceof NormalizeResult.Ignored<V> skipped) {
            ignored.record();
            outcomes.record(stage, InputOutcomes.IGNORED);
            log.info("{}: skipped a record: {}", stage, skipped.reason());
        } else if (result instanceof NormalizeResult.Rejected<V> rejected) {
            deadLettered.record();
            metrics.deadLetter(stage);
            outcomes.record(stage, InputOutcomes.DEAD_LETTERED);
            log.warn("{}: dead-lettered a record: {}", stage, rejected.error());
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            context.forward(new Record<>(key, new Decoded.Dead<>(deadLetter(record, rejected)), record.timestamp()));
        }
    }

    private NormalizeResult<V> normalize(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return NormalizeResult.rejected("record has no value");
        }
        OptionalLong originalLength = DeadLetters.originalLength(record.headers());
        if (originalLength.isPresent()) {
            return NormalizeResult.rejected("record of " + originalLength.getAsLong() + " bytes exceeds the limit of "
                    + Topics.MAX_RECORD_BYTES + " bytes; only its first " + record.value().length + " bytes were delivered");
        }
        try {
            return normalizer.apply(record.value());
        } catch (RuntimeException e) {
            return NormalizeResult.rejected("normalizer failed: " + e, e);
        }
    }

    /**
     * Rejects the whole record when any value's business time cannot be a Kafka timestamp (negative). Times ahead of
     * the wall clock are business data, not bad input: every topic accepts them
     * ({@link Topics#REQUIRED_TOPIC_CONFIG}), and a posting dated where no period is open waits as an exception.
     */
    private NormalizeResult<V> checkBusinessTimes(NormalizeResult.Accepted<V> accepted, long inputTimestamp) {
        if (businessTime == null) {
            return accepted;
        }
        for (V value : accepted.values()) {
            Optional<String> problem = eventTimeProblem(timestampOf(value, inputTimestamp));
            if (problem.isPresent()) {
                return NormalizeResult.rejected(problem.get());
            }
        }
        return accepted;
    }

    /** Why a business time cannot be a record's timestamp (it is negative), or empty if it can. */
    public static Optional<String> eventTimeProblem(long timeMs) {
        if (timeMs < 0) {
            return Optional.of("event time " + timeMs + " ms is before 1970-01-01T00:00:00Z and cannot be a record timestamp");
        }
        return Optional.empty();
    }

    private long timestampOf(V value, long inputTimestamp) {
        return businessTime == null ? inputTimestamp : businessTime.applyAsLong(value);
    }

    private DeadLetter deadLetter(Record<byte[], byte[]> record, NormalizeResult.Rejected<V> rejected) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        DeadLetter.Builder letter = DeadLetter.newBuilder()
                .setSourceTopic(meta == null ? "unknown" : meta.topic())
                .setSourcePartition(meta == null ? -1 : meta.partition())
                .setSourceOffset(meta == null ? -1L : meta.offset())
                .setSourceTimestamp(record.timestamp())
                .setError(DeadLetters.error(rejected.error()))
                .setErrorClass(rejected.cause() == null ? "InvalidInput" : rejected.cause().getClass().getName())
                .setStage(stage);
        return DeadLetters.withOriginal(letter, record.key(), record.value(), record.headers()).build();
    }
}
