package io.ledgerline.core;

import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.posting.MasterDataView;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The task's durable copy of the master data, with the in-memory view the posting rules query. */
final class MasterDataStore {

    private final KeyValueStore<String, MasterDataRecord> store;
    private final MasterDataView view = new MasterDataView();

    MasterDataStore(KeyValueStore<String, MasterDataRecord> store) {
        this.store = store;
        try (KeyValueIterator<String, MasterDataRecord> it = store.all()) {
            it.forEachRemaining(kv -> view.apply(kv.value));
        }
    }

    void apply(MasterDataRecord record) {
        if (record.getDeleted()) {
            store.delete(record.getKey());
        } else {
            store.put(record.getKey(), record);
        }
        view.apply(record);
    }

    MasterDataView view() {
        return view;
    }
}
