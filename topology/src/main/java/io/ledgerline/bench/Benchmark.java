package io.ledgerline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The pipeline against Kafka Streams' own pass-through, in one run, on the same raw records and partitions: warm-up
 * rounds first (the JIT compiles what the measured rounds run), then each measured round on a fresh broker holding
 * the whole load as a backlog, every contender in turn; then the pipeline's latency at a fraction of its measured
 * maximum. Figures are medians over the measured rounds.
 */
public final class Benchmark {

    /**
     * @param latencyLoad    the latency probe offers this fraction of the pipeline's median records/s
     * @param latencySeconds the probe lasts about this long (fewer events if the load has fewer)
     */
    public record Settings(int partitions, int warmups, int repetitions, double latencyLoad, int latencySeconds,
                           Duration drainTimeout) {

        public Settings {
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
            }
            if (warmups < 0) {
                throw new IllegalArgumentException("--warmups must not be negative, got " + warmups);
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException("--repetitions must be at least 1, got " + repetitions);
            }
            if (!(latencyLoad > 0 && latencyLoad <= 1)) {
                throw new IllegalArgumentException("--latency-load must be in (0, 1], got " + latencyLoad);
            }
            if (latencySeconds < 0) {
                throw new IllegalArgumentException("--latency-seconds must not be negative, got " + latencySeconds);
            }
            Objects.requireNonNull(drainTimeout, "drainTimeout");
        }
    }

    /** Everything measured. {@code latency} is null when the probe was off. */
    public record Result(BenchLoad load, Settings settings, Map<Contender, List<Measurement>> rounds,
                         PipelineFootprint footprint, LatencyProbe.Latency latency, Duration elapsed) {

        public double medianRecordsPerSecond(Contender contender) {
            return median(contender, Measurement::recordsPerSecond);
        }

        /** The median over the measured rounds of {@code figure}. */
        public double median(Contender contender, java.util.function.ToDoubleFunction<Measurement> figure) {
            double[] values = rounds.get(contender).stream().mapToDouble(figure).sorted().toArray();
            int mid = values.length / 2;
            return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        }

        /** The pipeline's median records/s over the exactly-once pass-through's. */
        public double ratio() {
            return medianRecordsPerSecond(Contender.PIPELINE) / medianRecordsPerSecond(Contender.PASS_THROUGH_EXACTLY_ONCE);
        }

        /** What the contender wrote in the last round (the same in every round, give or take retried sends). */
        public BrokerTraffic traffic(Contender contender) {
            return rounds.get(contender).get(rounds.get(contender).size() - 1).traffic();
        }
    }

    private final BenchLoad load;
    private final Settings settings;
    private final Consumer<String> progress;

    public Benchmark(BenchLoad load, Settings settings, Consumer<String> progress) {
        this.load = Objects.requireNonNull(load, "load");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    public Result run() throws Exception {
        long started = System.nanoTime();
        for (int w = 1; w <= settings.warmups(); w++) {
            progress.accept(String.format(Locale.ROOT, "warm-up %d of %d", w, settings.warmups()));
            try (BenchRound round = new BenchRound(load, settings.partitions(), settings.drainTimeout(), progress, true)) {
                for (Contender contender : Contender.values()) {
                    round.run(contender, false);
                }
            }
        }
        Map<Contender, List<Measurement>> rounds = new EnumMap<>(Contender.class);
        PipelineFootprint footprint = null;
        for (int r = 1; r <= settings.repetitions(); r++) {
            progress.accept(String.format(Locale.ROOT, "round %d of %d", r, settings.repetitions()));
            boolean last = r == settings.repetitions();
            try (BenchRound round = new BenchRound(load, settings.partitions(), settings.drainTimeout(), progress, true)) {
                for (Contender contender : Contender.values()) {
                    Measurement m = round.run(contender, last);
                    rounds.computeIfAbsent(contender, c -> new ArrayList<>()).add(m);
                    if (m.footprint() != null) {
                        footprint = m.footprint();
                    }
                }
            }
        }
        Result partial = new Result(load, settings, rounds, footprint, null, Duration.ZERO);
        LatencyProbe.Latency latency = null;
        if (settings.latencySeconds() > 0) {
            double rate = settings.latencyLoad() * partial.medianRecordsPerSecond(Contender.PIPELINE);
            long events = Math.max(1, (long) (rate * settings.latencySeconds()));
            progress.accept(String.format(Locale.ROOT, "latency at %.0f%% of the pipeline's maximum", settings.latencyLoad() * 100));
            try (BenchRound round = new BenchRound(load, settings.partitions(), settings.drainTimeout(), progress, false)) {
                latency = LatencyProbe.measure(round, rate, events, progress);
            }
            progress.accept("    " + LatencyProbe.describe(latency));
        }
        return new Result(load, settings, rounds, footprint, latency, Duration.ofNanos(System.nanoTime() - started));
    }
}
