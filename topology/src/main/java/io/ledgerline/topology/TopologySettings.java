package io.ledgerline.topology;

import io.ledgerline.alerts.AlertThresholds;
import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.waits.WaitGrace;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the topology needs from outside: serde configuration (schema registry) and the pipeline's clock.
 * The clock decides which months have ended for revenue recognition and how old an SLA is. Ticks on
 * {@link io.ledgerline.names.Topics#CONTROL_CLOCK} move it (recognitionInterval null): at the end of the input in
 * {@code process} (a fixed {@code --as-of} clock), and in {@code run} only once everything in the input at the tick's
 * instant has been processed ({@code runtime.CaughtUpClock}), so the result never depends on when a timer happened to
 * fire or how far behind a task was. A wall-clock timer per task every {@code recognitionInterval} is for the demo.
 */
public record TopologySettings(Map<String, Object> serdeConfig, Clock clock, Duration recognitionInterval,
                               boolean inMemoryStores, WaitGrace waitGrace, AlertThresholds alertThresholds,
                               BusinessMetrics metrics) {

    public static final Duration DEFAULT_RECOGNITION_INTERVAL = Duration.ofMinutes(1);

    public TopologySettings {
        serdeConfig = Map.copyOf(Objects.requireNonNull(serdeConfig, "serdeConfig"));
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(waitGrace, "waitGrace");
        Objects.requireNonNull(alertThresholds, "alertThresholds");
        Objects.requireNonNull(metrics, "metrics");
    }

    public TopologySettings(Map<String, Object> serdeConfig, Clock clock, Duration recognitionInterval, boolean inMemoryStores) {
        this(serdeConfig, clock, recognitionInterval, inMemoryStores, WaitGrace.fromEventTime(WaitGrace.DEFAULT_LENGTH),
                AlertThresholds.defaults(), BusinessMetrics.none());
    }

    /**
     * How long an event may wait for another event (a payment for its invoice, a billing customer for its crosswalk)
     * before it is raised as an exception, judged by the pipeline clock.
     */
    public TopologySettings withWaitGrace(Duration grace) {
        return new TopologySettings(serdeConfig, clock, recognitionInterval, inMemoryStores, waitGrace.withLength(grace), alertThresholds, metrics);
    }

    /** Where the business metrics go ({@code /metrics} of the instance). */
    public TopologySettings withMetrics(BusinessMetrics businessMetrics) {
        return new TopologySettings(serdeConfig, clock, recognitionInterval, inMemoryStores, waitGrace, alertThresholds, businessMetrics);
    }

    /** How long each workflow condition may last before it is an alert; a kind without a threshold is not watched. */
    public TopologySettings withAlertThresholds(AlertThresholds thresholds) {
        return new TopologySettings(serdeConfig, clock, recognitionInterval, inMemoryStores, waitGrace, thresholds, metrics);
    }

    /** A clock-tick-driven pipeline (no wall-clock recognition timer). */
    public TopologySettings(Map<String, Object> serdeConfig, Clock clock) {
        this(serdeConfig, clock, null, false);
    }

    /**
     * State stores in memory instead of RocksDB (still backed by changelogs): for short batch runs such as
     * {@code process}, where opening dozens of RocksDB instances costs more than the whole run.
     */
    public TopologySettings withInMemoryStores() {
        return new TopologySettings(serdeConfig, clock, recognitionInterval, true, waitGrace, alertThresholds, metrics);
    }

    /** A long-running pipeline on the wall clock, moved by ticks behind a barrier ({@code run}). */
    public static TopologySettings onTicks(Map<String, Object> serdeConfig) {
        return new TopologySettings(serdeConfig, Clock.systemUTC(), null, false, WaitGrace.fromParking(WaitGrace.DEFAULT_LENGTH),
                AlertThresholds.defaults(), BusinessMetrics.none());
    }

    /** A long-running pipeline on the wall clock, each task recognizing every {@code recognitionInterval} (the demo). */
    public static TopologySettings of(Map<String, Object> serdeConfig) {
        return new TopologySettings(serdeConfig, Clock.systemUTC(), DEFAULT_RECOGNITION_INTERVAL, false);
    }
}
