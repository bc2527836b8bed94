package io.ledgerline.ingest;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.state.CrmRecordState;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of applying one CDC change to one record: the record's new state (to store) and the canonical event
 * to emit, if any.
 */
public record CrmMerge(CrmRecordState state, Optional<CanonicalEvent> event) {
    public CrmMerge {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
    }
}
