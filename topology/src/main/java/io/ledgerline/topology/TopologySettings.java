package io.ledgerline.topology;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the topology needs from outside: serde configuration (schema registry) and the pipeline's clock.
 * The clock decides which months have ended for revenue recognition and how old an SLA is:
 * the wall clock in a long-running instance, a fixed {@code --as-of} instant in {@code process}.
 */
public record TopologySettings(Map<String, Object> serdeConfig, Clock clock) {

    public TopologySettings {
        serdeConfig = Map.copyOf(Objects.requireNonNull(serdeConfig, "serdeConfig"));
        Objects.requireNonNull(clock, "clock");
    }

    public static TopologySettings of(Map<String, Object> serdeConfig) {
        return new TopologySettings(serdeConfig, Clock.systemUTC());
    }

    public TopologySettings withClock(Clock newClock) {
        return new TopologySettings(serdeConfig, newClock);
    }
}
