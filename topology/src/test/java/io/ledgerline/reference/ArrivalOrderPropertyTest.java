package io.ledgerline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Arrival order does not change the books: each generated history's Stripe events are delivered in fully random
 * order (about one in four twice), with no order kept among an invoice's payments, credit notes, refunds and void,
 * randomly interleaved with the CDC lines (which keep their commit order). Events that arrive before what identifies
 * them (an adjustment before its invoice, a refund before its payment) wait and are released; an adjustment that
 * arrives after a later-dated one, or after months were recognized past its date, is corrected by reversal. The
 * topology's balances per legal entity, account, role, currency and posting period (transaction and functional
 * amounts) equal the reference ledger's, and every entry balances.
 */
class ArrivalOrderPropertyTest {

    /** Half of the histories have an invoice with both a credit note and a refund, the case where order decides the split. */
    @Provide
    Arbitrary<History> histories() {
        return net.jqwik.api.Arbitraries.oneOf(HistoryGenerator.histories(),
                HistoryGenerator.histories().filter(ArrivalOrderPropertyTest::creditedAndRefunded));
    }

    private static boolean creditedAndRefunded(History h) {
        return h.creditNotes().stream().anyMatch(cn -> h.refunds().stream().anyMatch(r -> cn.invoiceId().equals(h.invoiceOfRefund(r))));
    }

    @Property(tries = 100, seed = "20261202", shrinking = ShrinkingMode.BOUNDED)
    void balancesDoNotDependOnArrivalOrder(@ForAll("histories") History h) {
        List<HistoryGenerator.Delivery> deliveries = randomOrder(h);
        TopologyCheck.Outcome actual = TopologyCheck.run(h, deliveries);
        List<JournalEntry> expected = ReferenceLedger.post(h);
        Statistics.label("corrections (reversals) in the journal").collect(
                actual.journal().stream().filter(e -> e.getEntryId().endsWith(":reversed")).count() > 0 ? "some" : "none");
        Statistics.label("has credit note and refund").collect(!h.creditNotes().isEmpty() && !h.refunds().isEmpty());

        List<String> unbalanced = actual.journal().stream().filter(e -> !balances(e)).map(JournalEntry::getEntryId).toList();
        assertThat(unbalanced).as("entries that do not balance").isEmpty();
        assertThat(balances(actual.journal())).as("balances for %s", h.summary()).isEqualTo(balances(expected));
        assertThat(actual.deadLetters()).as("dead letters").isEmpty();
        // a tick may raise a wait past its grace as an exception; once what it waited for arrives it is released
        Map<String, String> lastStatus = new TreeMap<>();
        actual.exceptions().forEach(x -> lastStatus.put(x.getExceptionId(), x.getStatus().name()));
        assertThat(lastStatus).as("exceptions left open").doesNotContainValue("OPEN");
    }

    /**
     * Stripe lines fully shuffled (some duplicated), CDC lines in commit order, the two randomly interleaved, and up
     * to four clock ticks at random increasing instants before as-of among them, so that months after an
     * adjustment's date may already be recognized when it arrives.
     */
    static List<HistoryGenerator.Delivery> randomOrder(History h) {
        Random random = new Random(h.seed() * 31 + 7);
        List<HistoryJson.StripeLine> stripe = HistoryGenerator.shuffledWithRedeliveries(h, random);
        // now and then, an invoice's adjustments in the slots they got, latest business date first
        Map<String, List<Integer>> slots = new TreeMap<>();
        for (int i = 0; i < stripe.size(); i++) {
            HistoryJson.StripeLine l = stripe.get(i);
            if (l.invoiceId() != null && !l.isPayment() && l.ordered()) {
                slots.computeIfAbsent(l.invoiceId(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> positions : slots.values()) {
            if (random.nextBoolean()) {
                List<HistoryJson.StripeLine> adjustments = new ArrayList<>(positions.stream().map(stripe::get).toList());
                adjustments.sort(java.util.Comparator.comparing(HistoryJson.StripeLine::businessTime).reversed());
                for (int k = 0; k < positions.size(); k++) {
                    stripe.set(positions.get(k), adjustments.get(k));
                }
            }
        }
        Statistics.label("a refund arrives before an earlier-dated credit note").collect(refundBeforeEarlierNote(stripe));
        List<String> cdc = HistoryJson.cdc(h);
        List<HistoryGenerator.Delivery> out = new ArrayList<>();
        int c = 0;
        int s = 0;
        while (c < cdc.size() || s < stripe.size()) {
            int left = cdc.size() - c + stripe.size() - s;
            if (random.nextInt(left) < cdc.size() - c) {
                out.add(new HistoryGenerator.Delivery(HistoryGenerator.Channel.CDC, cdc.get(c++)));
            } else {
                out.add(new HistoryGenerator.Delivery(HistoryGenerator.Channel.BILLING, stripe.get(s++).json()));
            }
        }
        int ticks = random.nextInt(5);
        Statistics.label("ticks before the end of input").collect(ticks);
        long span = h.asOf().getEpochSecond() - HistoryGenerator.BASE.getEpochSecond();
        List<Long> at = new ArrayList<>();
        for (int t = 0; t < ticks; t++) {
            at.add(HistoryGenerator.BASE.getEpochSecond() + (long) (random.nextDouble() * span));
        }
        Collections.sort(at);
        List<Integer> positions = new ArrayList<>();
        for (int t = 0; t < ticks; t++) {
            positions.add(random.nextInt(out.size() + 1));
        }
        Collections.sort(positions);
        for (int t = ticks - 1; t >= 0; t--) {
            out.add(positions.get(t), new HistoryGenerator.Delivery(HistoryGenerator.Channel.TICK,
                    java.time.Instant.ofEpochSecond(at.get(t)).toString()));
        }
        return out;
    }

    private static boolean refundBeforeEarlierNote(List<HistoryJson.StripeLine> stripe) {
        for (int i = 0; i < stripe.size(); i++) {
            HistoryJson.StripeLine refund = stripe.get(i);
            if (!refund.eventId().startsWith("evt_re")) {
                continue;
            }
            for (int j = i + 1; j < stripe.size(); j++) {
                HistoryJson.StripeLine note = stripe.get(j);
                if (note.eventId().startsWith("evt_cn") && refund.invoiceId() != null && refund.invoiceId().equals(note.invoiceId())
                        && note.businessTime().isBefore(refund.businessTime())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean balances(JournalEntry e) {
        long amount = 0;
        long functional = 0;
        for (JournalLine l : e.getLines()) {
            long sign = l.getSide() == Side.DEBIT ? 1 : -1;
            amount += sign * l.getAmountMinor();
            functional += sign * l.getFunctionalAmountMinor();
        }
        return amount == 0 && functional == 0;
    }

    /** Signed (debit positive) balance per legal entity, account, role, currency and posting period. */
    static Map<String, Long> balances(List<JournalEntry> journal) {
        Map<String, Long> out = new TreeMap<>();
        for (JournalEntry e : journal) {
            for (JournalLine l : e.getLines()) {
                long sign = l.getSide() == Side.DEBIT ? 1 : -1;
                String key = e.getLegalEntity() + " " + l.getAccountCode() + " " + l.getRole() + " " + e.getPostingPeriod();
                out.merge(key + " " + e.getCurrency(), sign * l.getAmountMinor(), Long::sum);
                out.merge(key + " " + e.getFunctionalCurrency() + " functional", sign * l.getFunctionalAmountMinor(), Long::sum);
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }
}
