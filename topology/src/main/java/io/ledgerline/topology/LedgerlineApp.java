package io.ledgerline.topology;

import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.names.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.streams.Topology;

/**
 * The ledger pipeline as an application, in the spirit of streams-bootstrap's {@code StreamsApp}: what its topology
 * needs ({@link TopologySettings}: serde settings, clock, stores, thresholds), the topics it works on, and the wiring
 * that builds it. It never reads the environment or opens a file, and knows nothing of how it is run: configuration,
 * lifecycle, health, the HTTP API and clean-up are the runner's ({@code runtime.AppRunner}); brokers and replayed
 * input belong to the command that embeds it.
 */
public final class LedgerlineApp {

    private final TopologySettings settings;
    private final Function<TopologySettings, Topology> wiring;

    private LedgerlineApp(TopologySettings settings, Function<TopologySettings, Topology> wiring) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.wiring = Objects.requireNonNull(wiring, "wiring");
    }

    /** The production pipeline ({@link LedgerlineTopology}). */
    public static LedgerlineApp of(TopologySettings settings) {
        return new LedgerlineApp(settings, s -> new LedgerlineTopology(s).build());
    }

    /** Another wiring over the same settings: a stand-in topology, for tests of what runs around the pipeline. */
    public static LedgerlineApp wiredBy(TopologySettings settings, Function<TopologySettings, Topology> wiring) {
        return new LedgerlineApp(settings, wiring);
    }

    public TopologySettings settings() {
        return settings;
    }

    /** The schema registry and its client settings: the serdes', and so the dead-letter handlers' and commands'. */
    public Map<String, Object> serdeConfig() {
        return settings.serdeConfig();
    }

    /** Every topic the pipeline reads or writes, with a journal topic for each of {@code erps}. */
    public static List<String> topics(Collection<String> erps) {
        return Topics.all(erps);
    }

    /** Builds the topology; its business metrics go to {@code metrics} (the instance's {@code /metrics}, or none). */
    public Topology topology(BusinessMetrics metrics) {
        return wiring.apply(settings.withMetrics(Objects.requireNonNull(metrics, "metrics")));
    }
}
