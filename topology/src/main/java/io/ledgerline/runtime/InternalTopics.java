package io.ledgerline.runtime;

import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The repartition topics of a topology, for brokers the application owns (the embedded one of {@code demo} and
 * {@code process}). Kafka Streams creates them during its first rebalance, but its consumer asks for their metadata as
 * soon as it subscribes, and the broker answers UNKNOWN_TOPIC_OR_PARTITION (a WARN line per topic) until then;
 * creating them with the input topics beforehand avoids that. Streams accepts an existing internal topic whose
 * partition count is the one it would choose: that of the upstream topics, which in demo and process all have the same
 * count.
 */
public final class InternalTopics {

    private static final String REPARTITION_SUFFIX = "-repartition";

    private InternalTopics() {
    }

    /** Full names ({@code <applicationId>-<name>-repartition}) of the repartition topics the topology reads. */
    public static Set<String> repartitionTopics(Topology topology, String applicationId) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream()
                            .filter(topic -> topic.endsWith(REPARTITION_SUFFIX))
                            .map(topic -> topic.startsWith(applicationId + "-") ? topic : applicationId + "-" + topic)
                            .forEach(topics::add);
                }
            }
        }
        return topics;
    }
}
