package io.ledgerline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.names.Stores;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.outputs.AvroJson;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads of the exception queue. Exceptions are keyed by exception id but partitioned by account, so no key lookup
 * names their partition: every local partition of every exception store is read, then every other instance once
 * (forwarded calls answer from local stores only). A store this topology does not have is skipped, so the queue works
 * whichever exception stores the topology defines.
 */
final class ExceptionReads {

    /** One exception as JSON, with what the command path needs to know of it. */
    record Found(ObjectNode exception) {
        String status() {
            return exception.path("status").asText();
        }

        /** The command topic's key: the exception's account, or its source object while the account is unknown. */
        String commandKey() {
            JsonNode account = exception.get("accountId");
            return account != null && !account.isNull() ? account.asText() : exception.path("source").path("objectId").asText();
        }

        /** What the exception waits for, so an identity level's exception reaches that level. */
        String waitingFor() {
            JsonNode waitingFor = exception.get("waitingFor");
            return waitingFor != null && !waitingFor.isNull() ? waitingFor.asText() : null;
        }

        boolean hasCommand(String commandId) {
            for (JsonNode change : exception.path("history")) {
                if (commandId.equals(change.path("commandId").asText(null))) {
                    return true;
                }
            }
            return false;
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerClient peers;

    ExceptionReads(KafkaStreams streams, HostInfo self, PeerClient peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    /** {@code GET /exceptions}: one page of the merged queue, with {@code partial} and what is missing from it. */
    HttpReply list(HttpCall call) throws InterruptedException {
        ExceptionQuery query;
        try {
            query = ExceptionQuery.of(call);
        } catch (IllegalArgumentException e) {
            return HttpReply.error(400, e.getMessage());
        }
        List<ObjectNode> matches = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        long total = 0;
        for (String store : Stores.exceptionStores()) {
            try {
                total += readAll(store, query, matches);
            } catch (InvalidStateStoreException e) {
                missing.add(self.host() + ":" + self.port() + " " + store + ": " + e.getMessage());
            }
        }
        if (!PeerClient.isForwarded(call)) {
            String path = "/exceptions?" + query.forPeers().queryString();
            for (HostInfo peer : otherInstances()) {
                HttpReply answer = peers.get(peer, path);
                try {
                    JsonNode page = HttpReply.JSON.readTree(answer.body());
                    if (answer.status() != 200) {
                        missing.add(peer.host() + ":" + peer.port() + ": " + page.path("error").asText(
                                "HTTP " + answer.status()));
                        continue;
                    }
                    page.path("exceptions").forEach(e -> matches.add((ObjectNode) e));
                    total += page.path("total").asLong();
                    page.path("missing").forEach(m -> missing.add(m.asText()));
                } catch (IOException e) {
                    missing.add(peer.host() + ":" + peer.port() + ": unreadable answer (HTTP " + answer.status() + ")");
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exceptions", query.page(matches));
        body.put("total", total);
        body.put("offset", query.offset());
        body.put("limit", query.limit());
        body.put("partial", !missing.isEmpty());
        body.put("missing", missing);
        return HttpReply.json(200, body);
    }

    /** {@code GET /exceptions/{exceptionId}}. */
    HttpReply show(HttpCall call) throws InterruptedException {
        String exceptionId = call.param("exceptionId");
        try {
            return find(exceptionId, !PeerClient.isForwarded(call)).map(f -> HttpReply.json(200, f.exception()))
                    .orElseGet(() -> HttpReply.error(404, "Unknown exception " + exceptionId));
        } catch (InvalidStateStoreException e) {
            return StoreQueries.notReady("the exception stores are not ready: " + e.getMessage());
        }
    }

    /**
     * The exception wherever it is held: the local stores, then (if {@code askPeers}) every other instance.
     *
     * @throws InvalidStateStoreException when a local store is not queryable (rebalancing)
     */
    Optional<Found> find(String exceptionId, boolean askPeers) throws InterruptedException {
        for (String name : Stores.exceptionStores()) {
            try {
                PipelineException exception = store(name).get(exceptionId);
                if (exception != null) {
                    return Optional.of(new Found(AvroJson.toJson(exception)));
                }
            } catch (UnknownStateStoreException e) {
                // not in this topology
            }
        }
        if (askPeers) {
            String path = "/exceptions/" + URLEncoder.encode(exceptionId, StandardCharsets.UTF_8).replace("+", "%20");
            for (HostInfo peer : otherInstances()) {
                HttpReply answer = peers.get(peer, path);
                if (answer.status() == 200) {
                    try {
                        return Optional.of(new Found((ObjectNode) HttpReply.JSON.readTree(answer.body())));
                    } catch (IOException e) {
                        throw new IllegalStateException("Instance " + peer + " sent an unreadable exception", e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Adds the matches of one store's local partitions; returns how many there were, 0 if the store is unknown. */
    private long readAll(String name, ExceptionQuery query, List<ObjectNode> matches) {
        long count = 0;
        try (KeyValueIterator<String, PipelineException> all = store(name).all()) {
            while (all.hasNext()) {
                ObjectNode exception = AvroJson.toJson(all.next().value);
                if (query.matches(exception)) {
                    matches.add(exception);
                    count++;
                }
            }
        } catch (UnknownStateStoreException e) {
            return 0;
        }
        return count;
    }

    private List<HostInfo> otherInstances() {
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            boolean holdsExceptions = instance.stateStoreNames().stream().anyMatch(Stores.exceptionStores()::contains);
            if (!instance.hostInfo().equals(self) && holdsExceptions) {
                others.add(instance.hostInfo());
            }
        }
        return others;
    }

    private ReadOnlyKeyValueStore<String, PipelineException> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<String, PipelineException>keyValueStore()));
    }
}
