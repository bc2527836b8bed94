package io.ledgerline.posting;

import io.ledgerline.canonical.Refund;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import java.time.LocalDate;

/**
 * Refund: credit CASH at the refund-date rate; debit CONTRA_REVENUE for the share of the invoice's revenue already
 * recognized and DEFERRED_REVENUE for the rest ({@link RevenueTakeBack}), both at the invoice's rate, the
 * difference going to FX_GAIN_LOSS.
 */
public final class RefundPostingRule {

    private RefundPostingRule() {
    }

    /** The REFUND entry; records the refund on {@code invoice} and its lines. */
    public static JournalEntry post(Refund refund, String eventId, InvoiceLedgerState invoice, MasterDataView masterData) {
        EntityBook book = masterData.book(invoice.getLegalEntity());
        LocalDate date = PostingDates.of(refund.getCreatedAt());
        ExchangeRate cashRate = book.rateToFunctional(refund.getCurrency(), date);
        long amount = refund.getAmountMinor();
        RevenueTakeBack.Split split = RevenueTakeBack.take(invoice, amount, RevenueRecognitionRule.invoiceRate(invoice));
        String invoiceId = invoice.getInvoice().getInvoiceId();
        EntryDraft draft = EntryDraft.againstInvoice(book, EntryType.REFUND, cashRate, date, invoice, "refund",
                        refund.getRefundId(), eventId, null)
                .line(Role.CONTRA_REVENUE, Side.DEBIT, split.contraMinor(), split.contraFunctionalMinor(), "refund on " + invoiceId)
                .line(Role.DEFERRED_REVENUE, Side.DEBIT, split.deferredMinor(), split.deferredFunctionalMinor(), "refund on " + invoiceId)
                .line(Role.CASH, Side.CREDIT, amount, cashRate.convert(amount), "refund on " + invoiceId)
                .realizedFx("refund " + refund.getRefundId());
        JournalEntry entry = draft.build();
        invoice.setRefundedMinor(invoice.getRefundedMinor() + amount);
        invoice.setRefundIds(Lists.with(invoice.getRefundIds(), refund.getRefundId()));
        return entry;
    }
}
