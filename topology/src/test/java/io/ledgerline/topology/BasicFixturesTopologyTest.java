package io.ledgerline.topology;

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
            List<JournalEntry> twice = new ArrayList<>(again.journal("netsuite"));
            twice.addAll(again.journal("sap"));
            assertThat(twice).containsExactlyInAnyOrderElementsOf(once);
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
