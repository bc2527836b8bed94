package io.ledgerline.topology;

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
                               boolean inMemoryStores) {

    public static final Duration DEFAULT_RECOGNITION_INTERVAL = Duration.ofMinutes(1);

    public TopologySettings {
        serdeConfig = Map.copyOf(Objects.requireNonNull(serdeConfig, "serdeConfig"));
        Objects.requireNonNull(clock, "clock");
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
        return new TopologySettings(serdeConfig, clock, recognitionInterval, true);
    }

    /** A long-running pipeline on the wall clock. */
    public static TopologySettings of(Map<String, Object> serdeConfig) {
        return new TopologySettings(serdeConfig, Clock.systemUTC(), DEFAULT_RECOGNITION_INTERVAL, false);
    }
}
