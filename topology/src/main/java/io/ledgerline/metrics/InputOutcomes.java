package io.ledgerline.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Counts what became of the input, per source and outcome (accepted, ignored, dead-lettered, journaled, applied,
 * duplicate, ...), as Streams metrics of the task, so that {@code process} can account for every input record at the
 * end of a run and {@code /metrics} shows the same counts live.
 */
public final class InputOutcomes {

    public static final String GROUP = "ledgerline-input-account";

    // at ingest, per raw source: each record is accepted, ignored or dead-lettered; accepted ones yield events
    public static final String ACCEPTED = "accepted";
    public static final String IGNORED = "ignored";
    public static final String DEAD_LETTERED = "dead-lettered";
    public static final String EVENTS = "events";
    // Salesforce: an event's record ids are record changes; a change either updates the record alone or yields an event
    public static final String CHANGES = "record-changes";
    public static final String MERGED = "merged-into-record";
    // downstream, per source system: each event is booked once, or is a duplicate, or waits, or was dismissed
    public static final String JOURNALED = "journaled";
    public static final String APPLIED = "applied-as-state";
    public static final String DUPLICATE = "duplicate";
    public static final String DISMISSED = "dismissed";
    public static final String METRIC = "outcome-total";
    /** The source of the ERP's posting results downstream (the ERP's crosswalk links are events of source erp too). */
    public static final String POSTING_RESULTS = "erp-posting-results";

    /** Whose outcomes an event's are: its source system's, or the posting results'. */
    public static String sourceOf(io.ledgerline.canonical.CanonicalEvent event) {
        return event.getPayload() instanceof io.ledgerline.canonical.PostingResult ? POSTING_RESULTS
                : event.getSourceSystem().name().toLowerCase(java.util.Locale.ROOT);
    }

    private final ProcessorContext<?, ?> context;
    private final Map<String, Sensor> sensors = new HashMap<>();

    public InputOutcomes(ProcessorContext<?, ?> context) {
        this.context = context;
    }

    /**
     * @param source  the raw source (stripe-events, salesforce-cdc, erp-masterdata, erp-posting-results) or the
     *                source system of a canonical event (stripe, salesforce)
     * @param outcome what happened to it
     */
    public void record(String source, String outcome) {
        sensors.computeIfAbsent(source + "/" + outcome, k -> {
            Sensor sensor = context.metrics().addSensor("ledgerline-input." + context.taskId() + "." + k, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(METRIC, GROUP, "input records or events with this outcome",
                    Map.of("task-id", context.taskId().toString(), "source", source, "outcome", outcome)), new CumulativeSum());
            return sensor;
        }).record(1);
    }
}
