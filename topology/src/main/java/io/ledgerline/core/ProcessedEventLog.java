package io.ledgerline.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Source event ids already processed, with the wall-clock time they were first seen, so at-least-once
 * redeliveries are dropped. Ids are forgotten after {@link #RETENTION}, long past any redelivery window (Stripe
 * retries for three days); a copy arriving later still books nothing twice, because every posting also checks
 * the ledger state it would change.
 */
final class ProcessedEventLog {

    static final Duration RETENTION = Duration.ofDays(35);
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final KeyValueStore<String, Long> store;

    ProcessedEventLog(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Records the event id; false when it was seen before. */
    boolean firstTime(String eventId, long nowMillis) {
        return store.putIfAbsent(eventId, nowMillis) == null;
    }

    /** Forgets ids first seen before {@code nowMillis - RETENTION}; returns how many. */
    int purge(long nowMillis) {
        long cutoff = nowMillis - RETENTION.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value < cutoff) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(store::delete);
        return expired.size();
    }
}
