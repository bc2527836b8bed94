package io.ledgerline.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * One contender over one repetition: how long it took to consume the raw backlog (from RUNNING to every input and
 * internal topic consumed and committed), what it wrote, and for the pipeline its footprint.
 *
 * @param startup   from {@code start()} to RUNNING (group join and assignment)
 * @param footprint the pipeline's state, heap and restore figures; null for a pass-through
 */
public record Measurement(Contender contender, long rawRecords, Duration processing, Duration startup,
                          BrokerTraffic traffic, PipelineFootprint footprint) {

    public Measurement {
        Objects.requireNonNull(contender, "contender");
        Objects.requireNonNull(processing, "processing");
        Objects.requireNonNull(startup, "startup");
        Objects.requireNonNull(traffic, "traffic");
    }

    public double recordsPerSecond() {
        return rawRecords / Math.max(processing.toNanos() / 1e9, 1e-9);
    }
}
