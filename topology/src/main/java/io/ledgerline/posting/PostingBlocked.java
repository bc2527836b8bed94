package io.ledgerline.posting;

/**
 * A posting cannot be made yet because something it needs is missing (master data, a mapping, an open period).
 * The event is parked under {@link #waitingFor()} and retried when a record with that key (or a key it prefixes) arrives.
 */
public final class PostingBlocked extends RuntimeException {

    private final String reason;
    private final String waitingFor;

    public PostingBlocked(String reason, String message, String waitingFor) {
        super(message, null, false, false);
        this.reason = reason;
        this.waitingFor = waitingFor;
    }

    /** Machine-readable reason code, e.g. UNMAPPED_PRODUCT. */
    public String reason() {
        return reason;
    }

    /** The master-data key whose arrival may unblock the posting. */
    public String waitingFor() {
        return waitingFor;
    }
}
