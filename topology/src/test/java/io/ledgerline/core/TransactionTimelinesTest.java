package io.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.common.SourceRef;
import io.ledgerline.contract.TransactionTimeline;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** /transactions/{id} reads these timelines: the event that produced journal entries comes before them. */
class TransactionTimelinesTest {

    private static final String OPPORTUNITY = "006-opp";
    private static final String ACCOUNT = "001-acct";

    private final Map<String, TransactionTimeline> stored = new HashMap<>();
    private final TransactionTimelines timelines = new TransactionTimelines(store(stored));

    @Test
    void theInvoiceComesBeforeTheEntriesItProduced() {
        timelines.sourceEvent(OPPORTUNITY, ACCOUNT, Instant.parse("2026-02-10T09:00:00Z"), "salesforce",
                "opportunity.closed_won", OPPORTUNITY, "evt_opp", 1_000_00L, "USD", "ORDER_ACCEPTED");
        // booked as the processor does: the entries first, then the event's own step
        timelines.journalEntry(entry("je-invoice", "evt_inv", "2026-02-10", EntryType.INVOICE));
        timelines.journalEntry(entry("je-deferred", "evt_inv", "2026-02-10", EntryType.INVOICE));
        timelines.journalEntry(entry("je-revenue-feb", "evt_inv", "2026-02-28", EntryType.REVENUE_RECOGNITION));
        timelines.sourceEvent(OPPORTUNITY, ACCOUNT, Instant.parse("2026-02-10T14:32:00Z"), "stripe",
                "invoice.finalized", "in_1", "evt_inv", 1_000_00L, "USD", "INVOICED");
        timelines.sourceEvent(OPPORTUNITY, ACCOUNT, Instant.parse("2026-02-12T08:00:00Z"), "stripe",
                "invoice.paid", "in_1", "evt_paid", 1_000_00L, "USD", "PAID");
        timelines.journalEntry(entry("je-payment", "evt_paid", "2026-02-12", EntryType.PAYMENT));
        assertThat(stored).as("written when the unit of work is done, not after each step").isEmpty();

        assertThat(labels()).containsExactly(
                "opportunity.closed_won",
                "invoice.finalized", "je-invoice", "je-deferred",
                "invoice.paid", "je-payment",
                "je-revenue-feb");
        assertThat(stored.get(OPPORTUNITY).getStage()).isEqualTo("PAID");
    }

    @Test
    void anEntryWhoseEventIsNotInTheTimelineKeepsItsPostingDate() {
        timelines.journalEntry(entry("je-orphan", "evt_elsewhere", "2026-02-11", EntryType.INVOICE));
        timelines.sourceEvent(OPPORTUNITY, ACCOUNT, Instant.parse("2026-02-10T14:32:00Z"), "stripe",
                "invoice.finalized", "in_1", "evt_inv", 1_000_00L, "USD", "INVOICED");
        timelines.sourceEvent(OPPORTUNITY, ACCOUNT, Instant.parse("2026-02-11T10:00:00Z"), "stripe",
                "invoice.paid", "in_1", "evt_paid", 1_000_00L, "USD", "PAID");

        assertThat(labels()).containsExactly("invoice.finalized", "je-orphan", "invoice.paid");
    }

    private List<String> labels() {
        timelines.saveAll();
        return stored.get(OPPORTUNITY).getSteps().stream()
                .map(step -> "JOURNAL_ENTRY".equals(step.getKind()) ? step.getEntryId() : step.getKind())
                .toList();
    }

    private static JournalEntry entry(String entryId, String eventId, String postingDate, EntryType type) {
        return JournalEntry.newBuilder()
                .setEntryId(entryId)
                .setEntryType(type)
                .setLegalEntity("LE-US")
                .setErp("netsuite")
                .setPostingDate(postingDate)
                .setPostingPeriod(postingDate.substring(0, 7))
                .setOriginalPeriod(null)
                .setCurrency("USD")
                .setFunctionalCurrency("USD")
                .setExchangeRate("1")
                .setCorrelationId(OPPORTUNITY)
                .setReversesEntryId(null)
                .setAccountId(ACCOUNT)
                .setSource(SourceRef.newBuilder().setSystem("stripe").setObjectType("invoice")
                        .setObjectId("in_1").setEventId(eventId).build())
                .setLines(List.of(
                        JournalLine.newBuilder().setRole("AR").setAccountCode("1200").setSide(Side.DEBIT)
                                .setAmountMinor(1_000_00L).setFunctionalAmountMinor(1_000_00L).build(),
                        JournalLine.newBuilder().setRole("REVENUE").setAccountCode("4000").setSide(Side.CREDIT)
                                .setAmountMinor(1_000_00L).setFunctionalAmountMinor(1_000_00L).build()))
                .build();
    }

    /** The two calls TransactionTimelines makes, over a map. */
    @SuppressWarnings("unchecked")
    private static KeyValueStore<String, TransactionTimeline> store(Map<String, TransactionTimeline> backing) {
        return (KeyValueStore<String, TransactionTimeline>) Proxy.newProxyInstance(
                KeyValueStore.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "get":
                            return backing.get((String) args[0]);
                        case "put":
                            backing.put((String) args[0], (TransactionTimeline) args[1]);
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
