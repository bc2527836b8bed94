package io.ledgerline.deploy.support;

import io.ledgerline.names.Topics;
import io.ledgerline.runtime.ExportFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every topic of a Ledgerline deployment, from the one catalog in code ({@link Topics}) plus the Connect cluster's own
 * topics named in the production worker config: what the manifests, compose file and connector configs must agree
 * with.
 */
public final class Catalog {

    /** The ERPs the deployment posts to: those of the basic fixtures' legal entities (netsuite, sap). */
    public static final Set<String> ERPS = ExportFiles.erpsOf(BasicJournal.FIXTURES.resolve("erp-masterdata.jsonl"));

    /** The partition count of every Ledgerline topic in the deployment (run's ledgerline.partitions). */
    public static final int PARTITIONS = 12;
    public static final int REPLICAS = 3;

    /**
     * Topics whose key names the latest state of one thing (an exception by id, an account's contract state, an
     * alert by id), compacted so a consumer that starts over still finds every current state.
     */
    public static final Set<String> COMPACTED = Set.of(Topics.EXCEPTIONS, Topics.CONTRACTS, Topics.ALERTS_WORKFLOW,
            Topics.ALERTS_LAG, Topics.RECONCILIATION, Topics.CRM_WRITEBACK);

    private Catalog() {
    }

    /** The application's topics and those of its connectors (GL interface, Connect's dead letters, licence topic). */
    public static List<String> pipelineTopics() {
        List<String> topics = new ArrayList<>(Topics.all(ERPS));
        topics.addAll(Topics.glInterface());
        topics.addAll(Topics.connect());
        return topics;
    }

    /** Connect's config, offset and status topics, from the production worker config. */
    public static List<String> connectInternalTopics() {
        Map<String, String> worker = InProcessConnect.properties("connect/production/worker-distributed.properties");
        return List.of(worker.get("config.storage.topic"), worker.get("offset.storage.topic"),
                worker.get("status.storage.topic"));
    }

    public static Set<String> allTopics() {
        Set<String> all = new TreeSet<>(pipelineTopics());
        all.addAll(connectInternalTopics());
        return all;
    }

    public static Path repoRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }
}
