package io.ledgerline.http;

import io.ledgerline.outputs.AvroJson;
import io.ledgerline.names.Stores;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The read endpoints over interactive queries. An account lives in the partition its id hashes to, so its owner is
 * found with {@code queryMetadataForKey} and asked directly, once; when the owner cannot answer (crashed, restoring,
 * moving), a standby replica of the partition answers instead, saying so and how far behind it is (headers
 * {@code Ledgerline-Replica: standby} and {@code Ledgerline-Standby-Lag}, in records; {@code Ledgerline-Instance} names
 * the instance whose store answered, whichever was asked); without one, 503 with
 * {@code Retry-After}. A transaction timeline is keyed by correlation id but
 * partitioned by account, so no key lookup can name its partition: every local partition is searched, then every
 * other instance.
 */
final class StoreQueries {

    private static final String RETRY_AFTER_SECONDS = "1";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerClient peers;

    StoreQueries(KafkaStreams streams, HostInfo self, PeerClient peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    HttpReply account(HttpCall call) throws InterruptedException {
        String accountId = call.param("accountId");
        String path = "/accounts/" + encode(accountId);
        try {
            KeyQueryMetadata owner = streams.queryMetadataForKey(Stores.CONTRACTS, accountId,
                    Serdes.String().serializer());
            if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
                return notReady("the owner of account " + accountId + " is not known yet (rebalancing)");
            }
            if (STANDBY.equals(call.queryParam("replica"))) {
                return fromStandby(accountId, owner.partition());
            }
            HttpReply answer;
            if (!owner.activeHost().equals(self)) {
                // A forwarded call that still is not ours means the metadata moved under us: let the client retry.
                answer = PeerClient.isForwarded(call) ? notReady("account " + accountId + " is moving between instances")
                        : peers.get(owner.activeHost(), path);
            } else {
                answer = fromActive(accountId, owner.partition());
            }
            if (answer.status() != 503 || PeerClient.isForwarded(call)) {
                return answer;
            }
            for (HostInfo standby : owner.standbyHosts()) {
                HttpReply replica = standby.equals(self) ? fromStandby(accountId, owner.partition())
                        : peers.get(standby, path + "?replica=" + STANDBY);
                if (replica.status() != 503) {
                    return replica;
                }
            }
            return answer;
        } catch (UnknownStateStoreException e) {
            return HttpReply.error(500, "This topology has no store " + Stores.CONTRACTS);
        } catch (InvalidStateStoreException e) {
            return notReady("the contract store is not ready: " + e.getMessage());
        }
    }

    private static final String STANDBY = "standby";
    /** The instance whose store answered ({@code host:port} as advertised), also when another instance was asked. */
    static final String INSTANCE = PeerClient.PASSED_ON + "Instance";

    private String answeredBy() {
        return self.host() + ":" + self.port();
    }

    private HttpReply fromActive(String accountId, int partition) {
        try {
            Object state = store(Stores.CONTRACTS, partition).get(accountId);
            return state == null ? HttpReply.error(404, "Unknown account " + accountId) : found(state).withHeader(INSTANCE, answeredBy());
        } catch (InvalidStateStoreException e) {
            return notReady("the contract store is not ready: " + e.getMessage());
        }
    }

    /** This instance's standby copy of the partition, if it has one, with how far behind the active it is. */
    private HttpReply fromStandby(String accountId, int partition) {
        Long lag = standbyLag(partition);
        if (lag == null) {
            return notReady("no standby of partition " + partition + " of " + Stores.CONTRACTS + " on this instance");
        }
        try {
            StoreQueryParameters<ReadOnlyKeyValueStore<String, Object>> parameters = StoreQueryParameters
                    .fromNameAndType(Stores.CONTRACTS, QueryableStoreTypes.<String, Object>keyValueStore())
                    .withPartition(partition).enableStaleStores();
            Object state = streams.store(parameters).get(accountId);
            HttpReply reply = state == null ? HttpReply.error(404, "Unknown account " + accountId) : found(state).withHeader(INSTANCE, answeredBy());
            return reply.withHeader("Ledgerline-Replica", STANDBY).withHeader("Ledgerline-Standby-Lag", Long.toString(lag));
        } catch (InvalidStateStoreException e) {
            return notReady("the standby of partition " + partition + " is not ready: " + e.getMessage());
        }
    }

    /** How far this instance's copy of the partition is behind its changelog, or null when it holds none. */
    private Long standbyLag(int partition) {
        Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().get(Stores.CONTRACTS);
        LagInfo lag = lags == null ? null : lags.get(partition);
        return lag == null ? null : lag.offsetLag();
    }

    HttpReply transaction(HttpCall call) throws InterruptedException {
        String correlationId = call.param("correlationId");
        try {
            Object timeline = store(Stores.TRANSACTIONS, null).get(correlationId);
            if (timeline != null) {
                return found(timeline);
            }
        } catch (UnknownStateStoreException e) {
            return HttpReply.error(500, "This topology has no store " + Stores.TRANSACTIONS);
        } catch (InvalidStateStoreException e) {
            return notReady("the transaction store is not ready: " + e.getMessage());
        }
        if (!PeerClient.isForwarded(call)) {
            String path = "/transactions/" + encode(correlationId);
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                if (instance.hostInfo().equals(self) || !instance.stateStoreNames().contains(Stores.TRANSACTIONS)) {
                    continue;
                }
                HttpReply answer = peers.get(instance.hostInfo(), path);
                if (answer.status() != 404) {
                    return answer;
                }
            }
        }
        return HttpReply.error(404, "Unknown transaction " + correlationId);
    }

    /** One partition of a store, or all local partitions when {@code partition} is null. */
    private ReadOnlyKeyValueStore<String, Object> store(String name, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, Object>> parameters =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Object>keyValueStore());
        return streams.store(partition == null ? parameters : parameters.withPartition(partition));
    }

    private static HttpReply found(Object value) {
        if (value instanceof IndexedRecord record) {
            return HttpReply.json(200, AvroJson.toJson(record));
        }
        return HttpReply.json(200, value);
    }

    static HttpReply notReady(String message) {
        return HttpReply.error(503, message).withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
