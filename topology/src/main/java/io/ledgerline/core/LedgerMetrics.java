package io.ledgerline.core;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Business metrics of the account ledger, registered with the Streams client: journal entries by type, duplicates. */
final class LedgerMetrics {

    private final ProcessorContext<?, ?> context;
    private final Map<String, Sensor> sensors = new HashMap<>();

    LedgerMetrics(ProcessorContext<?, ?> context) {
        this.context = context;
    }

    void journaled(String entryType) {
        sensor(entryType, "journal-entries").record();
    }

    void duplicate() {
        sensor("events", "duplicates").record();
    }

    private Sensor sensor(String entity, String operation) {
        return sensors.computeIfAbsent(entity + "/" + operation, k -> context.metrics().addRateTotalSensor("ledgerline-ledger",
                entity, operation, Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString()));
    }
}
