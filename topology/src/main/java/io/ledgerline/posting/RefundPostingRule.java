package io.ledgerline.posting;

import io.ledgerline.canonical.Refund;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * Refund: credit CASH at the refund-date rate; debit CONTRA_REVENUE for the share of the invoice's revenue already
 * recognized and DEFERRED_REVENUE for the rest, both at the invoice's rate, the difference going to FX_GAIN_LOSS.
 * The deferred share comes out of the ratable lines in proportion to their deferred balances.
 */
public final class RefundPostingRule {

    private RefundPostingRule() {
    }

    /** The REFUND entry; records the refund on {@code invoice} and its lines. */
    public static JournalEntry post(Refund refund, String eventId, InvoiceLedgerState invoice, MasterDataView masterData) {
        EntityBook book = masterData.book(invoice.getLegalEntity());
        LocalDate date = PostingDates.of(refund.getCreatedAt());
        ExchangeRate cashRate = book.rateToFunctional(refund.getCurrency(), date);
        ExchangeRate invoiceRate = RevenueRecognitionRule.invoiceRate(invoice);
        long amount = refund.getAmountMinor();

        List<RatableLineState> open = invoice.getRatableLines().stream()
                .filter(l -> !l.getStopped() && l.getDeferredMinor() > 0)
                .sorted(Comparator.comparingLong(RatableLineState::getDeferredMinor).thenComparing(RatableLineState::getLineId))
                .toList();
        long deferredTotal = open.stream().mapToLong(RatableLineState::getDeferredMinor).sum();
        long recognized = Math.max(0, invoice.getPointInTimeRevenueMinor()
                + invoice.getRatableLines().stream().mapToLong(RatableLineState::getRecognizedMinor).sum()
                - invoice.getRevenueCreditedMinor());
        long contra = recognized + deferredTotal == 0 ? amount
                : BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(recognized))
                        .divide(BigDecimal.valueOf(recognized + deferredTotal), 0, RoundingMode.HALF_UP).longValueExact();
        long deferred = Math.min(amount - contra, deferredTotal);
        contra = amount - deferred;

        long[] shares = RecognitionSchedule.allocate(deferred, open.stream().mapToLong(RatableLineState::getDeferredMinor).toArray());
        long deferredFunctional = 0;
        for (int i = 0; i < open.size(); i++) {
            deferredFunctional += DeferredBalances.take(open.get(i), shares[i], invoiceRate);
        }
        String invoiceId = invoice.getInvoice().getInvoiceId();
        EntryDraft draft = EntryDraft.againstInvoice(book, EntryType.REFUND, cashRate, date, invoice, "refund",
                        refund.getRefundId(), eventId, null)
                .line(Role.CONTRA_REVENUE, Side.DEBIT, contra, invoiceRate.convert(contra), "refund on " + invoiceId)
                .line(Role.DEFERRED_REVENUE, Side.DEBIT, deferred, deferredFunctional, "refund on " + invoiceId)
                .line(Role.CASH, Side.CREDIT, amount, cashRate.convert(amount), "refund on " + invoiceId)
                .realizedFx("refund " + refund.getRefundId());
        JournalEntry entry = draft.build();
        invoice.setRefundedMinor(invoice.getRefundedMinor() + amount);
        invoice.setRefundIds(Lists.with(invoice.getRefundIds(), refund.getRefundId()));
        return entry;
    }
}
