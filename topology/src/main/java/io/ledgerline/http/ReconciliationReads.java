package io.ledgerline.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.contract.ContractState;
import io.ledgerline.names.Stores;
import io.ledgerline.outputs.ReconciliationReports;
import io.ledgerline.outputs.StoreEvidence;
import io.ledgerline.reconciliation.CloseReadiness;
import io.ledgerline.reconciliation.ReconciliationFigures;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Reconciliation and close over interactive queries: {@code GET /reconciliation/{accountId}} (the account's records
 * per currency, from its owner's contract state), {@code GET /reconciliation} (every account of the deployment: this
 * instance's and each other instance's) and {@code GET /close/{legalEntity}/{period}} (READY or the blockers, gathered
 * from every instance). A peer that does not answer makes the answer 503, never a READY that missed its part.
 */
final class ReconciliationReads {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerClient peers;
    private final Clock clock;

    ReconciliationReads(KafkaStreams streams, HostInfo self, PeerClient peers, Clock clock) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
        this.clock = clock;
    }

    HttpReply account(HttpCall call) throws InterruptedException {
        String accountId = call.param("accountId");
        try {
            KeyQueryMetadata owner = streams.queryMetadataForKey(Stores.CONTRACTS, accountId, Serdes.String().serializer());
            if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
                return StoreQueries.notReady("the owner of account " + accountId + " is not known yet (rebalancing)");
            }
            if (!owner.activeHost().equals(self)) {
                return PeerClient.isForwarded(call) ? StoreQueries.notReady("account " + accountId + " is moving between instances")
                        : peers.get(owner.activeHost(), "/reconciliation/" + encode(accountId));
            }
            Object state = streams.store(StoreQueryParameters.fromNameAndType(Stores.CONTRACTS, QueryableStoreTypes.<String, Object>keyValueStore())
                    .withPartition(owner.partition())).get(accountId);
            if (state == null) {
                return HttpReply.error(404, "Unknown account " + accountId);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accountId", accountId);
            body.put("currencies", records((ContractState) state));
            return HttpReply.json(200, body);
        } catch (InvalidStateStoreException e) {
            return StoreQueries.notReady("the contract store is not ready: " + e.getMessage());
        }
    }

    HttpReply all(HttpCall call) throws InterruptedException {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (ContractState contract : StoreEvidence.contracts(streams)) {
                records.addAll(records(contract));
            }
        } catch (InvalidStateStoreException e) {
            return StoreQueries.notReady("the contract store is not ready: " + e.getMessage());
        }
        if (!PeerClient.isForwarded(call)) {
            for (HostInfo peer : others()) {
                HttpReply answer = peers.get(peer, "/reconciliation");
                if (answer.status() != 200) {
                    return answer;
                }
                read(answer).path("records").forEach(records::add);
            }
        }
        return HttpReply.json(200, Map.of("records", records));
    }

    HttpReply close(HttpCall call) throws InterruptedException {
        String entity = call.param("legalEntity");
        String period = call.param("period");
        try {
            YearMonth.parse(period);
        } catch (DateTimeParseException e) {
            return HttpReply.error(400, "period " + period + " is not yyyy-MM");
        }
        CloseReadiness.Status local;
        try {
            local = StoreEvidence.local(streams).judge(entity, period);
        } catch (InvalidStateStoreException e) {
            return StoreQueries.notReady("the ledger's stores are not ready: " + e.getMessage());
        }
        List<CloseReadiness.Blocker> blockers = new ArrayList<>(local.blockers());
        boolean noEntries = blockers.removeIf(b -> b.kind().equals("NO_ENTRIES"));
        if (!PeerClient.isForwarded(call)) {
            for (HostInfo peer : others()) {
                HttpReply answer = peers.get(peer, "/close/" + encode(entity) + "/" + encode(period));
                if (answer.status() != 200) {
                    return answer;
                }
                boolean peerHasNone = false;
                for (JsonNode b : read(answer).path("blockers")) {
                    if (b.path("kind").asText().equals("NO_ENTRIES")) {
                        peerHasNone = true;
                    } else {
                        blockers.add(new CloseReadiness.Blocker(b.path("kind").asText(), b.path("id").asText(), b.path("detail").asText()));
                    }
                }
                noEntries &= peerHasNone;
            }
        }
        // an exception without a legal entity lives on one instance but blocks every entity: listed once
        Set<CloseReadiness.Blocker> unique = new LinkedHashSet<>(blockers);
        List<CloseReadiness.Blocker> all = new ArrayList<>(unique);
        if (noEntries) {
            all.add(new CloseReadiness.Blocker("NO_ENTRIES", entity + "/" + period, "no journal entry of " + entity + " is in period " + period));
        }
        return HttpReply.json(200, ReconciliationReports.toJson(new CloseReadiness.Status(entity, period,
                all.isEmpty() ? CloseReadiness.READY : CloseReadiness.BLOCKED, all)));
    }

    private List<JsonNode> records(ContractState contract) {
        return ReconciliationReports.json(ReconciliationFigures.of(contract, clock.instant(), kind -> true, t -> t));
    }

    private List<HostInfo> others() {
        List<HostInfo> out = new ArrayList<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (!instance.hostInfo().equals(self) && instance.stateStoreNames().contains(Stores.CONTRACTS)) {
                out.add(instance.hostInfo());
            }
        }
        return out;
    }

    private static JsonNode read(HttpReply reply) {
        try {
            return HttpReply.JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new IllegalStateException("a peer's answer is not JSON", e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
