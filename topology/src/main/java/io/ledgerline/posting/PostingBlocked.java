package io.ledgerline.posting;

import io.ledgerline.waits.Reason;
import io.ledgerline.waits.WaitKey;

/**
 * A posting cannot be made yet because something it needs is missing (master data, a mapping, an open period, an
 * earlier event). The event waits for {@link #waitingFor()} and is retried when it arrives.
 */
public final class PostingBlocked extends RuntimeException {

    private final Reason reason;
    private final WaitKey waitingFor;

    public PostingBlocked(Reason reason, String message, WaitKey waitingFor) {
        super(message, null, false, false);
        this.reason = reason;
        this.waitingFor = waitingFor;
    }

    public Reason reason() {
        return reason;
    }

    public WaitKey waitingFor() {
        return waitingFor;
    }
}
