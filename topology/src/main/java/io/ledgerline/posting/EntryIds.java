package io.ledgerline.posting;

import io.ledgerline.journal.EntryType;

/**
 * Journal entry ids derived from their source alone (system, object, event kind, version), so a replayed or
 * duplicated event yields the same id and the ERP can reject a second copy.
 */
public final class EntryIds {

    private EntryIds() {
    }

    public static String of(String system, String objectType, String objectId, EntryType kind, String version) {
        return system + ":" + objectType + ":" + objectId + ":" + kind.name() + ":" + version;
    }

    /**
     * The source object an entry id names ({@code system:objectType:objectId}): the same for every entry of one object
     * (an invoice and its reversal, a line's recognition of every month, their revisions). An id not made here is its
     * own source.
     */
    public static String sourceOf(String entryId) {
        int first = entryId.indexOf(':');
        int second = first < 0 ? -1 : entryId.indexOf(':', first + 1);
        int third = second < 0 ? -1 : entryId.indexOf(':', second + 1);
        return third < 0 ? entryId : entryId.substring(0, third);
    }
}
