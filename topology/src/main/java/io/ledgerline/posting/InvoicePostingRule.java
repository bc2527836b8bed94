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
import io.ledgerline.state.UsageLineState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Invoice finalized: debit AR with the total; credit DEFERRED_REVENUE for ratable lines and REVENUE for
 * point-in-time and usage lines (each net of its discount), and TAX_PAYABLE with the tax. An invoice whose total is
 * negative (a downgrade invoiced at once) credits CUSTOMER_CREDIT instead of debiting AR; one that applies the
 * customer's credit balance debits CUSTOMER_CREDIT for the applied part and AR for the amount due. Booking also opens
 * the revenue schedule of every ratable line.
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
        long total = invoice.getTotalMinor();
        long creditGained = total < 0 ? -total : 0;
        long creditApplied = creditApplied(invoice);
        draft.credit(Role.CUSTOMER_CREDIT, creditGained, null, "customer credit from invoice " + label);
        draft.debit(Role.CUSTOMER_CREDIT, creditApplied, null, "customer credit applied to invoice " + label);
        draft.debit(Role.AR, total < 0 ? 0 : total - creditApplied, null, "invoice " + label);
        List<RatableLineState> ratable = new ArrayList<>();
        List<UsageLineState> usage = new ArrayList<>();
        long pointInTime = 0;
        for (InvoiceLine line : invoice.getLines()) {
            long net = line.getAmountMinor() - line.getDiscountMinor();
            RevenueRecognition treatment = masterData.recognition(line.getProductId(), line.getLineId());
            if (treatment == RevenueRecognition.RATABLE) {
                draft.credit(Role.DEFERRED_REVENUE, net, line.getProductId(), line.getLineId());
                if (net != 0) {
                    ratable.add(ratableLine(line, net, rate.convert(net)));
                }
            } else if (treatment == RevenueRecognition.USAGE) {
                draft.usageRevenue(net, line.getProductId(), line.getLineId(), new EntryDraft.UsageDetail(line.getQuantity(),
                        PostingDates.of(line.getPeriodStart()), PostingDates.of(line.getPeriodEnd())));
                usage.add(new UsageLineState(line.getLineId(), line.getProductId(), net, line.getQuantity(),
                        line.getPeriodStart(), line.getPeriodEnd()));
                pointInTime += net;
            } else {
                draft.credit(Role.REVENUE, net, line.getProductId(), line.getLineId());
                pointInTime += net;
            }
        }
        draft.credit(Role.TAX_PAYABLE, invoice.getTaxMinor(), null, "tax on " + label);
        JournalEntry entry = draft.isEmpty() ? null : draft.build();
        // every field is set: a field left to its default costs Avro a hash of the field's whole schema per build, and
        // every document of an invoice replays it from here
        return InvoiceLedgerState.newBuilder()
                .setInvoice(invoice)
                .setAccountId(accountId)
                .setCorrelationId(correlationId)
                .setBookingEventId(eventId)
                .setLegalEntity(book.legalEntity())
                .setFunctionalCurrency(book.functionalCurrency())
                .setExchangeRate(rate.rateText())
                .setInvoiceEntry(entry)
                .setArOutstandingMinor(total < 0 ? 0 : total - creditApplied)
                .setCustomerCreditMinor(creditGained)
                .setCustomerCreditAppliedMinor(creditApplied)
                .setUsageLines(usage)
                .setArOutstandingFunctionalMinor(entry == null ? 0 : arFunctional(entry))
                .setPointInTimeRevenueMinor(pointInTime)
                .setRatableLines(ratable)
                .setVoided(false)
                .setPaidMinor(0L)
                .setCreditedMinor(0L)
                .setRefundedMinor(0L)
                .setRevenueCreditedMinor(0L)
                .setPaymentIds(new ArrayList<>())
                .setCreditNoteIds(new ArrayList<>())
                .setRefundIds(new ArrayList<>())
                .setDisputes(new ArrayList<>())
                .setDocuments(new ArrayList<>())
                .setRecognizedThrough(null)
                .setPostedEntries(new ArrayList<>())
                .build();
    }

    /**
     * The customer credit balance an invoice uses: with a negative starting balance (the customer holds a credit),
     * what separates the total from the amount due, never more than the total or the balance.
     */
    static long creditApplied(BillingInvoice invoice) {
        long total = invoice.getTotalMinor();
        if (invoice.getStartingBalanceMinor() >= 0 || invoice.getAmountDueMinor() == null || total <= 0) {
            return 0;
        }
        long applied = total - invoice.getAmountDueMinor();
        return Math.max(0, Math.min(applied, Math.min(total, -invoice.getStartingBalanceMinor())));
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
                .setRecognizedMinor(0L)
                .setCreditedMinor(0L)
                .setReplanned(false)
                .setStopped(false)
                .setReplanBaseMinor(0L)
                .setReplanFromMonths(0)
                .setRecognizedMonths(new ArrayList<>())
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
