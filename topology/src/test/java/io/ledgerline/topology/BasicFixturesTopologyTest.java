package io.ledgerline.topology;

import io.ledgerline.names.Stores;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BasicFixturesTopologyTest {

    private static final Instant AS_OF = Instant.parse("2026-07-01T00:00:00Z");
    private TopologyHarness harness;
    private JsonNode expected;

    @BeforeEach
    void setUp() throws IOException {
        harness = new TopologyHarness(AS_OF);
        expected = new ObjectMapper().readTree(TopologyHarness.BASIC.resolve("expected.json").toFile());
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private List<JournalEntry> allEntries() {
        List<JournalEntry> all = new ArrayList<>(harness.journal("netsuite"));
        all.addAll(harness.journal("sap"));
        return all;
    }

    @Test
    void invoiceEntriesCarryTheExpectedAmountsAndAreRoutedByLegalEntity() {
        harness.feed(TopologyHarness.BASIC);
        List<JournalEntry> netsuite = harness.journal("netsuite");
        List<JournalEntry> sap = harness.journal("sap");
        Map<String, JournalEntry> invoices = index(concat(netsuite, sap), EntryType.INVOICE);

        expected.get("invoices").fields().forEachRemaining(e -> {
            JsonNode inv = e.getValue();
            JournalEntry entry = invoices.get(e.getKey());
            assertThat(entry).as("INVOICE entry of %s", e.getKey()).isNotNull();
            assertThat(entry.getLegalEntity()).isEqualTo(inv.get("legal_entity").asText());
            assertThat(entry.getCurrency()).isEqualTo(inv.get("currency").asText());
            assertThat(entry.getPostingPeriod()).isEqualTo(inv.get("period").asText());
            assertThat(amount(entry, "AR", Side.DEBIT)).isEqualTo(inv.get("total").asLong());
            assertThat(amount(entry, "TAX_PAYABLE", Side.CREDIT)).isEqualTo(inv.get("tax").asLong());
            assertThat(amount(entry, "DEFERRED_REVENUE", Side.CREDIT)).isEqualTo(inv.get("deferred").asLong());
            assertThat(amount(entry, "REVENUE", Side.CREDIT)).isEqualTo(inv.get("revenue").asLong());
            if (inv.has("functional_total")) {
                assertThat(functional(entry, "AR", Side.DEBIT)).isEqualTo(inv.get("functional_total").asLong());
            }
            List<JournalEntry> routed = entry.getLegalEntity().equals("LE-DE") ? sap : netsuite;
            assertThat(routed).contains(entry);
        });
    }

    @Test
    void paymentEntriesBookCashAtThePaymentRateAndFxDifferences() {
        harness.feed(TopologyHarness.BASIC);
        Map<String, JournalEntry> payments = index(allEntries(), EntryType.PAYMENT);
        expected.get("payments").fields().forEachRemaining(e -> {
            JsonNode pay = e.getValue();
            JournalEntry entry = payments.get(e.getKey());
            assertThat(entry).as("PAYMENT entry of %s", e.getKey()).isNotNull();
            assertThat(amount(entry, "CASH", Side.DEBIT)).isEqualTo(pay.get("amount").asLong());
            assertThat(functional(entry, "CASH", Side.DEBIT)).isEqualTo(pay.get("functional").asLong());
            assertThat(amount(entry, "AR", Side.CREDIT)).isEqualTo(pay.get("amount").asLong());
            long fxGain = pay.has("fx_gain") ? pay.get("fx_gain").asLong() : 0;
            assertThat(functional(entry, "FX_GAIN_LOSS", Side.CREDIT)).isEqualTo(fxGain);
        });
    }

    @Test
    void everyEntryBalancesInBothCurrenciesAndIdsAreUnique() {
        harness.feed(TopologyHarness.BASIC);
        List<JournalEntry> all = allEntries();
        assertThat(all).isNotEmpty();
        for (JournalEntry entry : all) {
            assertThat(total(entry, Side.DEBIT, JournalLine::getAmountMinor))
                    .as("transaction balance of %s", entry.getEntryId())
                    .isEqualTo(total(entry, Side.CREDIT, JournalLine::getAmountMinor));
            assertThat(total(entry, Side.DEBIT, JournalLine::getFunctionalAmountMinor))
                    .as("functional balance of %s", entry.getEntryId())
                    .isEqualTo(total(entry, Side.CREDIT, JournalLine::getFunctionalAmountMinor));
            assertThat(entry.getLines()).allSatisfy(l -> {
                assertThat(l.getAmountMinor()).isNotNegative();
                assertThat(l.getFunctionalAmountMinor()).isNotNegative();
                assertThat(l.getAmountMinor() + l.getFunctionalAmountMinor()).isPositive();
            });
        }
        assertThat(all.stream().map(JournalEntry::getEntryId).distinct().count()).isEqualTo(all.size());
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void voidedInvoiceIsReversedEntryForEntry() {
        harness.feed(TopologyHarness.BASIC);
        List<JournalEntry> all = allEntries();
        for (JsonNode voided : expected.get("voided")) {
            JournalEntry original = index(all, EntryType.INVOICE).get(voided.asText());
            JournalEntry reversal = index(all, EntryType.REVERSAL).get(voided.asText());
            assertThat(reversal.getReversesEntryId()).isEqualTo(original.getEntryId());
            assertThat(amount(reversal, "AR", Side.CREDIT)).isEqualTo(amount(original, "AR", Side.DEBIT));
        }
    }

    @Test
    void duplicatedAndShuffledStripeDeliveryProducesTheSameEntries() {
        harness.feed(TopologyHarness.BASIC);
        List<JournalEntry> once = allEntries();

        try (TopologyHarness again = new TopologyHarness(AS_OF)) {
            List<String> stripe = new ArrayList<>(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
            stripe.addAll(List.copyOf(stripe));
            Collections.shuffle(stripe, new Random(42));
            again.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            again.billing(stripe.subList(0, stripe.size() / 2));
            again.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            again.billing(stripe.subList(stripe.size() / 2, stripe.size()));
            again.endOfInput();
            List<JournalEntry> twice = new ArrayList<>(again.journal("netsuite"));
            twice.addAll(again.journal("sap"));
            assertThat(twice).containsExactlyInAnyOrderElementsOf(once);
        }
    }

    @Test
    void ratableLinesAreRecognizedMonthByMonthThroughAsOf() {
        harness.feed(TopologyHarness.BASIC);
        List<JournalEntry> all = allEntries();
        Map<String, JournalEntry> invoices = index(all, EntryType.INVOICE);
        List<JournalEntry> recognition = all.stream().filter(e -> e.getEntryType() == EntryType.REVENUE_RECOGNITION).toList();
        expected.get("invoices").fields().forEachRemaining(inv -> {
            for (JsonNode line : inv.getValue().get("ratable_lines")) {
                String lineId = line.get("id").asText();
                Map<String, Long> posted = recognition.stream().filter(e -> e.getSource().getObjectId().equals(lineId))
                        .collect(Collectors.toMap(JournalEntry::getPostingPeriod, e -> amount(e, "REVENUE", Side.CREDIT)));
                java.time.LocalDate start = java.time.LocalDate.parse(line.get("start").asText());
                java.time.LocalDate end = java.time.LocalDate.parse(line.get("end").asText());
                Map<String, Long> expectedMonths = monthlyShares(line.get("net").asLong(), start, end, java.time.YearMonth.of(2026, 6));
                if (inv.getValue().path("credited").asBoolean(false)) {
                    // credited and refunded: the schedule shrank, so only its total is checked here
                    assertThat(posted.values().stream().mapToLong(Long::longValue).sum())
                            .isLessThan(expectedMonths.values().stream().mapToLong(Long::longValue).sum());
                    assertThat(posted).containsOnlyKeys(expectedMonths.keySet());
                } else {
                    assertThat(posted).as("recognition of %s", lineId).isEqualTo(expectedMonths);
                }
                recognition.stream().filter(e -> e.getSource().getObjectId().equals(lineId)).forEach(e -> {
                    assertThat(e.getCorrelationId()).isEqualTo(invoices.get(inv.getKey()).getCorrelationId());
                    assertThat(amount(e, "DEFERRED_REVENUE", Side.DEBIT)).isEqualTo(amount(e, "REVENUE", Side.CREDIT));
                });
            }
        });
        // Cobalt's February is recognized at the invoice's rate, 1.08
        JournalEntry cobaltFeb = recognition.stream().filter(e -> e.getSource().getObjectId().equals("il_67f3afe2a486c2")).findFirst().orElseThrow();
        assertThat(functional(cobaltFeb, "REVENUE", Side.CREDIT)).isEqualTo(108_000L);
    }

    /** The contract's schedule, computed here from scratch: days per month, half up, the last month the remainder. */
    private static Map<String, Long> monthlyShares(long net, java.time.LocalDate start, java.time.LocalDate end, java.time.YearMonth through) {
        long total = java.time.temporal.ChronoUnit.DAYS.between(start, end);
        Map<String, Long> shares = new java.util.TreeMap<>();
        long allocated = 0;
        for (java.time.YearMonth m = java.time.YearMonth.from(start); m.atDay(1).isBefore(end); m = m.plusMonths(1)) {
            java.time.LocalDate from = start.isAfter(m.atDay(1)) ? start : m.atDay(1);
            java.time.LocalDate to = end.isBefore(m.plusMonths(1).atDay(1)) ? end : m.plusMonths(1).atDay(1);
            boolean last = !m.plusMonths(1).atDay(1).isBefore(end);
            long share = last ? net - allocated : new java.math.BigDecimal(net)
                    .multiply(java.math.BigDecimal.valueOf(java.time.temporal.ChronoUnit.DAYS.between(from, to)))
                    .divide(java.math.BigDecimal.valueOf(total), 0, java.math.RoundingMode.HALF_UP).longValueExact();
            allocated += share;
            if (!m.isAfter(through)) {
                shares.put(m.toString(), share);
            }
        }
        return shares;
    }

    @Test
    void creditNoteAndRefundFollowTheRules() {
        harness.feed(TopologyHarness.BASIC);
        List<JournalEntry> all = allEntries();
        JournalEntry credit = index(all, EntryType.CREDIT_NOTE).get("cn_Dunmore0001");
        assertThat(amount(credit, "AR", Side.CREDIT)).isEqualTo(expected.at("/credit_notes/cn_Dunmore0001/total").asLong());
        assertThat(amount(credit, "DEFERRED_REVENUE", Side.DEBIT)).as("nothing recognized before 5 March").isEqualTo(100_000L);
        JournalEntry refund = index(all, EntryType.REFUND).get("re_Dunmore0001");
        assertThat(amount(refund, "CASH", Side.CREDIT)).isEqualTo(expected.at("/refunds/re_Dunmore0001/amount").asLong());
        assertThat(amount(refund, "CONTRA_REVENUE", Side.DEBIT)).as("March to May were recognized by 15 June").isPositive();
        assertThat(amount(refund, "CONTRA_REVENUE", Side.DEBIT) + amount(refund, "DEFERRED_REVENUE", Side.DEBIT)).isEqualTo(50_000L);
        assertThat(harness.revenueSchedules()).isNotEmpty();
    }

    @Test
    void aScheduleIsPublishedOnlyWhenItChanges() {
        harness.feed(TopologyHarness.BASIC);
        harness.tick(java.time.Instant.parse("2026-07-01T00:00:00Z"));
        Map<String, io.ledgerline.contract.RevenueSchedule> last = new java.util.HashMap<>();
        int published = 0;
        for (io.ledgerline.contract.RevenueSchedule schedule : harness.revenueSchedules()) {
            published++;
            io.ledgerline.contract.RevenueSchedule before = last.put(schedule.getInvoiceId() + "/" + schedule.getLineId(), schedule);
            if (before != null) {
                // payments and refunds change the invoice, not its schedule: the same schedule is never published twice in a row
                assertThat(io.ledgerline.serde.LogicalTypeModel.specific().compare(schedule, before, schedule.getSchema()))
                        .as("schedule of %s line %s published again unchanged", schedule.getInvoiceId(), schedule.getLineId())
                        .isNotZero();
            }
        }
        assertThat(last).isNotEmpty();
        assertThat(published).as("recognition changes every ratable schedule at least once").isGreaterThan(last.size());
    }

    @Test
    void theTransactionTimelineFollowsAcmeFromOpportunityToRecognizedRevenue() {
        harness.feed(TopologyHarness.BASIC);
        org.apache.kafka.streams.state.KeyValueStore<String, io.ledgerline.contract.TransactionTimeline> store =
                harness.driver().getKeyValueStore(Stores.TRANSACTIONS);
        io.ledgerline.contract.TransactionTimeline acme = store.get("006E38CD89DD1E2713");
        assertThat(acme.getAccountId()).isEqualTo("001C1AC32E5DD5537B");
        assertThat(acme.getStage()).isEqualTo("PAID");
        assertThat(acme.getSteps()).extracting(io.ledgerline.contract.TimelineStep::getSystem)
                .contains("salesforce", "stripe", "ledgerline");
        assertThat(acme.getSteps()).extracting(io.ledgerline.contract.TimelineStep::getEntryType)
                .contains("INVOICE", "PAYMENT", "REVENUE_RECOGNITION");
        assertThat(store.get("in_ElmTrade01").getStage()).isEqualTo("VOIDED");
    }

    @Test
    void contractStateShowsSettledAndVoidedInvoices() {
        harness.feed(TopologyHarness.BASIC);
        org.apache.kafka.streams.state.KeyValueStore<String, io.ledgerline.contract.ContractState> store =
                harness.driver().getKeyValueStore(Stores.CONTRACTS);
        io.ledgerline.contract.ContractState acme = store.get("001C1AC32E5DD5537B");
        assertThat(acme.getLegalEntity()).isEqualTo("LE-US");
        assertThat(acme.getInvoices()).singleElement().satisfies(i -> {
            assertThat(i.getStatus()).isEqualTo("paid");
            assertThat(i.getOutstandingMinor()).isZero();
        });
        assertThat(acme.getOrders()).singleElement().satisfies(o -> assertThat(o.getSubscriptionIds()).containsExactly("sub_Acme0001"));
        io.ledgerline.contract.ContractState dunmore = store.get("001BF16CA01647DA47");
        assertThat(dunmore.getInvoices()).singleElement().satisfies(i -> {
            assertThat(i.getCreditedMinor()).isEqualTo(100_000L);
            assertThat(i.getPaidMinor()).isEqualTo(500_000L);
            assertThat(i.getRefundedMinor()).isEqualTo(50_000L);
            assertThat(i.getStatus()).isEqualTo("paid");
        });
        assertThat(store.get("001284839C49DAA611").getInvoices()).singleElement()
                .satisfies(i -> assertThat(i.getStatus()).isEqualTo("void"));
    }

    @Test
    void masterDataArrivingLastReleasesEverythingParkedAndResolvesItsExceptions() {
        harness.feed(TopologyHarness.BASIC);
        List<JournalEntry> inOrder = allEntries();

        try (TopologyHarness reversed = new TopologyHarness(AS_OF)) {
            reversed.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
            reversed.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            assertThat(reversed.journal("netsuite")).as("nothing can be booked without master data").isEmpty();
            reversed.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            reversed.endOfInput();
            List<JournalEntry> entries = new ArrayList<>(reversed.journal("netsuite"));
            entries.addAll(reversed.journal("sap"));
            assertThat(entries).containsExactlyInAnyOrderElementsOf(inOrder);

            List<io.ledgerline.ops.PipelineException> exceptions = reversed.exceptions();
            assertThat(exceptions).isNotEmpty();
            assertThat(exceptions).allSatisfy(e -> assertThat(e.getSource().getEventId()).isNotBlank());
            Map<String, List<io.ledgerline.ops.ExceptionStatus>> lifecycle = exceptions.stream().collect(Collectors.groupingBy(
                    io.ledgerline.ops.PipelineException::getExceptionId,
                    Collectors.mapping(io.ledgerline.ops.PipelineException::getStatus, Collectors.toList())));
            assertThat(lifecycle).allSatisfy((id, statuses) -> assertThat(statuses).as(id)
                    .containsExactly(io.ledgerline.ops.ExceptionStatus.OPEN, io.ledgerline.ops.ExceptionStatus.RELEASED));
        }
    }

    @Test
    void noExceptionsForTheConsistentHistory() {
        harness.feed(TopologyHarness.BASIC);
        assertThat(harness.exceptions()).isEmpty();
    }

    private static List<JournalEntry> concat(List<JournalEntry> a, List<JournalEntry> b) {
        List<JournalEntry> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, JournalEntry> index(List<JournalEntry> entries, EntryType type) {
        return entries.stream().filter(e -> e.getEntryType() == type)
                .collect(Collectors.toMap(e -> e.getSource().getObjectId(), Function.identity()));
    }

    static long amount(JournalEntry entry, String role, Side side) {
        return entry.getLines().stream().filter(l -> l.getRole().equals(role) && l.getSide() == side)
                .mapToLong(JournalLine::getAmountMinor).sum();
    }

    static long functional(JournalEntry entry, String role, Side side) {
        return entry.getLines().stream().filter(l -> l.getRole().equals(role) && l.getSide() == side)
                .mapToLong(JournalLine::getFunctionalAmountMinor).sum();
    }

    private static long total(JournalEntry entry, Side side, java.util.function.ToLongFunction<JournalLine> amount) {
        return entry.getLines().stream().filter(l -> l.getSide() == side).mapToLong(amount).sum();
    }
}
