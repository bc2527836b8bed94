package io.ledgerline.posting;

import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import java.time.LocalDate;

/**
 * Invoice payment: debit CASH at the payment-date rate, credit AR at the invoice's rate, and book the
 * difference in functional currency to FX_GAIN_LOSS (a gain is a credit). AR is relieved at the invoice's rate
 * for the amount paid alone, so the entry does not depend on the order in which partial payments arrive.
 */
public final class PaymentPostingRule {

    private PaymentPostingRule() {
    }

    /** The PAYMENT entry; records the payment on {@code invoice}. */
    public static JournalEntry post(InvoicePayment payment, String eventId, InvoiceLedgerState invoice,
                                    String erpCustomerId, MasterDataView masterData) {
        String invoiceId = invoice.getInvoice().getInvoiceId();
        if (!payment.getCurrency().equals(invoice.getInvoice().getCurrency())) {
            throw new InvalidDocument("payment " + payment.getInvoicePaymentId() + " is in " + payment.getCurrency()
                    + " but invoice " + invoiceId + " is in " + invoice.getInvoice().getCurrency());
        }
        EntityBook book = masterData.book(invoice.getLegalEntity());
        LocalDate date = PostingDates.of(payment.getPaidAt());
        ExchangeRate rate = book.rateToFunctional(payment.getCurrency(), date);
        long amount = payment.getAmountMinor();
        long arFunctional = RevenueRecognitionRule.invoiceRate(invoice).convert(amount);
        EntryDraft draft = EntryDraft.againstInvoice(book, EntryType.PAYMENT, rate, date, invoice, "invoice_payment",
                        payment.getInvoicePaymentId(), eventId, erpCustomerId)
                .line(Role.CASH, Side.DEBIT, amount, rate.convert(amount), "payment of " + invoiceId)
                .line(Role.AR, Side.CREDIT, amount, arFunctional, "payment of " + invoiceId)
                .realizedFx(invoiceId);
        JournalEntry entry = draft.build();
        invoice.setPaidMinor(invoice.getPaidMinor() + amount);
        invoice.setArOutstandingMinor(invoice.getArOutstandingMinor() - amount);
        invoice.setArOutstandingFunctionalMinor(invoice.getArOutstandingFunctionalMinor() - arFunctional);
        invoice.setPaymentIds(Lists.with(invoice.getPaymentIds(), payment.getInvoicePaymentId()));
        return entry;
    }
}
