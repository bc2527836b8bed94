package io.ledgerline.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A record on a canonical topic that does not deserialize (wrong schema, not Avro) becomes a dead letter. */
public final class DeadLetterDeserializationExceptionHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationExceptionHandler.class);
    private final DeadLetterRecords deadLetters = new DeadLetterRecords();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.error("cannot deserialize {}-{}@{}; dead-lettered", record.topic(), record.partition(), record.offset(), exception);
        try {
            return Response.resume(deadLetters.of(context, exception, "deserialization"));
        } catch (RuntimeException e) {
            log.error("cannot write the dead letter; stopping rather than losing the record", e);
            return Response.fail();
        }
    }
}
