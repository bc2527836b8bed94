package io.ledgerline.core;

import io.ledgerline.contract.TimelineStep;
import io.ledgerline.contract.TransactionTimeline;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the timeline of each quote-to-cash transaction: every source event and journal entry under its correlation
 * id, in business-time order, and the furthest stage the transaction has reached. A journal entry comes after the
 * event that produced it (same event id): its time is a posting date (midnight UTC), which would otherwise put the
 * entries of an invoice finalized at 14:00 before the invoice; it is placed at the later of its posting date and its
 * event's time, after the event.
 */
final class TransactionTimelines {

    /** Stages in the order a transaction moves through them; a later event never moves it back. */
    private static final String JOURNAL_ENTRY = "JOURNAL_ENTRY";

    private static final Map<String, Integer> STAGE_RANK = Map.of(
            "ORDER_OPEN", 0, "ORDER_ACCEPTED", 1, "SUBSCRIBED", 2, "INVOICED", 3, "PAID", 4,
            "CREDITED", 5, "REFUNDED", 6, "VOIDED", 7);

    private final UnitOfWorkWrites<TransactionTimeline> store;

    TransactionTimelines(KeyValueStore<String, TransactionTimeline> store) {
        this.store = new UnitOfWorkWrites<>(store);
    }

    /** Saves each timeline the unit of work (a record, a tick) changed, once. */
    void saveAll() {
        store.commit();
    }

    void discard() {
        store.discard();
    }

    void sourceEvent(String correlationId, String accountId, Instant at, String system, String kind, String objectId,
                     String eventId, Long amountMinor, String currency, String stage) {
        TimelineStep step = TimelineStep.newBuilder().setAt(at).setSystem(system).setKind(kind).setObjectId(objectId)
                .setEventId(eventId).setAmountMinor(amountMinor).setCurrency(currency).build();
        add(correlationId, accountId, step, stage);
    }

    void journalEntry(JournalEntry entry) {
        Instant at = LocalDate.parse(entry.getPostingDate()).atStartOfDay().toInstant(ZoneOffset.UTC);
        long debits = debits(entry);
        TimelineStep step = TimelineStep.newBuilder().setAt(at).setSystem("ledgerline").setKind(JOURNAL_ENTRY)
                .setObjectId(entry.getSource().getObjectId()).setEventId(entry.getSource().getEventId())
                .setEntryId(entry.getEntryId()).setEntryType(entry.getEntryType().name())
                .setAmountMinor(debits).setCurrency(entry.getCurrency()).build();
        add(entry.getCorrelationId(), entry.getAccountId(), step, null);
    }

    /** What the ERP did with one of the transaction's journal entries ({@code POSTED}, {@code REJECTED}). */
    void erpResult(String correlationId, String accountId, Instant at, String kind, String entryId, String documentNumber,
                   String eventId) {
        TimelineStep step = TimelineStep.newBuilder().setAt(at).setSystem("erp").setKind(kind)
                .setObjectId(documentNumber != null ? documentNumber : entryId).setEventId(eventId).setEntryId(entryId).build();
        add(correlationId, accountId, step, null);
    }

    /** An entry's debits in transaction currency: what it moves. */
    static long debits(JournalEntry entry) {
        return entry.getLines().stream().filter(l -> l.getSide() == Side.DEBIT).mapToLong(JournalLine::getAmountMinor).sum();
    }

    /**
     * By time, where an entry's time is the later of its posting date and its producing event's time, and an event
     * before the entries it produced; stable, so entries of one event keep the order they were booked in.
     */
    static void sortInBusinessOrder(List<TimelineStep> steps) {
        Map<String, Instant> eventTimes = new HashMap<>();
        for (TimelineStep step : steps) {
            if (!JOURNAL_ENTRY.equals(step.getKind()) && step.getEventId() != null) {
                eventTimes.merge(step.getEventId(), step.getAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Comparator<TimelineStep> byTime = Comparator.comparing(step -> effectiveTime(step, eventTimes));
        steps.sort(byTime.thenComparing(step -> JOURNAL_ENTRY.equals(step.getKind())));
    }

    private static Instant effectiveTime(TimelineStep step, Map<String, Instant> eventTimes) {
        if (!JOURNAL_ENTRY.equals(step.getKind()) || step.getEventId() == null) {
            return step.getAt();
        }
        Instant event = eventTimes.get(step.getEventId());
        return event != null && event.isAfter(step.getAt()) ? event : step.getAt();
    }

    private void add(String correlationId, String accountId, TimelineStep step, String stage) {
        if (correlationId == null || accountId == null) {
            return;
        }
        TransactionTimeline timeline = store.get(correlationId);
        if (timeline == null) {
            timeline = new TransactionTimeline(correlationId, accountId, stage == null ? "ORDER_OPEN" : stage, new ArrayList<>());
        }
        boolean known = timeline.getSteps().stream().anyMatch(s -> Objects.equals(s.getKind(), step.getKind())
                && Objects.equals(s.getEventId(), step.getEventId()) && Objects.equals(s.getEntryId(), step.getEntryId())
                && Objects.equals(s.getObjectId(), step.getObjectId()));
        if (known && stage == null) {
            return;
        }
        List<TimelineStep> steps = new ArrayList<>(timeline.getSteps());
        if (!known) {
            steps.add(step);
            sortInBusinessOrder(steps);
        }
        timeline.setSteps(steps);
        if (stage != null && STAGE_RANK.getOrDefault(stage, 0) >= STAGE_RANK.getOrDefault(timeline.getStage(), 0)) {
            timeline.setStage(stage);
        }
        store.put(correlationId, timeline);
    }
}
