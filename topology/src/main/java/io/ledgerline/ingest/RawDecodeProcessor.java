package io.ledgerline.ingest;

import io.ledgerline.ops.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * @param businessTime the record timestamp to forward with, or null to keep the input record's timestamp
     */
    public RawDecodeProcessor(String stage, Function<byte[], NormalizeResult<V>> normalizer,
                              Function<V, String> keyOf, ToLongFunction<V> businessTime) {
        this.stage = stage;
        this.normalizer = normalizer;
        this.keyOf = keyOf;
        this.businessTime = businessTime;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<V>> context) {
        this.context = context;
        this.ignored = IngestMetrics.sensor(context, stage, "ignored");
        this.deadLettered = IngestMetrics.sensor(context, stage, "dead-lettered");
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        NormalizeResult<V> result;
        try {
            result = record.value() == null
                    ? NormalizeResult.rejected("record has no value")
                    : normalizer.apply(record.value());
        } catch (RuntimeException e) {
            result = NormalizeResult.rejected("normalizer failed: " + e, e);
        }
        if (result instanceof NormalizeResult.Accepted<V> accepted) {
            for (V value : accepted.values()) {
                long timestamp = businessTime == null ? record.timestamp() : businessTime.applyAsLong(value);
                context.forward(new Record<>(keyOf.apply(value), new Decoded.Valid<>(value, record.value()), timestamp));
            }
        } else if (result instanceof NormalizeResult.Ignored<V> skipped) {
            ignored.record();
            log.info("{}: skipped a record: {}", stage, skipped.reason());
        } else if (result instanceof NormalizeResult.Rejected<V> rejected) {
            deadLettered.record();
            log.warn("{}: dead-lettered a record: {}", stage, rejected.error());
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            context.forward(new Record<>(key, new Decoded.Dead<>(deadLetter(record, rejected)), record.timestamp()));
        }
    }

    private DeadLetter deadLetter(Record<byte[], byte[]> record, NormalizeResult.Rejected<V> rejected) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return DeadLetter.newBuilder()
                .setSourceTopic(meta == null ? "unknown" : meta.topic())
                .setSourcePartition(meta == null ? -1 : meta.partition())
                .setSourceOffset(meta == null ? -1L : meta.offset())
                .setSourceTimestamp(record.timestamp())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setError(rejected.error())
                .setErrorClass(rejected.cause() == null ? "InvalidInput" : rejected.cause().getClass().getName())
                .setStage(stage)
                .build();
    }
}
