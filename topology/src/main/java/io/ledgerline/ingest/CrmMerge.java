package io.ledgerline.ingest;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.state.CrmRecordState;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of applying one CDC change to one record: the record's new state (to store) and what to emit, if
 * anything: a canonical event, or, for a Contract, its state (which travels on a topic of its own, see
 * {@link CrmContract}). At most one of the two is present.
 */
public record CrmMerge(CrmRecordState state, Optional<CanonicalEvent> event, Optional<CrmContract> contract) {
    public CrmMerge {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(contract, "contract");
    }

    public CrmMerge(CrmRecordState state, Optional<CanonicalEvent> event) {
        this(state, event, Optional.empty());
    }

    /** True when the change only updated the stored record. */
    public boolean emitsNothing() {
        return event.isEmpty() && contract.isEmpty();
    }
}
