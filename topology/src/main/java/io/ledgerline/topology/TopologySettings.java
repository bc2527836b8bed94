package io.ledgerline.topology;

import io.ledgerline.waits.ExceptionQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the topology needs from outside: serde configuration (schema registry) and the pipeline's clock.
 * The clock decides which months have ended for revenue recognition and how old an SLA is: the wall clock in a
 * long-running instance, checked every {@code recognitionInterval}; a fixed {@code --as-of} instant in
 * {@code process}, where a tick on {@link Topics#CONTROL_CLOCK} at the end of the input triggers recognition
 * (recognitionInterval null), so the result never depends on when a timer happened to fire.
 */
public record TopologySettings(Map<String, Object> serdeConfig, Clock clock, Duration recognitionInterval,
                               boolean inMemoryStores, Duration waitGrace) {

    public static final Duration DEFAULT_RECOGNITION_INTERVAL = Duration.ofMinutes(1);

    public TopologySettings {
        serdeConfig = Map.copyOf(Objects.requireNonNull(serdeConfig, "serdeConfig"));
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(waitGrace, "waitGrace");
        if (waitGrace.isNegative()) {
            throw new IllegalArgumentException("the wait grace must not be negative, got " + waitGrace);
        }
    }

    public TopologySettings(Map<String, Object> serdeConfig, Clock clock, Duration recognitionInterval, boolean inMemoryStores) {
        this(serdeConfig, clock, recognitionInterval, inMemoryStores, ExceptionQueue.DEFAULT_GRACE);
    }

    /**
     * How long an event may wait for another event (a payment for its invoice, a billing customer for its crosswalk)
     * before it is raised as an exception, judged by the pipeline clock.
     */
    public TopologySettings withWaitGrace(Duration grace) {
        return new TopologySettings(serdeConfig, clock, recognitionInterval, inMemoryStores, grace);
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
        return new TopologySettings(serdeConfig, clock, recognitionInterval, true, waitGrace);
    }

    /** A long-running pipeline on the wall clock. */
    public static TopologySettings of(Map<String, Object> serdeConfig) {
        return new TopologySettings(serdeConfig, Clock.systemUTC(), DEFAULT_RECOGNITION_INTERVAL, false);
    }
}
