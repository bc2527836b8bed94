package io.ledgerline.ledger;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.waits.Reason;
import io.ledgerline.waits.WaitKey;
import java.util.List;
import java.util.Map;

/** What one event (or one clock tick) did to the ledger: booked with its changes, or waiting for something. */
public sealed interface LedgerResult {

    /**
     * The event was processed. Its changes are all or nothing: nothing of a step that ends up waiting is kept.
     *
     * @param entries             journal entries to publish, in order
     * @param invoices            invoices whose state changed, to save (and whose schedules to publish)
     * @param paymentIntentLinks  payment intent to invoice, for refunds that arrive later
     * @param steps               the event on its transaction's timeline
     * @param released            waits this event ends: events parked under these keys are retried
     */
    record Booked(List<JournalEntry> entries, List<InvoiceLedgerState> invoices, Map<String, String> paymentIntentLinks,
                  List<TimelineStep> steps, List<WaitKey> released) implements LedgerResult {

        public static Booked nothing() {
            return new Booked(List.of(), List.of(), Map.of(), List.of(), List.of());
        }
    }

    /** The event cannot be processed until {@code waitingFor} arrives. */
    record Waiting(Reason reason, String message, WaitKey waitingFor) implements LedgerResult {
    }
}
