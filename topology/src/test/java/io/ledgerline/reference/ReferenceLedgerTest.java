package io.ledgerline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Validates the reference ledger itself: it must reproduce every figure of fixtures/basic/expected.json. */
class ReferenceLedgerTest {

    static final Path BASIC = Path.of("..", "fixtures", "basic");
    static final Instant AS_OF = Instant.parse("2026-07-01T00:00:00Z");

    private static JsonNode expected;
    private static History history;
    private static List<JournalEntry> journal;

    @BeforeAll
    static void post() throws IOException {
        expected = new ObjectMapper().readTree(BASIC.resolve("expected.json").toFile());
        history = basicHistory(AS_OF);
        journal = ReferenceLedger.post(history);
    }

    static History basicHistory(Instant asOf) {
        return HistoryJson.parse(lines("erp-masterdata.jsonl"), lines("salesforce-cdc.jsonl"), lines("stripe-events.jsonl"), asOf);
    }

    static List<String> lines(String file) {
        try {
            return Files.readAllLines(BASIC.resolve(file), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void invoicesCarryTheExpectedFigures() {
        Map<String, JournalEntry> invoices = index(EntryType.INVOICE);
        assertThat(invoices.keySet()).containsExactlyInAnyOrderElementsOf(iterable(expected.get("invoices").fieldNames()));
        expected.get("invoices").fields().forEachRemaining(e -> {
            JsonNode inv = e.getValue();
            JournalEntry entry = invoices.get(e.getKey());
            assertThat(entry.getLegalEntity()).as(e.getKey()).isEqualTo(inv.get("legal_entity").asText());
            assertThat(entry.getCurrency()).as(e.getKey()).isEqualTo(inv.get("currency").asText());
            assertThat(entry.getPostingPeriod()).as(e.getKey()).isEqualTo(inv.get("period").asText());
            assertThat(amount(entry, "AR", Side.DEBIT)).as(e.getKey() + " AR").isEqualTo(inv.get("total").asLong());
            assertThat(amount(entry, "TAX_PAYABLE", Side.CREDIT)).as(e.getKey() + " tax").isEqualTo(inv.get("tax").asLong());
            assertThat(amount(entry, "DEFERRED_REVENUE", Side.CREDIT)).as(e.getKey() + " deferred").isEqualTo(inv.get("deferred").asLong());
            assertThat(amount(entry, "REVENUE", Side.CREDIT)).as(e.getKey() + " revenue").isEqualTo(inv.get("revenue").asLong());
            if (inv.has("functional_total")) {
                assertThat(functional(entry, "AR", Side.DEBIT)).isEqualTo(inv.get("functional_total").asLong());
            }
            assertThat(entry.getErp()).isEqualTo(entry.getLegalEntity().equals("LE-DE") ? "sap" : "netsuite");
            assertThat(entry.getEntryId()).isEqualTo("stripe:invoice:" + e.getKey() + ":INVOICE:1");
        });
    }

    @Test
    void paymentsBookCashAtThePaymentRateAndCobaltsFxGain() {
        Map<String, JournalEntry> payments = index(EntryType.PAYMENT);
        assertThat(payments.keySet()).containsExactlyInAnyOrderElementsOf(iterable(expected.get("payments").fieldNames()));
        expected.get("payments").fields().forEachRemaining(e -> {
            JsonNode pay = e.getValue();
            JournalEntry entry = payments.get(e.getKey());
            assertThat(amount(entry, "CASH", Side.DEBIT)).isEqualTo(pay.get("amount").asLong());
            assertThat(functional(entry, "CASH", Side.DEBIT)).as(e.getKey()).isEqualTo(pay.get("functional").asLong());
            assertThat(amount(entry, "AR", Side.CREDIT)).isEqualTo(pay.get("amount").asLong());
            long gain = pay.has("fx_gain") ? pay.get("fx_gain").asLong() : 0;
            assertThat(functional(entry, "FX_GAIN_LOSS", Side.CREDIT)).as(e.getKey()).isEqualTo(gain);
            assertThat(functional(entry, "FX_GAIN_LOSS", Side.DEBIT)).isZero();
            assertThat(entry.getCurrency()).isEqualTo(pay.get("currency").asText());
        });
        JournalEntry cobalt = payments.get("inpay_0ce3c614484c3198");
        assertThat(cobalt.getExchangeRate()).isEqualTo("1.1");
        assertThat(functional(cobalt, "AR", Side.CREDIT)).isEqualTo(108000);
    }

    @Test
    void creditNoteAndRefund() {
        JournalEntry cn = index(EntryType.CREDIT_NOTE).get("cn_Dunmore0001");
        assertThat(amount(cn, "AR", Side.CREDIT)).isEqualTo(expected.at("/credit_notes/cn_Dunmore0001/total").asLong());
        // nothing of Dunmore's line was recognized on 2026-03-05: the whole credit comes out of deferred revenue
        assertThat(amount(cn, "DEFERRED_REVENUE", Side.DEBIT)).isEqualTo(100000);
        assertThat(amount(cn, "REVENUE", Side.DEBIT)).isZero();
        assertThat(cn.getCorrelationId()).isEqualTo("0061D87B6B9FC4163C");

        JournalEntry re = index(EntryType.REFUND).get("re_Dunmore0001");
        assertThat(amount(re, "CASH", Side.CREDIT)).isEqualTo(expected.at("/refunds/re_Dunmore0001/amount").asLong());
        // re-planned 500000 over 2026-03..2027-02 (365 days): Mar 42466, Apr 41096, May 42466 recognized by 2026-06-15
        // CONTRA = 50000 × 126028 / 500000 = 12602.8 → 12603; DEFERRED = 37397
        assertThat(amount(re, "CONTRA_REVENUE", Side.DEBIT)).isEqualTo(12603);
        assertThat(amount(re, "DEFERRED_REVENUE", Side.DEBIT)).isEqualTo(37397);
        assertThat(recognition("il_eb930be2d4bf8f", "2026-03")).isEqualTo(42466);
        assertThat(recognition("il_eb930be2d4bf8f", "2026-04")).isEqualTo(41096);
        assertThat(recognition("il_eb930be2d4bf8f", "2026-05")).isEqualTo(42466);
        // after the refund 500000 - 126028 - 37397 = 336575 is left for June..February (273 days)
        assertThat(recognition("il_eb930be2d4bf8f", "2026-06")).isEqualTo(share(336575, 30, 273));
    }

    @Test
    void recognitionFollowsTheDaysOfTheServicePeriod() {
        // Acme: 1200000 over 2026-01-15..2027-01-15 (365 days); January has 17 days
        assertThat(recognition("il_9c0ba52b244ad1", "2026-01")).isEqualTo(55890);
        assertThat(recognition("il_9c0ba52b244ad1", "2026-06")).isEqualTo(share(1200000, 30, 365));
        assertThat(journal.stream().filter(e -> e.getEntryId().equals("stripe:line_item:il_9c0ba52b244ad1:REVENUE_RECOGNITION:2026-07")))
                .as("July has not ended by 2026-07-01").isEmpty();
        // Cobalt: one month of seats in EUR for an USD entity, at the invoice's rate 1.08
        JournalEntry feb = journal.stream().filter(e -> e.getEntryId()
                .equals("stripe:line_item:il_67f3afe2a486c2:REVENUE_RECOGNITION:2026-02")).findFirst().orElseThrow();
        assertThat(amount(feb, "REVENUE", Side.CREDIT)).isEqualTo(100000);
        assertThat(functional(feb, "REVENUE", Side.CREDIT)).isEqualTo(108000);
        assertThat(feb.getPostingDate()).isEqualTo("2026-02-28");
        assertThat(feb.getExchangeRate()).isEqualTo("1.08");
        assertThat(feb.getSource().getEventId()).isEqualTo("evt_41c8462122ce0de39fff8d5a");
    }

    @Test
    void theVoidReversesTheInvoiceEntry() {
        for (JsonNode voided : expected.get("voided")) {
            JournalEntry original = index(EntryType.INVOICE).get(voided.asText());
            JournalEntry reversal = index(EntryType.REVERSAL).get(voided.asText());
            assertThat(reversal.getEntryId()).isEqualTo("stripe:invoice:" + voided.asText() + ":REVERSAL:1");
            assertThat(reversal.getReversesEntryId()).isEqualTo(original.getEntryId());
            assertThat(amount(reversal, "AR", Side.CREDIT)).isEqualTo(amount(original, "AR", Side.DEBIT));
            assertThat(amount(reversal, "REVENUE", Side.DEBIT)).isEqualTo(amount(original, "REVENUE", Side.CREDIT));
            assertThat(reversal.getCorrelationId()).isEqualTo(voided.asText()); // a manual invoice is its own transaction
        }
        assertThat(index(EntryType.REVERSAL)).hasSize(expected.get("voided").size());
    }

    @Test
    void theReferenceJournalSatisfiesTheLedgerInvariants() {
        assertThat(LedgerInvariants.violations(history, journal)).isEmpty();
    }

    private static long recognition(String lineId, String month) {
        return journal.stream().filter(e -> e.getEntryId().equals("stripe:line_item:" + lineId + ":REVENUE_RECOGNITION:" + month))
                .mapToLong(e -> amount(e, "REVENUE", Side.CREDIT)).sum();
    }

    private static long share(long amount, long part, long whole) {
        return ReferenceLedger.share(amount, part, whole);
    }

    private static Map<String, JournalEntry> index(EntryType type) {
        return journal.stream().filter(e -> e.getEntryType() == type)
                .collect(Collectors.toMap(e -> e.getSource().getObjectId(), Function.identity()));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    static long amount(JournalEntry entry, String role, Side side) {
        return entry.getLines().stream().filter(l -> l.getRole().equals(role) && l.getSide() == side)
                .mapToLong(JournalLine::getAmountMinor).sum();
    }

    static long functional(JournalEntry entry, String role, Side side) {
        return entry.getLines().stream().filter(l -> l.getRole().equals(role) && l.getSide() == side)
                .mapToLong(JournalLine::getFunctionalAmountMinor).sum();
    }
}
