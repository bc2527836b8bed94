package io.ledgerline.core;

import io.ledgerline.state.InvoiceLedgerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's invoices a clock tick may have to recognize, in memory: every invoice that can recognize revenue (not
 * voided, with ratable lines) by id, with the instant it is recognized through (null before its first recognition).
 * A tick finds its due invoices here and decodes only those, instead of every invoice state of the task, most of which
 * are not due in a month already recognized. Built from the invoice store when the task starts (after its restore) and
 * told of every invoice state the ledger saves, so it says what the store says.
 */
final class RecognitionIndex {

    /** The due invoices of one slice of a tick, and where the slice stopped if invoices are left after it. */
    record Slice(List<String> due, String stoppedAfter) {
    }

    private final NavigableMap<String, Instant> recognizedThrough = new TreeMap<>();

    static RecognitionIndex of(KeyValueStore<String, InvoiceLedgerState> invoices) {
        RecognitionIndex index = new RecognitionIndex();
        try (KeyValueIterator<String, InvoiceLedgerState> it = invoices.all()) {
            it.forEachRemaining(kv -> index.saved(kv.value));
        }
        return index;
    }

    /** The invoice's state as just saved to the store. */
    void saved(InvoiceLedgerState invoice) {
        String id = invoice.getInvoice().getInvoiceId();
        if (invoice.getVoided() || invoice.getRatableLines().isEmpty()) {
            recognizedThrough.remove(id);
        } else {
            recognizedThrough.put(id, invoice.getRecognizedThrough());
        }
    }

    /**
     * The due invoices after {@code after} (from the first when null), in id order, at most {@code maxDue} of them and
     * looking at no more than {@code maxScanned}.
     *
     * @param due whether an invoice recognized through an instant (null: never) is due
     */
    Slice slice(String after, Predicate<Instant> due, int maxDue, int maxScanned) {
        Map<String, Instant> rest = after == null ? recognizedThrough : recognizedThrough.tailMap(after, false);
        List<String> found = new ArrayList<>();
        String last = null;
        int scanned = 0;
        Iterator<Map.Entry<String, Instant>> it = rest.entrySet().iterator();
        while (it.hasNext() && found.size() < maxDue && scanned < maxScanned) {
            Map.Entry<String, Instant> invoice = it.next();
            scanned++;
            last = invoice.getKey();
            if (due.test(invoice.getValue())) {
                found.add(invoice.getKey());
            }
        }
        return new Slice(found, it.hasNext() ? last : null);
    }

    int size() {
        return recognizedThrough.size();
    }
}
