package io.ledgerline.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store as one unit of work (a record, a clock tick) sees it: what the work wrote is read back from memory, and each
 * key is written to the store once when the work is done, so a value changed by several steps of one record is not
 * encoded and changelogged after each of them. The work owns the values it reads: it may change them in place.
 */
final class UnitOfWorkWrites<V> {

    private final KeyValueStore<String, V> store;
    private final Map<String, V> written = new LinkedHashMap<>();

    UnitOfWorkWrites(KeyValueStore<String, V> store) {
        this.store = store;
    }

    V get(String key) {
        V value = written.get(key);
        return value != null ? value : store.get(key);
    }

    void put(String key, V value) {
        written.put(key, value);
    }

    /** Writes what the work wrote, once per key, in the order first written. */
    void commit() {
        written.forEach(store::put);
        written.clear();
    }

    /** Forgets what the work wrote: after a failure nothing half-done may reach the store. */
    void discard() {
        written.clear();
    }
}
