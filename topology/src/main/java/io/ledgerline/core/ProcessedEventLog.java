package io.ledgerline.core;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.waits.EventFingerprint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Source event ids already processed, with the wall-clock time they were first seen and a fingerprint of their
 * content, so at-least-once redeliveries are dropped and an id re-sent with other content is told apart from a
 * redelivery. Ids are forgotten after {@link #RETENTION}, long past any redelivery window (Stripe retries for three
 * days); a copy arriving later still books nothing twice, because every posting also checks the ledger state it
 * would change.
 */
final class ProcessedEventLog {

    static final Duration RETENTION = Duration.ofDays(35);
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    /** What an event id has been seen as before. */
    enum Seen { FIRST_TIME, REDELIVERY, CONFLICTING }

    private final KeyValueStore<String, String> store;

    ProcessedEventLog(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Records the event id with its fingerprint the first time; afterwards tells a redelivery from a conflict. */
    Seen seen(CanonicalEvent event, long nowMillis) {
        String fingerprint = EventFingerprint.of(event);
        String before = store.putIfAbsent(event.getEventId(), nowMillis + " " + fingerprint);
        if (before == null) {
            return Seen.FIRST_TIME;
        }
        return before.endsWith(" " + fingerprint) ? Seen.REDELIVERY : Seen.CONFLICTING;
    }

    /** Forgets ids first seen before {@code nowMillis - RETENTION}; returns how many. */
    int purge(long nowMillis) {
        long cutoff = nowMillis - RETENTION.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (Long.parseLong(kv.value.substring(0, kv.value.indexOf(' '))) < cutoff) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(store::delete);
        return expired.size();
    }
}
