package io.ledgerline.outputs;

import io.ledgerline.contract.ContractState;
import io.ledgerline.names.Stores;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.reconciliation.CloseReadiness;
import io.ledgerline.state.AlertCondition;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What this instance's partitions hold for reconciliation and close: every contract state, the exception queue and
 * the workflow conditions, read through interactive queries (active stores only). One instance's part of the
 * deployment's {@link CloseReadiness.Evidence}.
 */
public final class StoreEvidence {

    private StoreEvidence() {
    }

    public static List<ContractState> contracts(KafkaStreams streams) {
        List<ContractState> out = new ArrayList<>();
        all(streams, Stores.CONTRACTS, v -> out.add((ContractState) v));
        return out;
    }

    public static CloseReadiness.Evidence local(KafkaStreams streams) {
        CloseReadiness.Evidence evidence = new CloseReadiness.Evidence();
        contracts(streams).forEach(evidence::add);
        for (String store : Stores.exceptionStores()) {
            all(streams, store, v -> evidence.add((PipelineException) v));
        }
        for (String store : Stores.alertStores()) {
            all(streams, store, v -> evidence.add((AlertCondition) v));
        }
        return evidence;
    }

    private static void all(KafkaStreams streams, String store, java.util.function.Consumer<Object> consumer) {
        ReadOnlyKeyValueStore<String, Object> kv = streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, Object>keyValueStore()));
        try (KeyValueIterator<String, Object> it = kv.all()) {
            it.forEachRemaining(e -> consumer.accept(e.value));
        }
    }
}
