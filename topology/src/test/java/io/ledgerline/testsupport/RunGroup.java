package io.ledgerline.testsupport;

import io.ledgerline.http.SchemaRegistryServer;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instances of {@code run} as OS processes of one application, on a broker and a schema registry in this JVM: what
 * the multi-instance tests share. Every instance has one standby replica per task, a 10 s session and static
 * membership; the ERP's posting loop is not watched (no ERP reports results here, so every entry would wait).
 */
public final class RunGroup implements AutoCloseable {

    private final Path jar;
    private final Path work;
    private final String applicationId;
    private final EmbeddedKafkaCluster cluster;
    private final SchemaRegistryServer registry;
    private final List<RunProcess> instances = new ArrayList<>();

    /** Starts the broker with every Ledgerline topic of {@code erps} at {@code partitions}, and the registry. */
    public RunGroup(Path jar, Path work, String applicationId, Set<String> erps, int partitions) throws IOException {
        this.jar = jar;
        this.work = work;
        this.applicationId = applicationId;
        this.cluster = EmbeddedKafkaCluster.start();
        try {
            cluster.createTopics(Topics.all(erps), partitions);
            this.registry = SchemaRegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1", 0);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Adds (but does not start) an instance; {@code settings} go over the group's own. */
    public RunProcess add(Map<String, String> settings) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("LEDGERLINE_SCHEMA_REGISTRY_URL", registry.url());
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        // a warm copy of every task on another instance: queries fall back to it while the active is gone
        env.put("KAFKA_NUM_STANDBY_REPLICAS", "1");
        env.put("KAFKA_REPLICATION_FACTOR", "1");
        env.put("LEDGERLINE_ALERTS_JOURNAL___NOT___POSTED", "off");
        env.putAll(settings);
        RunProcess instance = new RunProcess(jar, work, applicationId, instances.size(), env);
        instances.add(instance);
        return instance;
    }

    public List<RunProcess> instances() {
        return List.copyOf(instances);
    }

    public EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    /** The topology's serde settings against this group's registry. */
    public Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
    }

    /** Copies the instances' logs to {@code dir}: a failure at full size takes half an hour to repeat. */
    public void keepLogs(Path dir) {
        try {
            Files.createDirectories(dir);
            for (RunProcess i : instances) {
                if (Files.exists(i.log())) {
                    Files.copy(i.log(), dir.resolve(i.log().getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.err.println("could not keep the instance logs in " + dir.toAbsolutePath() + ": " + e);
        }
    }

    /** Stops every instance (SIGTERM, then SIGKILL), then the registry and the broker. */
    @Override
    public void close() throws InterruptedException {
        try {
            for (RunProcess i : instances) {
                i.stop();
            }
        } finally {
            registry.close();
            cluster.close();
        }
    }
}
