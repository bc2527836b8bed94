package io.ledgerline.errors;

import io.ledgerline.ops.DeadLetter;
import io.ledgerline.serdes.SerdeCatalog;
import io.ledgerline.names.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Turns a record the stream could not handle into a dead letter on {@link Topics#DEADLETTER}: the original
 * bytes as they arrived at the task (see {@link DeadLetters} for originals too large to keep whole), the error, and
 * the topic, partition and offset they came from.
 */
final class DeadLetterRecords {

    private Serializer<DeadLetter> serializer;

    void configure(Map<String, ?> configs) {
        Map<String, Object> serdeConfig = new HashMap<>(configs);
        serializer = new SerdeCatalog(serdeConfig).avro(DeadLetter.class).serializer();
    }

    List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext context, Exception error, String stage) {
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        DeadLetter.Builder builder = DeadLetter.newBuilder()
                .setSourceTopic(context.topic() == null ? "unknown" : context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setSourceTimestamp(context.timestamp())
                .setError(DeadLetters.error(String.valueOf(error.getMessage())))
                .setErrorClass(error.getClass().getName())
                .setStage(stage + (context.processorNodeId() == null ? "" : ":" + context.processorNodeId()));
        DeadLetter letter = DeadLetters.withOriginal(builder, key, value, context.headers()).build();
        return List.of(new ProducerRecord<>(Topics.DEADLETTER, key, serializer.serialize(Topics.DEADLETTER, letter)));
    }
}
