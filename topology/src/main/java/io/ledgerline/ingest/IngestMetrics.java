package io.ledgerline.ingest;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Rate and total sensors of the ingest stage, registered with the Streams client's metrics (and so exported). */
final class IngestMetrics {

    private IngestMetrics() {
    }

    static Sensor sensor(ProcessorContext<?, ?> context, String stage, String operation) {
        return context.metrics().addRateTotalSensor("ledgerline-ingest", stage, operation, Sensor.RecordingLevel.INFO,
                "task-id", context.taskId().toString());
    }
}
