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
}
