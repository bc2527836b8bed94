package io.ledgerline.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that makes a processor throw goes to the dead-letter topic with its original bytes and the error, and
 * the stream thread carries on: one bad record must not stop every account behind it.
 */
public final class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);
    private final DeadLetterRecords deadLetters = new DeadLetterRecords();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        log.error("processing failed at {} for {}-{}@{}; dead-lettered", context.processorNodeId(),
                context.topic(), context.partition(), context.offset(), exception);
        try {
            return Response.resume(deadLetters.of(context, exception, "processing"));
        } catch (RuntimeException e) {
            log.error("cannot write the dead letter; stopping rather than losing the record", e);
            return Response.fail();
        }
    }
}
