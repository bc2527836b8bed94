package io.ledgerline.runtime;

import io.ledgerline.crm.CrmRecordProcessor;
import io.ledgerline.identity.IdentityLevel;
import io.ledgerline.metrics.InputOutcomes;
import io.ledgerline.names.Stores;
import io.ledgerline.names.Topics;
import io.ledgerline.state.ParkedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What became of every input record of a run, per source: at ingest each record is accepted, ignored or
 * dead-lettered; every accepted billing or CRM event was then journaled, applied as state, dropped as a duplicate,
 * still waits (parked, or raised as an exception) or was dismissed by an operator. {@link #addsUp()} is false when
 * anything is unaccounted for, which {@code process} reports as a failure.
 */
public final class InputAccount {

    /** The ingest stage of each raw topic, as {@link io.ledgerline.ingest.RawDecodeProcessor} names it. */
    static final Map<String, String> STAGES = Map.of(
            Topics.RAW_ERP_MASTERDATA, "erp-masterdata",
            Topics.RAW_CRM_CDC, CrmRecordProcessor.STAGE,
            Topics.RAW_BILLING_EVENTS, "stripe-events",
            Topics.RAW_ERP_POSTING_RESULTS, "erp-posting-results");
    static final String WAITING = "waiting";
    /** Exceptions raised about an input that was applied: they do not count it a second time. */
    private static final java.util.Set<String> AFTER_APPLYING = java.util.Set.of(
            io.ledgerline.waits.Reason.ERP_REJECTED.name(), io.ledgerline.waits.Reason.CONFLICTING_POSTING_RESULT.name());
    static final String EXCEPTED = "excepted";

    /** One source's account: its equations, each with its two sides. */
    public record Line(String source, String text, boolean addsUp) {
    }

    private final List<Line> lines;

    private InputAccount(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    public List<Line> lines() {
        return lines;
    }

    public boolean addsUp() {
        return lines.stream().allMatch(Line::addsUp);
    }

    /**
     * @param recordsPerTopic input records replayed into each raw topic
     * @param streams         the (drained) Streams client of the run: its metrics and parked-event stores
     */
    public static InputAccount of(Map<String, Long> recordsPerTopic, KafkaStreams streams) {
        Map<String, Map<String, Long>> outcomes = outcomes(streams.metrics());
        waits(streams).forEach((source, byOutcome) ->
                byOutcome.forEach((outcome, n) -> outcomes.computeIfAbsent(source, s -> new TreeMap<>()).merge(outcome, n, Long::sum)));
        return of(recordsPerTopic, outcomes);
    }

    static InputAccount of(Map<String, Long> recordsPerTopic, Map<String, Map<String, Long>> outcomes) {
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, Long> topic : new TreeMap<>(recordsPerTopic).entrySet()) {
            String stage = STAGES.get(topic.getKey());
            if (stage == null) {
                continue;
            }
            Map<String, Long> ingest = outcomes.getOrDefault(stage, Map.of());
            long accepted = ingest.getOrDefault(InputOutcomes.ACCEPTED, 0L);
            long ignored = ingest.getOrDefault(InputOutcomes.IGNORED, 0L);
            long dead = ingest.getOrDefault(InputOutcomes.DEAD_LETTERED, 0L);
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d records: %d accepted, %d ignored, %d dead-lettered",
                    topic.getValue(), accepted, ignored, dead));
            boolean addsUp = topic.getValue() == accepted + ignored + dead;
            long events = ingest.getOrDefault(InputOutcomes.EVENTS, 0L);
            switch (stage) {
                case "stripe-events" -> {
                    Downstream d = downstream(outcomes.getOrDefault("stripe", Map.of()));
                    text.append(String.format(Locale.ROOT, "; %d events: %s", events, d.text()));
                    addsUp &= events == d.total();
                }
                case CrmRecordProcessor.STAGE -> {
                    long changes = ingest.getOrDefault(InputOutcomes.CHANGES, 0L);
                    long merged = ingest.getOrDefault(InputOutcomes.MERGED, 0L);
                    Downstream d = downstream(outcomes.getOrDefault("salesforce", Map.of()));
                    text.append(String.format(Locale.ROOT, "; %d record changes: %d merged into their record, %s",
                            changes, merged, d.text()));
                    addsUp &= changes == merged + d.total();
                }
                case "erp-masterdata" -> text.append(String.format(Locale.ROOT, "; %d applied as master data", accepted));
                default -> {
                    // posting results are events of the ERP: each is applied to its entry, a duplicate, or waits
                    Downstream d = downstream(outcomes.getOrDefault(InputOutcomes.POSTING_RESULTS, Map.of()));
                    text.append(String.format(Locale.ROOT, "; %d results: %s", events, d.text()));
                    addsUp &= events == d.total();
                }
            }
            lines.add(new Line(stage, text.toString(), addsUp));
        }
        return new InputAccount(lines);
    }

    private record Downstream(long total, String text) {
    }

    private static Downstream downstream(Map<String, Long> byOutcome) {
        List<String> order = List.of(InputOutcomes.JOURNALED, InputOutcomes.APPLIED, InputOutcomes.DUPLICATE, WAITING,
                EXCEPTED, InputOutcomes.DISMISSED);
        long total = order.stream().mapToLong(o -> byOutcome.getOrDefault(o, 0L)).sum();
        String text = order.stream().map(o -> byOutcome.getOrDefault(o, 0L) + " " + o.replace('-', ' '))
                .collect(Collectors.joining(", "));
        return new Downstream(total, text);
    }

    /** The counts of {@link InputOutcomes}, summed over tasks: source → outcome → count. */
    static Map<String, Map<String, Long>> outcomes(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (InputOutcomes.GROUP.equals(name.group()) && InputOutcomes.METRIC.equals(name.name())) {
                long value = Math.round(((Number) metric.metricValue()).doubleValue());
                out.computeIfAbsent(name.tags().get("source"), s -> new TreeMap<>())
                        .merge(name.tags().get("outcome"), value, Long::sum);
            }
        });
        return out;
    }

    /** Events still parked at the end, by source system: waiting, or raised as an exception. */
    private static Map<String, Map<String, Long>> waits(KafkaStreams streams) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        List<String> stores = new ArrayList<>(List.of(Stores.PARKED_EVENTS));
        for (IdentityLevel level : IdentityLevel.values()) {
            stores.add(Stores.identityParked(level.label()));
        }
        Function<ParkedEvent, String> sourceOf = p -> InputOutcomes.sourceOf(p.getEvent());
        for (String name : stores) {
            ReadOnlyKeyValueStore<String, ParkedEvent> store;
            try {
                store = streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, ParkedEvent>keyValueStore()));
            } catch (UnknownStateStoreException e) {
                continue;
            }
            try (KeyValueIterator<String, ParkedEvent> it = store.all()) {
                it.forEachRemaining(kv -> {
                    // a rejection or a contradicting result was applied to its entry (counted so); the exception is the entry's
                    if (!AFTER_APPLYING.contains(kv.value.getReason())) {
                        out.computeIfAbsent(sourceOf.apply(kv.value), s -> new TreeMap<>())
                                .merge(kv.value.getRaised() ? EXCEPTED : WAITING, 1L, Long::sum);
                    }
                });
            }
        }
        return out;
    }
}
