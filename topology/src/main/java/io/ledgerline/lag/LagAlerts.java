package io.ledgerline.lag;

import io.ledgerline.ops.AlertStatus;
import io.ledgerline.ops.LagAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OPEN and RESOLVED {@link LagAlert}s from successive polls. Two conditions, each with an id that stays the same for as
 * long as the condition lasts and comes back the same when it recurs:
 * <ul>
 *   <li>{@code lag/GROUP/TOPIC}: the oldest unconsumed record of the group on the topic is older than the group's
 *       threshold; it resolves only below {@link LagThresholds#RESOLVE_SHARE} of it (hysteresis: no flapping);</li>
 *   <li>{@code data-loss/GROUP/TOPIC/PARTITION}: the committed offset is below the log start; it resolves when the
 *       group commits inside the log again.</li>
 * </ul>
 * A condition whose group, topic or partition is no longer watched resolves; one of a group or partition that could
 * not be read this poll stays as it was.
 */
final class LagAlerts {

    private final LagThresholds thresholds;
    /** Open conditions: id → the OPEN event. */
    private final Map<String, LagAlert> open = new TreeMap<>();

    LagAlerts(LagThresholds thresholds) {
        this.thresholds = thresholds;
    }

    private record Condition(String id, String group, String topic, boolean opens, boolean holds, long offsets,
                             double seconds, long threshold, String openMessage, String resolvedMessage) {
    }

    List<LagAlert> evaluate(List<GroupLag> groups, Instant now) {
        List<LagAlert> events = new ArrayList<>();
        Set<String> judged = new HashSet<>();
        for (GroupLag group : groups) {
            if (group.error() != null) {
                open.values().stream().filter(a -> a.getGroup().equals(group.group()))
                        .forEach(a -> judged.add(a.getAlertId()));
                continue;
            }
            for (Condition c : conditions(group)) {
                judged.add(c.id());
                boolean isOpen = open.containsKey(c.id());
                if (!isOpen && c.opens()) {
                    LagAlert alert = alert(c.id(), AlertStatus.OPEN, c.group(), c.topic(), c.offsets(), c.seconds(),
                            c.threshold(), c.openMessage(), now);
                    open.put(c.id(), alert);
                    events.add(alert);
                } else if (isOpen && !c.holds()) {
                    open.remove(c.id());
                    events.add(alert(c.id(), AlertStatus.RESOLVED, c.group(), c.topic(), c.offsets(), c.seconds(),
                            c.threshold(), c.resolvedMessage(), now));
                }
            }
        }
        for (String id : List.copyOf(open.keySet())) {
            if (!judged.contains(id)) {
                LagAlert was = open.remove(id);
                events.add(alert(id, AlertStatus.RESOLVED, was.getGroup(), was.getTopic(), 0, 0,
                        was.getThresholdSeconds(), "no longer watched: the group, topic or partition went away", now));
            }
        }
        return events;
    }

    /** The ids of the conditions open now. */
    Set<String> openIds() {
        return Set.copyOf(open.keySet());
    }

    private List<Condition> conditions(GroupLag group) {
        List<Condition> conditions = new ArrayList<>();
        long threshold = thresholds.secondsFor(group.group());
        double resolveBelow = threshold * LagThresholds.RESOLVE_SHARE;
        group.byTopic().forEach((topic, partitions) -> {
            double seconds = partitions.stream().mapToDouble(PartitionLag::lagSeconds).max().orElse(0);
            long offsets = partitions.stream().mapToLong(PartitionLag::lag).sum();
            LagStatus status = partitions.stream().map(PartitionLag::status).reduce(LagStatus.OK, LagStatus::worst);
            // a partition that could not be read this poll neither opens nor resolves its topic's alert
            boolean unread = partitions.stream().anyMatch(p -> p.error() != null);
            conditions.add(new Condition("lag/" + group.group() + "/" + topic, group.group(), topic,
                    !unread && seconds >= threshold, unread || seconds >= resolveBelow, offsets, seconds, threshold,
                    String.format(Locale.ROOT, "group %s is %.1f s behind on %s (threshold %d s): %d offsets, status %s",
                            group.group(), seconds, topic, threshold, offsets, status),
                    String.format(Locale.ROOT, "group %s is %.1f s behind on %s, below %.0f s again: %d offsets",
                            group.group(), seconds, topic, resolveBelow, offsets)));
            for (PartitionLag p : partitions) {
                String id = "data-loss/" + group.group() + "/" + topic + "/" + p.partition().partition();
                if (p.dataLoss() || open.containsKey(id)) {
                    conditions.add(new Condition(id, group.group(), topic, p.dataLoss(), p.dataLoss(), p.lost(),
                            p.lagSeconds(), 0,
                            String.format(Locale.ROOT, "group %s lost %d offsets of %s: its committed offset %d is below "
                                    + "the log start %d (deleted before they were read)", group.group(), p.lost(),
                                    p.partition(), p.committed(), p.logStart()),
                            String.format(Locale.ROOT, "group %s commits inside the log of %s again (offset %d)",
                                    group.group(), p.partition(), p.committed())));
                }
            }
        });
        return conditions;
    }

    private static LagAlert alert(String id, AlertStatus status, String group, String topic, long offsets,
                                  double seconds, long threshold, String message, Instant at) {
        return LagAlert.newBuilder().setAlertId(id).setStatus(status).setGroup(group).setTopic(topic)
                .setLagOffsets(offsets).setLagSeconds(seconds).setThresholdSeconds(threshold).setMessage(message)
                .setAt(at).build();
    }
}
