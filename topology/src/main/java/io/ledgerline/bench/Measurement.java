package io.ledgerline.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * One contender over one repetition: how long it took to consume the raw backlog (from RUNNING to every input and
 * internal topic consumed and committed), what it wrote, and for the pipeline its footprint.
 *
 * @param startup   from {@code start()} to RUNNING (group join and assignment)
 * @param cpu       CPU spent while it consumed the backlog: by its stream threads, and by the whole JVM
 * @param footprint the pipeline's state, heap and restore figures; null for a pass-through
 */
public record Measurement(Contender contender, long rawRecords, Duration processing, Duration startup, CpuTime cpu,
                          BrokerTraffic traffic, PipelineFootprint footprint) {

    public Measurement {
        Objects.requireNonNull(contender, "contender");
        Objects.requireNonNull(processing, "processing");
        Objects.requireNonNull(startup, "startup");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(traffic, "traffic");
    }

    /** Microseconds of stream-thread CPU per raw record. */
    public double streamThreadMicrosPerRecord() {
        return cpu.streamThreadsNanos() / 1e3 / Math.max(rawRecords, 1);
    }

    /** Microseconds of the whole JVM's CPU per raw record (broker, I/O threads and JIT compiler included). */
    public double processMicrosPerRecord() {
        return cpu.processNanos() / 1e3 / Math.max(rawRecords, 1);
    }

    public double recordsPerSecond() {
        return rawRecords / Math.max(processing.toNanos() / 1e9, 1e-9);
    }
}
