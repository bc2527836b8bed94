package io.ledgerline.alerts;

import io.ledgerline.ops.AlertStatus;
import io.ledgerline.serde.LogicalTypeModel;
import io.ledgerline.ops.WorkflowAlert;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.state.AlertCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.ledgerline.metrics.BusinessMetrics;
import java.util.EnumMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The workflow conditions one processor watches, in its own store, and the alerts they become. A condition is
 * observed (it starts counting from its {@link Condition#since()}), judged on the pipeline clock's ticks (OPEN once
 * it has lasted its kind's threshold) and cleared when the missing thing arrives (RESOLVED if it was open, silently
 * forgotten if it was not). Only ticks raise alerts, and only a condition that an earlier tick has already seen: what
 * a tick itself creates (a recognition entry) gets until the next tick for its counterpart (the ERP's posting
 * result) to come round, and behind the pipeline clock's barrier everything in the input by then has been read. So
 * whether a condition that ends becomes an alert depends on the pipeline clock, never on which of two events a task
 * happened to read first.
 */
public final class WorkflowAlerts {

    /** What is missing, about what, and since when. */
    public record Condition(WorkflowAlertKind kind, String stage, String subjectId, String accountId, String correlationId,
                            Long amountMinor, String currency, Instant since, String message) {

        public String alertId() {
            return WorkflowAlerts.alertId(kind, stage, subjectId);
        }
    }

    private static final StringSerializer KEY_PREFIX = new StringSerializer();

    private final KeyValueStore<String, AlertCondition> store;
    private final AlertThresholds thresholds;

    public WorkflowAlerts(KeyValueStore<String, AlertCondition> store, AlertThresholds thresholds) {
        this.store = store;
        this.thresholds = thresholds;
    }

    /** The same condition always has the same id: {@code <kind>:<stage>:<subject>}. */
    public static String alertId(WorkflowAlertKind kind, String stage, String subjectId) {
        return kind.name() + ":" + stage + ":" + subjectId;
    }

    public boolean watches(WorkflowAlertKind kind) {
        return thresholds.watches(kind);
    }

    /** Starts watching a condition, or refreshes what it says; a condition already watched keeps its start. */
    public void observe(Condition condition) {
        if (!thresholds.watches(condition.kind())) {
            return;
        }
        AlertCondition known = store.get(condition.alertId());
        AlertCondition next = record(condition);
        if (known != null) {
            next.setSince(known.getSince());
            next.setOpenedAt(known.getOpenedAt());
            next.setAtOnce(known.getAtOnce());
            next.setJudged(known.getJudged());
            // Avro's own equals cannot compare logical-type values inside unions; the model with conversions can
            if (LogicalTypeModel.specific().compare(next, known, AlertCondition.SCHEMA$) == 0) {
                return;
            }
        }
        store.put(next.getAlertId(), next);
    }

    /** Raises a condition without waiting for its threshold (an ERP rejection); nothing if it is open already. */
    public Optional<WorkflowAlert> raiseNow(Condition condition, Instant now) {
        if (!thresholds.watches(condition.kind())) {
            return Optional.empty();
        }
        observe(condition);
        AlertCondition known = store.get(condition.alertId());
        if (known.getOpenedAt() != null) {
            return Optional.empty();
        }
        known.setAtOnce(true);
        known.setOpenedAt(now);
        store.put(known.getAlertId(), known);
        return Optional.of(alert(known, AlertStatus.OPEN, now));
    }

    /** The condition ended: RESOLVED if it had been raised; forgotten either way. */
    public Optional<WorkflowAlert> clear(String alertId, Instant now) {
        AlertCondition known = store.get(alertId);
        if (known == null) {
            return Optional.empty();
        }
        store.delete(alertId);
        return known.getOpenedAt() == null ? Optional.empty() : Optional.of(alert(known, AlertStatus.RESOLVED, now));
    }

    /**
     * Makes the watched conditions of {@code kinds} exactly {@code current}: new ones start counting, those no longer
     * present are cleared.
     *
     * @return the RESOLVED alerts of conditions that ended
     */
    public List<WorkflowAlert> sync(Set<WorkflowAlertKind> kinds, Collection<Condition> current, Instant now) {
        Set<String> present = new HashSet<>();
        for (Condition c : current) {
            if (thresholds.watches(c.kind())) {
                observe(c);
                present.add(c.alertId());
            }
        }
        List<String> ended = new ArrayList<>();
        for (WorkflowAlertKind kind : kinds) {
            // ids begin with their kind: only that kind's conditions are read
            try (KeyValueIterator<String, AlertCondition> it = store.prefixScan(kind.name() + ":", KEY_PREFIX)) {
                it.forEachRemaining(kv -> {
                    if (!present.contains(kv.key)) {
                        ended.add(kv.key);
                    }
                });
            }
        }
        List<WorkflowAlert> out = new ArrayList<>();
        ended.forEach(id -> clear(id, now).ifPresent(out::add));
        return out;
    }

    /**
     * A clock tick: raises every condition an earlier tick has seen that has lasted its threshold by {@code now}, marks
     * the others seen, and samples the open alerts per kind into the instance's gauges.
     *
     * @param task  the task whose store this is, for the gauges
     * @param stage the processor, for the gauges
     */
    public List<WorkflowAlert> judge(Instant now, String task, String stage, BusinessMetrics metrics) {
        List<KeyValue<String, AlertCondition>> changed = new ArrayList<>();
        EnumMap<WorkflowAlertKind, Long> open = new EnumMap<>(WorkflowAlertKind.class);
        try (KeyValueIterator<String, AlertCondition> it = store.all()) {
            it.forEachRemaining(kv -> {
                AlertCondition c = kv.value;
                if (c.getOpenedAt() != null) {
                    open.merge(c.getKind(), 1L, Long::sum);
                    return;
                }
                if (!c.getJudged()) {
                    c.setJudged(true);
                    changed.add(kv);
                    return;
                }
                Optional<Duration> threshold = thresholds.threshold(c.getKind());
                if (threshold.isPresent() && !now.isBefore(c.getSince().plus(threshold.get()))) {
                    c.setOpenedAt(now);
                    changed.add(kv);
                    open.merge(c.getKind(), 1L, Long::sum);
                }
            });
        }
        for (WorkflowAlertKind kind : WorkflowAlertKind.values()) {
            if (thresholds.watches(kind)) {
                metrics.openAlerts(task, stage, kind.name(), open.getOrDefault(kind, 0L));
            }
        }
        List<WorkflowAlert> out = new ArrayList<>();
        for (KeyValue<String, AlertCondition> kv : changed) {
            store.put(kv.key, kv.value);
            if (kv.value.getOpenedAt() != null) {
                out.add(alert(kv.value, AlertStatus.OPEN, now));
            }
        }
        return out;
    }

    /** Every watched condition, raised or not. */
    public void forEach(java.util.function.Consumer<AlertCondition> consumer) {
        try (KeyValueIterator<String, AlertCondition> it = store.all()) {
            it.forEachRemaining(kv -> consumer.accept(kv.value));
        }
    }

    private WorkflowAlert alert(AlertCondition c, AlertStatus status, Instant now) {
        long threshold = c.getAtOnce() ? 0 : thresholds.threshold(c.getKind()).map(Duration::toSeconds).orElse(0L);
        return WorkflowAlert.newBuilder()
                .setAlertId(c.getAlertId())
                .setStatus(status)
                .setKind(c.getKind())
                .setSeverity(AlertThresholds.severity(c.getKind()))
                .setStage(c.getStage())
                .setAccountId(c.getAccountId())
                .setCorrelationId(c.getCorrelationId())
                .setSubjectId(c.getSubjectId())
                .setAmountMinor(c.getAmountMinor())
                .setCurrency(c.getCurrency())
                .setOpenedAt(c.getOpenedAt())
                .setResolvedAt(status == AlertStatus.RESOLVED ? now : null)
                .setSince(c.getSince())
                .setAgeSeconds(Math.max(0, Duration.between(c.getSince(), now).toSeconds()))
                .setThresholdSeconds(threshold)
                .setMessage(c.getMessage())
                .build();
    }

    private static AlertCondition record(Condition c) {
        return AlertCondition.newBuilder()
                .setAlertId(c.alertId())
                .setKind(c.kind())
                .setStage(c.stage())
                .setSubjectId(c.subjectId())
                .setAccountId(c.accountId())
                .setCorrelationId(c.correlationId())
                .setAmountMinor(c.amountMinor())
                .setCurrency(c.currency())
                .setSince(c.since())
                .setMessage(c.message())
                .setAtOnce(false)
                .setJudged(false)
                .setOpenedAt(null)
                .build();
    }
}
