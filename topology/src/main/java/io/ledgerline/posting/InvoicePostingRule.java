package io.ledgerline.posting;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.InvoiceLine;
import io.ledgerline.canonical.RevenueRecognition;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Invoice finalized: debit AR with the total; credit DEFERRED_REVENUE for ratable lines and REVENUE for
 * point-in-time lines (each net of its discount), and TAX_PAYABLE with the tax. Booking also opens the
 * revenue schedule of every ratable line.
 */
public final class InvoicePostingRule {

    private InvoicePostingRule() {
    }

    /** The booked invoice: its INVOICE entry (none when the invoice is zero throughout) and its ratable lines. */
    public static InvoiceLedgerState book(BillingInvoice invoice, String eventId, String accountId,
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
        List<RatableLineState> ratable = new ArrayList<>();
        long pointInTime = 0;
        for (InvoiceLine line : invoice.getLines()) {
            long net = line.getAmountMinor() - line.getDiscountMinor();
            if (masterData.recognition(line.getProductId(), line.getLineId()) == RevenueRecognition.RATABLE) {
                draft.credit(Role.DEFERRED_REVENUE, net, line.getProductId(), line.getLineId());
                if (net != 0) {
                    ratable.add(ratableLine(line, net, rate.convert(net)));
                }
            } else {
                draft.credit(Role.REVENUE, net, line.getProductId(), line.getLineId());
                pointInTime += net;
            }
        }
        draft.credit(Role.TAX_PAYABLE, invoice.getTaxMinor(), null, "tax on " + label);
        JournalEntry entry = draft.isEmpty() ? null : draft.build();
        return InvoiceLedgerState.newBuilder()
                .setInvoice(invoice)
                .setAccountId(accountId)
                .setCorrelationId(correlationId)
                .setBookingEventId(eventId)
                .setLegalEntity(book.legalEntity())
                .setFunctionalCurrency(book.functionalCurrency())
                .setExchangeRate(rate.rateText())
                .setInvoiceEntry(entry)
                .setArOutstandingMinor(invoice.getTotalMinor())
                .setArOutstandingFunctionalMinor(entry == null ? 0 : arFunctional(entry))
                .setPointInTimeRevenueMinor(pointInTime)
                .setRatableLines(ratable)
                .build();
    }

    private static RatableLineState ratableLine(InvoiceLine line, long net, long netFunctional) {
        return RatableLineState.newBuilder()
                .setLineId(line.getLineId())
                .setProductId(line.getProductId())
                .setNetMinor(net)
                .setNetFunctionalMinor(netFunctional)
                .setPeriodStart(line.getPeriodStart())
                .setPeriodEnd(line.getPeriodEnd())
                .setDeferredMinor(net)
                .setDeferredFunctionalMinor(netFunctional)
                .build();
    }

    private static long arFunctional(JournalEntry entry) {
        return entry.getLines().stream().filter(l -> l.getRole().equals(Role.AR.name()))
                .mapToLong(l -> l.getSide() == Side.DEBIT ? l.getFunctionalAmountMinor() : -l.getFunctionalAmountMinor())
                .sum();
    }

    public static String entryId(String invoiceId) {
        return EntryIds.of("stripe", "invoice", invoiceId, EntryType.INVOICE, "1");
    }

}
