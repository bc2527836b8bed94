package io.ledgerline.posting;

import io.ledgerline.common.SourceRef;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import io.ledgerline.state.RecognizedMonth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Invoice voided: a REVERSAL entry mirrors the invoice entry line for line (same accounts, same amounts in both
 * currencies, sides swapped), dated at the void, pointing back with reversesEntryId. Revenue already recognized
 * from the invoice is reversed the same way, one REVERSAL per recognition entry, and the schedules stop.
 */
public final class ReversalRule {

    private ReversalRule() {
    }

    /** The reversals of a voided invoice; marks it voided and stops its schedules. */
    public static List<JournalEntry> voidInvoice(InvoiceLedgerState invoice, String eventId, Instant voidedAt, MasterDataView masterData) {
        List<JournalEntry> out = new ArrayList<>();
        String invoiceId = invoice.getInvoice().getInvoiceId();
        if (invoice.getInvoiceEntry() != null) {
            out.add(reverse(invoice.getInvoiceEntry(),
                    EntryIds.of("stripe", "invoice", invoiceId, EntryType.REVERSAL, "1"), eventId, voidedAt, masterData));
        }
        for (RatableLineState line : invoice.getRatableLines()) {
            for (RecognizedMonth month : line.getRecognizedMonths()) {
                if (month.getEntryId() != null) {
                    JournalEntry recognition = RevenueRecognitionRule.rebuild(invoice, line, month, masterData);
                    out.add(reverse(recognition,
                            EntryIds.of("stripe", "line_item", line.getLineId(), EntryType.REVERSAL, month.getMonth()),
                            eventId, voidedAt, masterData));
                }
            }
            line.setStopped(true);
        }
        invoice.setVoided(true);
        invoice.setArOutstandingMinor(0L);
        invoice.setArOutstandingFunctionalMinor(0L);
        return out;
    }

    public static JournalEntry reverse(JournalEntry original, String reversalId, String eventId, Instant at, MasterDataView masterData) {
        EntityBook book = masterData.book(original.getLegalEntity());
        PostingPeriod period = book.periodFor(PostingDates.of(at));
        List<JournalLine> mirrored = original.getLines().stream()
                .map(l -> JournalLine.newBuilder(l).setSide(EntryDraft.opposite(l.getSide())).build())
                .toList();
        SourceRef source = original.getSource();
        return JournalEntry.newBuilder(original)
                .setEntryId(reversalId)
                .setEntryType(EntryType.REVERSAL)
                .setPostingDate(period.postingDate().toString())
                .setPostingPeriod(period.period())
                .setOriginalPeriod(period.originalPeriod())
                .setReversesEntryId(original.getEntryId())
                .setSource(new SourceRef(source.getSystem(), source.getObjectType(), source.getObjectId(), eventId))
                .setLines(mirrored)
                .build();
    }

}
