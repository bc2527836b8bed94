package io.ledgerline.posting;

import io.ledgerline.common.SourceRef;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import java.time.Instant;
import java.util.List;

/**
 * Invoice voided: one REVERSAL entry that mirrors the invoice entry line for line (same accounts, same
 * amounts in both currencies, sides swapped), dated at the void and pointing back with reversesEntryId.
 */
public final class ReversalRule {

    private ReversalRule() {
    }

    public static JournalEntry reverse(JournalEntry original, String eventId, Instant voidedAt, MasterDataView masterData) {
        EntityBook book = masterData.book(original.getLegalEntity());
        PostingPeriod period = book.periodFor(PostingDates.of(voidedAt));
        List<JournalLine> mirrored = original.getLines().stream()
                .map(l -> JournalLine.newBuilder(l).setSide(EntryDraft.opposite(l.getSide())).build())
                .toList();
        SourceRef source = original.getSource();
        return JournalEntry.newBuilder(original)
                .setEntryId(entryId(source.getObjectId()))
                .setEntryType(EntryType.REVERSAL)
                .setPostingDate(period.postingDate().toString())
                .setPostingPeriod(period.period())
                .setOriginalPeriod(period.originalPeriod())
                .setReversesEntryId(original.getEntryId())
                .setSource(new SourceRef(source.getSystem(), source.getObjectType(), source.getObjectId(), eventId))
                .setLines(mirrored)
                .build();
    }

    public static String entryId(String invoiceId) {
        return EntryIds.of("stripe", "invoice", invoiceId, EntryType.REVERSAL, "1");
    }

}
