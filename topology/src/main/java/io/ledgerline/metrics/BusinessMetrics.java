package io.ledgerline.metrics;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Ledgerline's business metrics ({@code ledgerline_*} on {@code /metrics}): journal entries and amounts, exceptions,
 * latencies along the quote-to-cash chain, parked events and open workflow alerts. One instance per application,
 * handed to the topology by whoever serves the metrics; processors record into it from their stream threads. Gauges
 * of state that lives in tasks (parked events, open alerts) are sampled per task at clock ticks and summed; a task
 * that leaves the instance takes its sample with it ({@link #forget}).
 */
public final class BusinessMetrics {

    /** Latency buckets from a second to a quarter: the chain spans seconds (the pipeline) to weeks (an order). */
    private static final Duration[] SLO_BUCKETS = {
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3),
            Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90)};

    private final MeterRegistry registry;
    /** (gauge name, tags) -> task -> sampled value. */
    private final ConcurrentMap<GaugeKey, ConcurrentMap<String, Long>> samples = new ConcurrentHashMap<>();

    private record GaugeKey(String name, Map<String, String> tags) {
    }

    /** How one gauge combines its tasks' samples. */
    public enum Across {
        SUM, MAX
    }

    public BusinessMetrics(MeterRegistry registry) {
        this.registry = registry;
        // latencies exist from the start (empty), so dashboards and rules find them before the first sample
        quoteToBill = timer("ledgerline.quote.to.bill", "from Closed Won to the first invoice of the order's subscription");
        invoiceToJournal = timer("ledgerline.invoice.to.journal", "from invoice finalization to its journal entry");
        journalToPosted = timer("ledgerline.journal.to.posted", "from a journal entry to the ERP's POSTED result");
        endToEnd = timer("ledgerline.end.to.end", "from the raw record's decode to its journal entry");
    }

    private final Timer quoteToBill;
    private final Timer invoiceToJournal;
    private final Timer journalToPosted;
    private final Timer endToEnd;

    /** Metrics nobody reads (tests, {@code process}). */
    public static BusinessMetrics none() {
        return new BusinessMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A journal entry was written: counted by type, ERP and legal entity; its debits added per currency. */
    public void journaled(JournalEntry entry) {
        Counter.builder("ledgerline.journal.entries").description("journal entries written, by entry type, ERP and legal entity")
                .tag("entry_type", entry.getEntryType().name()).tag("erp", entry.getErp()).tag("legal_entity", entry.getLegalEntity())
                .register(registry).increment();
        long debits = entry.getLines().stream().filter(l -> l.getSide() == Side.DEBIT).mapToLong(JournalLine::getAmountMinor).sum();
        Counter.builder("ledgerline.journal.amount.minor").description("debits journaled in minor units of the transaction currency")
                .tag("currency", entry.getCurrency()).register(registry).increment(debits);
    }

    /** An exception record was written (raised, released, replayed, dismissed). */
    public void exception(String stage, String reason, String status) {
        exceptions(stage, reason, status).increment();
    }

    /**
     * Shows the stage's raised-exception counters at zero before the first one: Prometheus' {@code increase()} does not
     * see a counter's first sample.
     */
    public void declareExceptions(String stage, java.util.Collection<String> reasons) {
        reasons.forEach(reason -> exceptions(stage, reason, "OPEN"));
    }

    private Counter exceptions(String stage, String reason, String status) {
        return Counter.builder("ledgerline.exceptions").description("exception records written, by stage, reason and status")
                .tag("stage", stage).tag("reason", reason).tag("status", status).register(registry);
    }

    /** A raw record could not be decoded and went to the dead-letter topic. */
    public void deadLetter(String source) {
        deadLetters(source).increment();
    }

    /** Shows the source's dead-letter counter at zero before the first one. */
    public void declareDeadLetters(String source) {
        deadLetters(source);
    }

    private Counter deadLetters(String source) {
        return Counter.builder("ledgerline.dead.letters").description("undecodable raw records sent to q2c.deadletter, by source")
                .tag("source", source).register(registry);
    }

    /** A workflow alert record was written. */
    public void alert(String kind, String status) {
        Counter.builder("ledgerline.workflow.alerts").description("workflow alert records written (OPEN, RESOLVED), by kind")
                .tag("kind", kind).tag("status", status).register(registry).increment();
    }

    /** Closed Won to the first invoice of its subscription, in business time. */
    public void quoteToBill(Duration d) {
        latency(quoteToBill, d);
    }

    /** From an invoice's finalization to its INVOICE entry, in business time (waits for master data show here). */
    public void invoiceToJournal(Duration d) {
        latency(invoiceToJournal, d);
    }

    /** From a journal entry being written to the ERP reporting it POSTED. */
    public void journalToPosted(Duration d) {
        latency(journalToPosted, d);
    }

    /** From the raw record's decode to its journal entry: what the pipeline itself adds (see {@link DecodedAt}). */
    public void endToEnd(Duration d) {
        latency(endToEnd, d);
    }

    private static void latency(Timer timer, Duration d) {
        timer.record(d.isNegative() ? Duration.ZERO : d);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(SLO_BUCKETS).register(registry);
    }

    /** Parked events of one task's queue, by reason: how many, and the oldest's age by the pipeline clock. */
    public void parked(String task, String stage, String reason, long count, long oldestAgeSeconds) {
        sample(task, "ledgerline.parked.events", "events waiting in the exception queue", Across.SUM, count, "stage", stage, "reason", reason);
        sample(task, "ledgerline.parked.oldest.age.seconds", "how long the oldest parked event has waited, by the pipeline clock",
                Across.MAX, oldestAgeSeconds, "stage", stage, "reason", reason);
    }

    /** Open workflow alerts of one task, by kind. */
    public void openAlerts(String task, String stage, String kind, long open) {
        sample(task, "ledgerline.workflow.alerts.open", "workflow alerts now OPEN", Across.SUM, open, "stage", stage, "kind", kind);
    }

    /**
     * One task's current value of a gauge; the gauge combines the instance's tasks.
     *
     * @param tags alternating tag names and values
     */
    private void sample(String task, String name, String description, Across across, long value, String... tags) {
        Map<String, String> tagMap = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < tags.length; i += 2) {
            tagMap.put(tags[i], tags[i + 1]);
        }
        GaugeKey key = new GaugeKey(name, Map.copyOf(tagMap));
        samples.computeIfAbsent(key, k -> {
            ConcurrentMap<String, Long> byTask = new ConcurrentHashMap<>();
            Gauge.Builder<ConcurrentMap<String, Long>> gauge = Gauge.builder(name, byTask, m -> across == Across.SUM
                    ? m.values().stream().mapToLong(Long::longValue).sum()
                    : m.values().stream().mapToLong(Long::longValue).max().orElse(0)).description(description);
            k.tags().forEach(gauge::tag);
            gauge.register(registry);
            return byTask;
        }).put(task, value);
    }

    /** A task left this instance (closed, migrated): its samples no longer count. */
    public void forget(String task) {
        samples.values().forEach(m -> m.remove(task));
    }
}
