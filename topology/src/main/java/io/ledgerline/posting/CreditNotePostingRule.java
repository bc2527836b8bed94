package io.ledgerline.posting;

import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.CreditNoteLine;
import io.ledgerline.canonical.InvoiceLine;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import java.time.LocalDate;

/**
 * Credit note: credit AR with the note's total; debit, per credited line, DEFERRED_REVENUE for what of a ratable
 * line is still deferred and REVENUE for the rest (point-in-time and unlinked lines: REVENUE), and TAX_PAYABLE
 * with the tax. All at the invoice's rate, since that is the rate AR and deferred revenue are carried at. A
 * credited ratable line's remaining months are re-planned from its reduced deferred balance.
 */
public final class CreditNotePostingRule {

    private CreditNotePostingRule() {
    }

    /** The CREDIT_NOTE entry; records the credit on {@code invoice} and its lines. */
    public static JournalEntry post(CreditNote note, String eventId, InvoiceLedgerState invoice,
                                    String erpCustomerId, MasterDataView masterData) {
        EntityBook book = masterData.book(invoice.getLegalEntity());
        ExchangeRate rate = RevenueRecognitionRule.invoiceRate(invoice);
        LocalDate date = PostingDates.of(note.getEffectiveAt());
        String label = note.getNumber() != null ? note.getNumber() : note.getCreditNoteId();
        EntryDraft draft = EntryDraft.againstInvoice(book, EntryType.CREDIT_NOTE, rate, date, invoice, "credit_note",
                note.getCreditNoteId(), eventId, erpCustomerId);
        for (CreditNoteLine line : note.getLines()) {
            long credit = line.getAmountMinor();
            RatableLineState ratable = DeferredBalances.line(invoice, line.getInvoiceLineId());
            if (ratable != null) {
                long deferred = credit > 0 ? Math.min(credit, Math.max(ratable.getDeferredMinor(), 0)) : 0;
                long deferredFunctional = DeferredBalances.take(ratable, deferred, rate);
                draft.line(Role.DEFERRED_REVENUE, Side.DEBIT, deferred, deferredFunctional, ratable.getProductId(), "credit " + label);
                draft.debit(Role.REVENUE, credit - deferred, ratable.getProductId(), "credit " + label);
                ratable.setCreditedMinor(ratable.getCreditedMinor() + credit);
                invoice.setRevenueCreditedMinor(invoice.getRevenueCreditedMinor() + credit - deferred);
            } else {
                draft.debit(Role.REVENUE, credit, productOf(invoice, line.getInvoiceLineId()), "credit " + label);
                invoice.setRevenueCreditedMinor(invoice.getRevenueCreditedMinor() + credit);
            }
        }
        draft.debit(Role.TAX_PAYABLE, note.getTaxMinor(), null, "tax on " + label);
        long arFunctional = rate.convert(note.getTotalMinor());
        draft.line(Role.AR, Side.CREDIT, note.getTotalMinor(), arFunctional, "credit " + label);
        JournalEntry entry = draft.build();
        invoice.setCreditedMinor(invoice.getCreditedMinor() + note.getTotalMinor());
        invoice.setArOutstandingMinor(invoice.getArOutstandingMinor() - note.getTotalMinor());
        invoice.setArOutstandingFunctionalMinor(invoice.getArOutstandingFunctionalMinor() - arFunctional);
        invoice.setCreditNoteIds(Lists.with(invoice.getCreditNoteIds(), note.getCreditNoteId()));
        return entry;
    }

    private static String productOf(InvoiceLedgerState invoice, String invoiceLineId) {
        return invoice.getInvoice().getLines().stream()
                .filter(l -> l.getLineId().equals(invoiceLineId))
                .map(InvoiceLine::getProductId)
                .findFirst().orElse(null);
    }
}
