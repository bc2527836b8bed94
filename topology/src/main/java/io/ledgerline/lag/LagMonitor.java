package io.ledgerline.lag;

import io.ledgerline.ops.LagAlert;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer-lag monitor: every poll interval, for every watched consumer group and partition it committed to, the
 * offset lag, the time lag, a status and a trend, published as gauges and as OPEN/RESOLVED alerts.
 *
 * <p><b>Offset lag</b> is the last stable offset (Admin {@code listOffsets}, {@code latest}, read_committed) minus the
 * committed offset. Where nothing but transaction markers and aborted records lies in between (an exactly-once
 * consumer commits the offset after its last record, before that transaction's marker), a read_committed probe of the
 * partition ({@link RecordProbe}) finds nothing to consume and the lag is 0, not a permanent 1. A committed offset
 * below the log start offset is data loss: those offsets are reported as lost (status ERR and a {@code data-loss}
 * alert), and the lag counts only the records still in the log.
 *
 * <p><b>Time lag</b> is measured: the age of the oldest unconsumed record, now minus the time it was <em>appended</em>.
 * Records here carry business time as their timestamps (an invoice of last January), so the record timestamp is used
 * only where the broker wrote it: on topics with {@code message.timestamp.type=LogAppendTime} the record at the
 * committed offset is read by the same probe (once per partition and offset, cached). On every other topic, and when
 * that read fails, the append time is the poll at which the monitor first saw the record below the last stable offset, from a
 * per-partition table of (end offset, first seen) points ({@link AppendTimeTable}): exact to one poll interval,
 * interpolated only between points the table thinned out, never extrapolated. A record older than the monitor's first
 * look is reported as old as that look (a lower bound); on {@code LogAppendTime} topics a group reprocessing from the
 * beginning shows the true age, which the topic's retention bounds. A lag of 0 offsets is always 0 s, and an idle
 * partition (nothing new) adds nothing, so it never alarms.
 *
 * <p><b>Status</b>: see {@link StatusRules}; a group's is its worst partition's.
 *
 * <p>{@link #poll()} runs one round (tests drive it with their own clock); {@link #start} runs it on a daemon thread.
 */
public final class LagMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    private final LagMonitorSettings settings;
    private final OffsetsReader reader;
    private final AppendTimes appendTimes = new AppendTimes();
    private final RecordProbe probe;
    private final LagAlerts alerts;
    private final LagMetrics metrics;
    private final Consumer<LagAlert> sink;
    private final Clock clock;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Map<String, Map<TopicPartition, LagWindow>> windows = new HashMap<>();
    private final Map<String, Deque<Long>> sums = new HashMap<>();
    private final Map<String, GroupLag> last = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile LagReport latest;

    /**
     * A monitor polled by its caller.
     *
     * @param probe reads the records at committed offsets; null to go by offsets and the first-seen table only
     * @param sink  receives every OPEN and RESOLVED alert
     */
    LagMonitor(LagMonitorSettings settings, Admin admin, RecordProbe probe, MeterRegistry registry,
               Consumer<LagAlert> sink, Clock clock) {
        this.settings = settings;
        this.reader = new OffsetsReader(admin, Duration.ofSeconds(30));
        this.probe = probe;
        this.alerts = new LagAlerts(settings.thresholds());
        this.metrics = new LagMetrics(registry, settings.clusterName());
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Starts a monitor that polls every {@link LagMonitorSettings#interval()} until closed.
     *
     * @param clientConfig at least {@code bootstrap.servers}, plus security settings
     * @param serdeConfig  the schema registry settings for the alerts
     * @param registry     where the gauges go (the app's {@code /metrics} registry)
     */
    public static LagMonitor start(LagMonitorSettings settings, Map<String, Object> clientConfig,
                                   Map<String, Object> serdeConfig, MeterRegistry registry) {
        Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ledgerline-lag-monitor");
        List<AutoCloseable> clients = new ArrayList<>();
        LagMonitor monitor;
        try {
            Admin admin = Admin.create(adminConfig);
            clients.add(() -> admin.close(Duration.ofSeconds(5)));
            RecordProbe probe = new RecordProbe(clientConfig);
            clients.add(probe);
            LagAlertPublisher publisher = new LagAlertPublisher(clientConfig, serdeConfig, settings.alertsTopic());
            clients.add(publisher);
            monitor = new LagMonitor(settings, admin, probe, registry, publisher, Clock.systemUTC());
        } catch (RuntimeException e) {
            closeAll(clients);
            throw e;
        }
        monitor.owned.addAll(clients);
        monitor.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledgerline-lag-monitor");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduler.scheduleWithFixedDelay(monitor::pollLogged, 0, settings.interval().toMillis(),
                TimeUnit.MILLISECONDS);
        return monitor;
    }

    /** The last poll's report, if any. */
    public Optional<LagReport> latest() {
        return Optional.ofNullable(latest);
    }

    /** One round: reads the cluster, updates the windows, gauges and alerts, and hands new alerts to the sink. */
    public synchronized LagReport poll() throws InterruptedException, ExecutionException, TimeoutException {
        ClusterSnapshot snapshot = reader.read(settings::watches);
        Instant now = clock.instant();
        snapshot.stableEnd().forEach((tp, end) -> appendTimes.observe(tp, end, snapshot.logStart().getOrDefault(tp, 0L), now));
        Map<RecordProbe.Request, Optional<RecordProbe.Found>> probed =
                probe == null ? Map.of() : probe.probe(probesNeeded(snapshot));

        List<GroupLag> groups = new ArrayList<>();
        Set<TopicPartition> partitions = new HashSet<>();
        for (GroupOffsets offsets : snapshot.groups().values()) {
            GroupLag group = offsets.error() == null ? measure(offsets, snapshot, probed, now) : unreadable(offsets);
            group.partitions().forEach(p -> partitions.add(p.partition()));
            groups.add(group);
            last.put(group.group(), group);
        }
        // state of groups that went away goes with them
        last.keySet().retainAll(snapshot.groups().keySet());
        windows.keySet().retainAll(snapshot.groups().keySet());
        sums.keySet().retainAll(snapshot.groups().keySet());
        appendTimes.retain(partitions);

        metrics.publish(groups);
        List<LagAlert> events = alerts.evaluate(groups, now);
        events.forEach(sink);
        LagReport report = new LagReport(now, List.copyOf(groups), events);
        latest = report;
        return report;
    }

    /**
     * The partitions behind whose first unconsumed record is worth a read: on LogAppendTime topics for its append time;
     * elsewhere when the committed offset is new to the monitor or did not move since the last poll, the two moments
     * a gap of transaction markers only (no lag at all) can show. A group that moves needs no read.
     */
    private Map<RecordProbe.Request, Long> probesNeeded(ClusterSnapshot snapshot) {
        Map<RecordProbe.Request, Long> requests = new HashMap<>();
        for (GroupOffsets offsets : snapshot.groups().values()) {
            Map<TopicPartition, LagWindow> seen = windows.getOrDefault(offsets.group(), Map.of());
            offsets.committed().forEach((tp, committed) -> {
                Long start = snapshot.logStart().get(tp);
                Long end = snapshot.stableEnd().get(tp);
                if (start == null || end == null || end <= Math.max(committed, start)) {
                    return;
                }
                LagWindow window = seen.get(tp);
                boolean still = window == null || window.last().map(o -> o.committed() == committed).orElse(true);
                if (still || snapshot.logAppendTopics().contains(tp.topic())) {
                    requests.put(new RecordProbe.Request(tp, Math.max(committed, start)), end);
                }
            });
        }
        return requests;
    }

    private GroupLag measure(GroupOffsets offsets, ClusterSnapshot snapshot,
                             Map<RecordProbe.Request, Optional<RecordProbe.Found>> probed, Instant now) {
        Map<TopicPartition, LagWindow> groupWindows = windows.computeIfAbsent(offsets.group(), g -> new HashMap<>());
        groupWindows.keySet().retainAll(offsets.committed().keySet());
        List<PartitionLag> partitions = new ArrayList<>();
        offsets.committed().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .forEach(e -> partitions.add(partition(offsets, e.getKey(), e.getValue(), snapshot, probed, now,
                        groupWindows.computeIfAbsent(e.getKey(), tp -> new LagWindow(settings.window())))));
        LagStatus status = partitions.stream().map(PartitionLag::status).reduce(LagStatus.OK, LagStatus::worst);
        Deque<Long> sum = sums.computeIfAbsent(offsets.group(), g -> new ArrayDeque<>());
        sum.addLast(partitions.stream().mapToLong(PartitionLag::lag).sum());
        if (sum.size() > settings.window()) {
            sum.removeFirst();
        }
        return new GroupLag(offsets.group(), offsets.simple(), partitions, status,
                Trend.between(sum.getFirst(), sum.getLast()), null);
    }

    private PartitionLag partition(GroupOffsets offsets, TopicPartition tp, long committed, ClusterSnapshot snapshot,
                                   Map<RecordProbe.Request, Optional<RecordProbe.Found>> probed, Instant now,
                                   LagWindow window) {
        Member owner = offsets.owner(tp);
        Long start = snapshot.logStart().get(tp);
        Long end = snapshot.stableEnd().get(tp);
        if (start == null || end == null) {
            String error = snapshot.partitionErrors().getOrDefault(tp, "no offsets returned");
            return new PartitionLag(offsets.group(), tp, committed, 0, 0, 0, 0, 0, LagStatus.ERR, Trend.FLAT, owner, error);
        }
        long oldestUnconsumed = Math.max(committed, start);
        long lost = Math.max(0, start - committed);
        // null: not probed; empty: nothing but markers and aborted records up to the end
        Optional<RecordProbe.Found> first = probed.get(new RecordProbe.Request(tp, oldestUnconsumed));
        long lag = first != null && first.isEmpty() ? 0 : Math.max(0, end - oldestUnconsumed);
        long oldestRecord = first != null && first.isPresent() ? first.get().offset() : oldestUnconsumed;
        Instant logAppendTime = first != null && first.isPresent() ? first.get().appendTime() : null;
        double seconds = lag == 0 ? 0 : appendTimes.of(tp, oldestRecord, logAppendTime)
                .map(a -> Math.max(0, Duration.between(a.at(), now).toMillis() / 1000.0))
                .orElse(0.0);
        window.add(new Observation(now, committed, lag, owner.assigned()));
        StatusRules.Evaluation evaluation = StatusRules.evaluate(window);
        LagStatus status = lost > 0 ? LagStatus.ERR : evaluation.status();
        return new PartitionLag(offsets.group(), tp, committed, start, end, lag, lost, seconds, status,
                evaluation.trend(), owner, null);
    }

    // a group that cannot be read keeps its last figures (no gap in the series) and shows ERR
    private GroupLag unreadable(GroupOffsets offsets) {
        GroupLag before = last.get(offsets.group());
        return new GroupLag(offsets.group(), offsets.simple(), before == null ? List.of() : before.partitions(),
                LagStatus.ERR, Trend.FLAT, offsets.error());
    }

    private void pollLogged() {
        try {
            poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Lag monitor poll failed: {}", e.toString());
        }
    }

    /** Stops polling, removes the gauges and closes the clients this monitor created. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        metrics.close();
        closeAll(owned);
    }

    // newest first: the alert publisher flushes while the cluster is still reachable
    private static void closeAll(List<AutoCloseable> clients) {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (Exception e) {
                log.warn("Closing the lag monitor's {} failed: {}", clients.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
