package io.ledgerline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.reference.HistoryGenerator.AccountSpec;
import io.ledgerline.reference.HistoryGenerator.CreditSpec;
import io.ledgerline.reference.HistoryGenerator.FollowUp;
import io.ledgerline.reference.HistoryGenerator.Head;
import io.ledgerline.reference.HistoryGenerator.InvoiceSpec;
import io.ledgerline.reference.HistoryGenerator.LineSpec;
import io.ledgerline.reference.HistoryGenerator.PaymentSpec;
import io.ledgerline.reference.HistoryGenerator.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small hand-built histories, each isolating one posting rule, run through the topology and compared with the
 * reference ledger. The minimal cases behind the property test's findings live here.
 */
class ReferenceLedgerExamplesTest {

    private static final FollowUp NONE = new FollowUp(false, 1, 0, 1000);
    private static final PaymentSpec UNPAID = new PaymentSpec(0, 0, 1, 500);
    private static final PaymentSpec PAID = new PaymentSpec(1, 10, 1, 500);
    private static final CreditSpec NO_CREDIT = new CreditSpec(false, 1, 0, List.of(0), false);

    /** One USD account in LE-US, one invoice on 2026-06-08 (day 158), as-of 2026-12-01. */
    private static History oneInvoice(List<LineSpec> lines, PaymentSpec payment, CreditSpec credit, FollowUp refund, FollowUp voided) {
        InvoiceSpec invoice = new InvoiceSpec(new Head(0, 157, 8), lines, payment, credit, refund, voided);
        return HistoryGenerator.build(new Spec(1, false, List.of(0, 0, 0), List.of(new AccountSpec(0, 0, 0, List.of(invoice)))));
    }

    /** prod_seats 770507 over 2026-05-01..2027-01-01. */
    private static final LineSpec SEATS = new LineSpec(1, 770507, 0, 0, -1, 1, 8);
    private static final LineSpec ONBOARDING = new LineSpec(2, 1008959, 0, 0, 0, 1, 1);

    @Test
    void ratableLineAlone() {
        History h = oneInvoice(List.of(SEATS), PAID, NO_CREDIT, NONE, NONE);
        assertThat(TopologyCheck.problems(h)).as(h.toString()).isEmpty();
    }

    @Test
    void creditNoteOnARatableLineReplansTheRemainingMonths() {
        // credit 0.1% of the line on 2026-10-04 (delay 118 days): May..Sep are recognized, Oct..Dec re-planned
        History h = oneInvoice(List.of(SEATS), PAID, new CreditSpec(true, 118, 171, List.of(1), false), NONE, NONE);
        assertThat(TopologyCheck.problems(h)).as(h.toString()).isEmpty();
    }

    @Test
    void refundSplitsBetweenContraRevenueAndDeferred() {
        History h = oneInvoice(List.of(SEATS, ONBOARDING), PAID, NO_CREDIT, new FollowUp(true, 160, 191, 1000), NONE);
        assertThat(TopologyCheck.problems(h)).as(h.toString()).isEmpty();
    }

    @Test
    void creditNoteOnAPointInTimeLineThenARefund() {
        History h = oneInvoice(List.of(SEATS, ONBOARDING), PAID, new CreditSpec(true, 118, 171, List.of(1, 500), false),
                new FollowUp(true, 160, 191, 1000), NONE);
        assertThat(TopologyCheck.problems(h)).as(h.toString()).isEmpty();
    }

    /** CRM first, then the Stripe events latest first (credit notes, refunds and voids of an invoice still in date order). */
    static List<HistoryGenerator.Delivery> latestFirst(History h) {
        List<HistoryGenerator.Delivery> out = new java.util.ArrayList<>();
        HistoryJson.cdc(h).forEach(l -> out.add(new HistoryGenerator.Delivery(HistoryGenerator.Channel.CDC, l)));
        List<HistoryJson.StripeLine> stripe = new java.util.ArrayList<>(HistoryJson.stripe(h));
        java.util.Collections.reverse(stripe);
        List<HistoryJson.StripeLine> ordered = stripe.stream().filter(HistoryJson.StripeLine::ordered)
                .sorted(java.util.Comparator.comparing(HistoryJson.StripeLine::businessTime)).toList();
        int k = 0;
        for (int i = 0; i < stripe.size(); i++) {
            if (stripe.get(i).ordered()) {
                stripe.set(i, ordered.get(k++));
            }
        }
        stripe.forEach(l -> out.add(new HistoryGenerator.Delivery(HistoryGenerator.Channel.BILLING, l.json())));
        return out;
    }

    @Test
    void creditNoteDeliveredBeforeItsInvoice() {
        History h = oneInvoice(List.of(SEATS), PAID, new CreditSpec(true, 118, 171, List.of(1), false), NONE, NONE);
        assertThat(TopologyCheck.problems(h, latestFirst(h))).as(h.toString()).isEmpty();
    }

    @Test
    void creditNoteAndRefundDeliveredBeforeTheirInvoiceAndPayment() {
        History h = oneInvoice(List.of(SEATS, ONBOARDING), PAID, new CreditSpec(true, 118, 171, List.of(1, 500), false),
                new FollowUp(true, 160, 191, 1000), NONE);
        assertThat(TopologyCheck.problems(h, latestFirst(h))).as(h.toString()).isEmpty();
    }

    @Test
    void voidReversesInvoiceAndRecognition() {
        History h = oneInvoice(List.of(SEATS, ONBOARDING), UNPAID, NO_CREDIT, NONE, new FollowUp(true, 60, 0, 1000));
        assertThat(TopologyCheck.problems(h)).as(h.toString()).isEmpty();
    }
}
