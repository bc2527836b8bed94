package io.ledgerline.core;

import io.ledgerline.contract.ContractState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The contract states the record in hand (or a clock tick) works on, each decoded once and saved once when the work is
 * done: one event may change its account's contract several times (its own projection, then each entry it books), and a
 * tick recognizes every invoice of an account, so saving after each change would encode, changelog, publish and
 * reconcile the same contract again and again.
 */
final class OpenContracts {

    /** The state as stored when the work began, and the copy the work changes. */
    private record Opened(ContractState before, ContractState working) {
    }

    private final KeyValueStore<String, ContractState> store;
    private final Map<String, Opened> opened = new LinkedHashMap<>();

    OpenContracts(KeyValueStore<String, ContractState> store) {
        this.store = store;
    }

    /** The account's contract to change, empty if the account has none yet. */
    ContractState open(String accountId) {
        Opened known = opened.get(accountId);
        return known != null ? known.working() : open(accountId, store.get(accountId));
    }

    /** The account's contract to change, only if it has one. */
    Optional<ContractState> openIfKnown(String accountId) {
        Opened known = opened.get(accountId);
        if (known != null) {
            return Optional.of(known.working());
        }
        ContractState before = store.get(accountId);
        return before == null ? Optional.empty() : Optional.of(open(accountId, before));
    }

    private ContractState open(String accountId, ContractState before) {
        // a second get decodes an independent copy: the work must not change what it is compared with
        ContractState working = before == null ? ContractProjection.empty(accountId) : store.get(accountId);
        opened.put(accountId, new Opened(before, working));
        return working;
    }

    /** The account's contract as the work has it so far, without opening it. */
    Optional<ContractState> find(String accountId) {
        Opened known = opened.get(accountId);
        return known != null ? Optional.of(known.working()) : Optional.ofNullable(store.get(accountId));
    }

    /** Hands every opened contract to {@code save} (state before the work, state after it), in the order opened. */
    void saveAll(BiConsumer<ContractState, ContractState> save) {
        List<Opened> done = new ArrayList<>(opened.values());
        opened.clear();
        done.forEach(o -> save.accept(o.before(), o.working()));
    }

    /** Drops the work: after a failure nothing half-done may be saved by the next record. */
    void discard() {
        opened.clear();
    }
}
