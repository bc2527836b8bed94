package io.ledgerline.waits;

import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.state.ParkedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The exception queue's metrics, registered with the Streams client (and so on {@code /metrics}): exceptions by
 * reason and status, operator actions by kind, and per reason the parked events and the age of the oldest.
 */
public final class QueueMetrics {

    static final String GROUP = "ledgerline-exception-queue";

    private final ProcessorContext<?, ?> context;
    private final String stage;
    private final Map<String, Sensor> sensors = new HashMap<>();
    private final Map<Reason, Sensor[]> parkedGauges = new EnumMap<>(Reason.class);
    private final BusinessMetrics businessMetrics;

    /** @param stage the processor the queue belongs to (account-ledger, identity-customer, ...) */
    public QueueMetrics(ProcessorContext<?, ?> context, String stage, BusinessMetrics businessMetrics) {
        this.context = context;
        this.stage = stage;
        this.businessMetrics = businessMetrics;
        businessMetrics.declareExceptions(stage, java.util.Arrays.stream(Reason.values()).map(Reason::name).toList());
    }

    public void exception(String reason, String status) {
        counter(reason, "exceptions-" + status.toLowerCase(java.util.Locale.ROOT)).record();
        businessMetrics.exception(stage, reason, status);
    }

    public void operatorAction(String action) {
        counter(action.toLowerCase(java.util.Locale.ROOT), "operator-actions").record();
    }

    private Sensor counter(String entity, String operation) {
        return sensors.computeIfAbsent(entity + "/" + operation, k -> context.metrics().addRateTotalSensor(GROUP, entity,
                operation, Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString(), "stage", stage));
    }

    /** Samples the parked events per reason: how many, and how long the oldest has waited by {@code now}. */
    public void parked(ExceptionQueue queue, Instant now) {
        Map<Reason, long[]> byReason = new EnumMap<>(Reason.class);
        queue.forEachParked((ParkedEvent p) -> {
            long[] agg = byReason.computeIfAbsent(Reason.valueOf(p.getReason()), r -> new long[] {0, 0});
            agg[0]++;
            agg[1] = Math.max(agg[1], Duration.between(p.getEvent().getEventTime(), now).toSeconds());
        });
        for (Reason reason : Reason.values()) {
            long[] agg = byReason.getOrDefault(reason, new long[] {0, 0});
            Sensor[] gauges = parkedGauges.computeIfAbsent(reason, this::gauges);
            gauges[0].record(agg[0]);
            gauges[1].record(agg[1]);
            businessMetrics.parked(stage + "@" + context.taskId(), stage, reason.name(), agg[0], agg[1]);
        }
    }

    private Sensor[] gauges(Reason reason) {
        return new Sensor[] {gauge(reason, "parked-events", "events waiting for this reason"),
                gauge(reason, "oldest-parked-age-seconds", "how long the oldest event waiting for this reason has waited")};
    }

    private Sensor gauge(Reason reason, String name, String description) {
        Sensor sensor = context.metrics().addSensor(stage + "." + context.taskId() + "." + reason + "." + name, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name, GROUP, description, Map.of("task-id", context.taskId().toString(),
                "stage", stage, "reason", reason.name())), new Value());
        return sensor;
    }
}
