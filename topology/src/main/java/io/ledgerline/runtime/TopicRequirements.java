package io.ledgerline.runtime;

import io.ledgerline.names.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What {@code run} checks before it starts: every topic it needs exists, all with one partition count (the
 * topology joins and broadcasts by partition: the clock and command topics, the canonical topics and the raw billing
 * topic must line up, and the streaming team scales them together), and with {@link Topics#REQUIRED_TOPIC_CONFIG}
 * (no time-based deletion of records that carry business time, future business times accepted, 8 MiB records). A
 * mismatch found at start names itself; found at the broker's default it silently loses or refuses records.
 */
public final class TopicRequirements {

    private static final long TIMEOUT_SECONDS = 30;

    private TopicRequirements() {
    }

    /**
     * The problems with the cluster's topics, one line each, empty when all is well.
     *
     * @param topics     the topics the application needs (its sources and sinks)
     * @param partitions the partition count they must have, or null for that of {@link Topics#RAW_BILLING_EVENTS}
     */
    public static List<String> problems(Admin admin, Collection<String> topics, Integer partitions)
            throws InterruptedException {
        List<String> problems = new ArrayList<>();
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<String> needed = new TreeSet<>(topics);
            // journals of ERPs that appear later are created by the platform team; those that exist must line up
            existing.stream().filter(t -> t.startsWith(Topics.JOURNAL_PREFIX)).forEach(needed::add);
            List<String> missing = needed.stream().filter(t -> !existing.contains(t)).toList();
            missing.forEach(t -> problems.add("topic " + t + " does not exist: create it (see Topics.REQUIRED_TOPIC_CONFIG for its settings)"));
            List<String> present = needed.stream().filter(existing::contains).toList();
            if (present.isEmpty()) {
                return problems;
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Integer expected = partitions;
            String expectedBecause = "ledgerline.partitions";
            if (expected == null && descriptions.containsKey(Topics.RAW_BILLING_EVENTS)) {
                expected = descriptions.get(Topics.RAW_BILLING_EVENTS).partitions().size();
                expectedBecause = Topics.RAW_BILLING_EVENTS;
            }
            for (TopicDescription d : descriptions.values()) {
                int count = d.partitions().size();
                if (expected != null && count != expected) {
                    problems.add("topic " + d.name() + " has " + count + " partitions but " + expectedBecause + " says " + expected
                            + ": every Ledgerline topic needs the same count (add partitions to it, or set ledgerline.partitions)");
                }
            }
            List<ConfigResource> resources = present.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            configs.forEach((resource, config) -> problems.addAll(configProblems(resource.name(), config)));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            problems.add("cannot check the topics: " + cause);
        }
        return problems;
    }

    private static List<String> configProblems(String topic, Config config) {
        List<String> problems = new ArrayList<>();
        String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
        long retention = Long.parseLong(value(config, TopicConfig.RETENTION_MS_CONFIG, "604800000"));
        if (Set.of(policy.split(",")).contains("delete") && retention != -1) {
            problems.add("topic " + topic + " deletes records after retention.ms=" + retention + ", but its records carry business"
                    + " time as timestamps (an invoice of last January) and would be deleted minutes after they are written:"
                    + " set retention.ms=-1");
        }
        long futureAccepted = Long.parseLong(value(config, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "3600000"));
        if (futureAccepted < Long.MAX_VALUE) {
            problems.add("topic " + topic + " refuses records dated more than " + futureAccepted + " ms ahead of the broker's clock"
                    + " (a future-dated invoice would fail its task): set message.timestamp.after.max.ms=" + Long.MAX_VALUE);
        }
        long maxBytes = Long.parseLong(value(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"));
        if (maxBytes < Topics.MAX_RECORD_BYTES) {
            problems.add("topic " + topic + " takes records up to max.message.bytes=" + maxBytes + ", Ledgerline writes up to "
                    + Topics.MAX_RECORD_BYTES + ": set max.message.bytes=" + Topics.MAX_RECORD_BYTES);
        }
        return problems;
    }

    private static String value(Config config, String name, String absent) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? absent : entry.value();
    }

    /** The problems as one message for the operator. */
    public static String describe(List<String> problems) {
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
