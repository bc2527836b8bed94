package io.ledgerline.waits;

/**
 * Why an event cannot be processed yet. Master-data problems and invalid documents raise an exception at once:
 * someone has to fix something (in a running pipeline at the second clock tick, so master data still in flight beside
 * the event raises nothing; see {@link ExceptionQueue#park}). Waits for another event (a payment before its invoice)
 * are normal in a system that delivers out of order, so they raise an exception only when they outlast the grace
 * period.
 */
public enum Reason {
    UNKNOWN_CROSSWALK(true),
    UNKNOWN_LEGAL_ENTITY(true),
    UNMAPPED_PRODUCT(true),
    UNMAPPED_ROLE(true),
    NO_ACCOUNTING_PERIOD(true),
    CLOSED_PERIOD(true),
    MISSING_FX_RATE(true),
    UNKNOWN_CURRENCY(true),
    CDC_GAP(true),
    INVALID_DOCUMENT(true),
    CONFLICTING_EVENT(true),
    CONFLICTING_CROSSWALK(true),
    /** The ERP rejected a journal entry; it waits for the ERP to post it. */
    ERP_REJECTED(true),
    /** The ERP reported two outcomes that cannot both be true (a rejection after a posting, two document numbers). */
    CONFLICTING_POSTING_RESULT(true),
    /** A posting result names an entry its account's ledger never journaled. */
    UNKNOWN_JOURNAL_ENTRY(true),
    /**
     * An account's billing documents and its journal disagree (recognized + deferred is not billed less refunds and
     * lost disputes, AR is not what the invoices have open, ...): not an event that waits, a state that is wrong.
     * Released when the figures agree again; an operator may dismiss it.
     */
    RECONCILIATION_IDENTITY(true),
    AWAITING_INVOICE(false),
    AWAITING_PAYMENT(false),
    AWAITING_SUBSCRIPTION(false),
    UNRESOLVED_IDENTITY(false),
    /**
     * A posting result read before its journal entry was journaled: at the posting-result router before any entry of
     * its source object, in the ledger before the entry itself (a later month of a line already linked).
     */
    AWAITING_JOURNAL_ENTRY(false);

    private final boolean raisesAtOnce;

    Reason(boolean raisesAtOnce) {
        this.raisesAtOnce = raisesAtOnce;
    }

    /** True when the wait is an exception from the start; false when it becomes one after the grace period. */
    public boolean raisesAtOnce() {
        return raisesAtOnce;
    }
}
