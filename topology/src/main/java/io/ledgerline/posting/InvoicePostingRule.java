package io.ledgerline.posting;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.InvoiceLine;
import io.ledgerline.canonical.RevenueRecognition;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.money.ExchangeRate;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Invoice finalized: debit AR with the total; credit DEFERRED_REVENUE for ratable lines and REVENUE for
 * point-in-time lines (each net of its discount), and TAX_PAYABLE with the tax.
 */
public final class InvoicePostingRule {

    private InvoicePostingRule() {
    }

    /** The INVOICE entry, or empty when the invoice is zero in every respect and there is nothing to post. */
    public static Optional<JournalEntry> post(BillingInvoice invoice, String eventId, String accountId,
                                              String correlationId, MasterDataView masterData) {
        CustomerCrosswalk customer = masterData.requireCrosswalk(accountId);
        EntityBook book = masterData.book(customer.getLegalEntity());
        LocalDate date = PostingDates.of(invoice.getEffectiveAt());
        ExchangeRate rate = book.rateToFunctional(invoice.getCurrency(), date);
        EntryDraft draft = new EntryDraft(book, EntryType.INVOICE, rate)
                .id(entryId(invoice.getInvoiceId()))
                .period(book.periodFor(date))
                .correlation(correlationId)
                .source("stripe", "invoice", invoice.getInvoiceId(), eventId)
                .customer(accountId, customer.getErpCustomerId());
        String label = invoice.getNumber() != null ? invoice.getNumber() : invoice.getInvoiceId();
        draft.debit(Role.AR, invoice.getTotalMinor(), null, "invoice " + label);
        for (InvoiceLine line : invoice.getLines()) {
            RevenueRecognition treatment = masterData.recognition(line.getProductId(), line.getLineId());
            Role role = treatment == RevenueRecognition.RATABLE ? Role.DEFERRED_REVENUE : Role.REVENUE;
            draft.credit(role, line.getAmountMinor() - line.getDiscountMinor(), line.getProductId(), line.getLineId());
        }
        draft.credit(Role.TAX_PAYABLE, invoice.getTaxMinor(), null, "tax on " + label);
        return draft.isEmpty() ? Optional.empty() : Optional.of(draft.build());
    }

    public static String entryId(String invoiceId) {
        return EntryIds.of("stripe", "invoice", invoiceId, EntryType.INVOICE, "1");
    }
}
