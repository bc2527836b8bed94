package io.ledgerline.core;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.state.ParkedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Events that cannot be processed yet, filed under the key they wait for ({@code invoice:in_1},
 * {@code fx_rate:EUR:USD}, ...). Releasing a key hands back its events in business-time order so that the
 * outcome does not depend on the order in which they were parked.
 */
public final class ParkedEventStore {

    /** Events are retried in the order they happened, ties broken by event id, so arrival order never matters. */
    public static final Comparator<ParkedEvent> BUSINESS_TIME_ORDER =
            Comparator.comparing((ParkedEvent p) -> p.getEvent().getEventTime()).thenComparing(p -> p.getEvent().getEventId());

    private static final char SEPARATOR = '\u001f';
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, ParkedEvent> store;

    public ParkedEventStore(KeyValueStore<String, ParkedEvent> store) {
        this.store = store;
    }

    public void park(String waitingFor, String reason, CanonicalEvent event, long now) {
        store.put(waitingFor + SEPARATOR + event.getEventId(), new ParkedEvent(event, reason, waitingFor, Instant.ofEpochMilli(now)));
    }

    /** Removes and returns the events waiting for exactly this key. */
    public List<ParkedEvent> release(String waitingFor) {
        List<KeyValue<String, ParkedEvent>> found = new ArrayList<>();
        try (KeyValueIterator<String, ParkedEvent> it = store.prefixScan(waitingFor + SEPARATOR, PREFIX_SERIALIZER)) {
            it.forEachRemaining(found::add);
        }
        found.forEach(kv -> store.delete(kv.key));
        return found.stream().map(kv -> kv.value).sorted(BUSINESS_TIME_ORDER).toList();
    }

    /**
     * Removes and returns the events a newly arrived master-data record may unblock: those waiting for its key
     * or for any prefix of it at a ':' boundary ({@code fx_rate:EUR:USD:2026-02-01} releases {@code fx_rate:EUR:USD}).
     */
    public List<ParkedEvent> releaseFor(String masterDataKey) {
        List<ParkedEvent> released = new ArrayList<>(release(masterDataKey));
        for (int i = masterDataKey.lastIndexOf(':'); i > 0; i = masterDataKey.lastIndexOf(':', i - 1)) {
            released.addAll(release(masterDataKey.substring(0, i)));
        }
        released.sort(BUSINESS_TIME_ORDER);
        return released;
    }
}
