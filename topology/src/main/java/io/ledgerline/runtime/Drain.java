package io.ledgerline.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/** Waiting for a Streams application to consume its input, with one progress line a second. Shared by process and demo. */
public final class Drain {

    private Drain() {
    }

    /**
     * Blocks until the application has consumed everything.
     *
     * @param abort    non-null reason stops the wait (e.g. the Streams client died)
     * @param progress receives lines such as {@code   2.0s  14 records behind | raw.billing.stripe.events 9 consumed, 14 behind; ...}
     * @throws IllegalStateException when aborted or not drained within {@code timeout}
     */
    public static DrainWatcher.Progress await(Map<String, Object> clientConfig, String applicationId,
                                              Set<String> inputTopics, Supplier<String> abort, Duration timeout,
                                              Consumer<String> progress) throws InterruptedException {
        try (DrainWatcher watcher = new DrainWatcher(clientConfig, applicationId, inputTopics)) {
            DrainWatcher.Progress done = watcher.abortWhen(abort)
                    .onProgress(Duration.ofSeconds(1), p -> {
                        if (!p.drained()) {
                            progress.accept(describe(p));
                        }
                    })
                    .awaitDrained(timeout);
            String reason = abort.get();
            if (reason != null) {
                throw new IllegalStateException(reason);
            }
            return done;
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String describe(DrainWatcher.Progress p) {
        return String.format(Locale.ROOT, "  %5.1fs  %d records behind | %s", p.elapsed().toMillis() / 1000.0,
                p.totalLag(), p.describe());
    }

    /** An upper bound of the sub-topology hops of the topology's longest path: its number of sub-topologies. */
    public static int hops(Topology topology) {
        return Math.max(1, topology.describe().subtopologies().size());
    }

    /**
     * The user topics the application's stream tasks consume (internal repartition topics are found by the
     * {@link DrainWatcher} itself). Global stores are left out: their consumer is not in the group and commits
     * nothing.
     */
    public static Set<String> sourceTopics(Topology topology, Set<String> userTopics) {
        Set<String> sources = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(userTopics::contains).forEach(sources::add);
                }
            }
        }
        return sources;
    }
}
