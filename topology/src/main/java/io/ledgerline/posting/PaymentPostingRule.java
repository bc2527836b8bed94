package io.ledgerline.posting;

import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import java.time.LocalDate;

/**
 * Invoice payment: debit CASH at the payment-date rate, credit AR at the invoice's rate, and book the
 * difference in functional currency to FX_GAIN_LOSS (a gain is a credit).
 */
public final class PaymentPostingRule {

    private PaymentPostingRule() {
    }

    /**
     * @param invoice the invoice being paid, as booked: its legal entity, rate and open AR
     */
    public static JournalEntry post(InvoicePayment payment, String eventId, BookedInvoice invoice, MasterDataView masterData) {
        if (!payment.getCurrency().equals(invoice.currency())) {
            throw new IllegalArgumentException("payment " + payment.getInvoicePaymentId() + " is in " + payment.getCurrency()
                    + " but invoice " + invoice.invoiceId() + " is in " + invoice.currency());
        }
        EntityBook book = masterData.book(invoice.legalEntity());
        LocalDate date = PostingDates.of(payment.getPaidAt());
        ExchangeRate rate = book.rateToFunctional(payment.getCurrency(), date);
        long amount = payment.getAmountMinor();
        long cashFunctional = rate.convert(amount);
        long arFunctional = invoice.arFunctionalFor(amount);
        long fxDifference = cashFunctional - arFunctional;
        EntryDraft draft = new EntryDraft(book, EntryType.PAYMENT, rate)
                .id(EntryIds.of("stripe", "invoice_payment", payment.getInvoicePaymentId(), EntryType.PAYMENT, "1"))
                .period(book.periodFor(date))
                .correlation(invoice.correlationId())
                .source("stripe", "invoice_payment", payment.getInvoicePaymentId(), eventId)
                .customer(invoice.accountId(), invoice.erpCustomerId())
                .line(Role.CASH, Side.DEBIT, amount, cashFunctional, "payment of " + invoice.invoiceId())
                .line(Role.AR, Side.CREDIT, amount, arFunctional, "payment of " + invoice.invoiceId());
        if (fxDifference != 0) {
            draft.line(Role.FX_GAIN_LOSS, fxDifference > 0 ? Side.CREDIT : Side.DEBIT, 0, Math.abs(fxDifference),
                    "realized FX " + (fxDifference > 0 ? "gain" : "loss") + " on " + invoice.invoiceId());
        }
        return draft.build();
    }
}
