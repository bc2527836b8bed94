package io.ledgerline.runtime;

import io.ledgerline.names.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft cluster (one combined broker + controller) inside this JVM, for {@code process}, {@code demo}
 * and integration tests, listening on 127.0.0.1 only. Like Kafka's own streams test cluster it only returns from
 * {@link #start} once it has proved that topics, transactions and consumer groups actually work: a ready broker alone
 * does not mean the group or transaction coordinator can serve requests yet. Likewise {@link #createTopics} returns
 * once every partition accepts writes, not merely once the metadata names a leader.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final String PROBE_NAME = "ledgerline-readiness-probe";
    /** The only address the broker and controller listen on: nothing outside this machine may reach them. */
    static final String HOST = "127.0.0.1";

    private final KafkaClusterTestKit cluster;
    private final Path directory;
    private final boolean deleteDirectoryOnClose;
    private final Admin admin;
    private boolean closed;

    private EmbeddedKafkaCluster(KafkaClusterTestKit cluster, Path directory, boolean deleteDirectoryOnClose) {
        this.cluster = cluster;
        this.directory = directory;
        this.deleteDirectoryOnClose = deleteDirectoryOnClose;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** Broker settings for a one-node cluster; callers may override any of them. */
    public static Map<String, String> defaultBrokerConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        // Without these the group and transaction coordinators wait forever for 3 replicas (FIND_COORDINATOR times out).
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        // 50 partitions each for the coordinator topics are pure start-up cost on one broker.
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.num.partitions", "4");
        // A brand-new consumer group should not wait 3 s for more members.
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.partitions", "1");
        // Every topic is created explicitly with its intended partition count.
        config.put("auto.create.topics.enable", "false");
        // Records carry business time (an invoice of last January), so time-based retention would delete them
        // minutes after they are written: segments roll on timestamp gaps and the retention check drops them.
        config.put("log.retention.ms", "-1");
        return config;
    }

    /** Starts a cluster whose state lives in a temporary directory that is deleted on close. */
    public static EmbeddedKafkaCluster start() {
        return start(null, Map.of());
    }

    /**
     * Starts a cluster.
     *
     * @param stateDirectory where the broker keeps its logs and metadata; {@code null} for a temporary directory that
     *                       is deleted on close (a given directory is kept)
     * @param brokerOverrides broker settings applied over {@link #defaultBrokerConfig()}
     */
    public static EmbeddedKafkaCluster start(Path stateDirectory, Map<String, String> brokerOverrides) {
        return start(stateDirectory, brokerOverrides, Map.of());
    }

    /**
     * Starts a cluster with listeners beside the PLAINTEXT one that {@link #bootstrapServers()} names (and this
     * object's own clients use), e.g. {@code {"MTLS": SSL, "SCRAM": SASL_SSL}}: each on 127.0.0.1 at a free port (see
     * {@link #bootstrapServers(String)}), configured through {@code brokerOverrides} (global {@code ssl.*} or
     * {@code listener.name.<name>.*}).
     */
    public static EmbeddedKafkaCluster start(Path stateDirectory, Map<String, String> brokerOverrides,
                                             Map<String, SecurityProtocol> extraListeners) {
        long started = System.nanoTime();
        boolean temporary = stateDirectory == null;
        Path directory;
        try {
            directory = temporary ? Files.createTempDirectory("ledgerline-kafka-") : Files.createDirectories(stateDirectory);
        } catch (IOException e) {
            throw new KafkaException("Cannot create the embedded broker's state directory " + stateDirectory, e);
        }
        KafkaClusterTestKit testKit = null;
        EmbeddedKafkaCluster embedded = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(directory)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
            Map<String, String> config = defaultBrokerConfig();
            // the test kit's default is localhost; its pre-bound sockets are rebound to this address below
            StringBuilder listeners = new StringBuilder(nodes.brokerListenerName().value() + "://" + HOST + ":0,"
                    + nodes.controllerListenerName().value() + "://" + HOST + ":0");
            StringBuilder protocols = new StringBuilder(nodes.brokerListenerName().value() + ":"
                    + nodes.brokerListenerProtocol().name + "," + nodes.controllerListenerName().value() + ":"
                    + nodes.controllerListenerProtocol().name);
            extraListeners.forEach((name, protocol) -> {
                listeners.append(',').append(name).append("://").append(HOST).append(":0");
                protocols.append(',').append(name).append(':').append(protocol.name);
            });
            config.put("listeners", listeners.toString());
            if (!extraListeners.isEmpty()) {
                config.put("listener.security.protocol.map", protocols.toString());
            }
            config.putAll(brokerOverrides);
            config.forEach(builder::setConfigProp);
            testKit = builder.build();
            LoopbackSockets.rebind(testKit, HOST);
            formatQuietly(testKit);
            testKit.startup();
            testKit.waitForReadyBrokers();
            embedded = new EmbeddedKafkaCluster(testKit, directory, temporary);
            embedded.verifyClusterReadiness();
            log.info("Embedded Kafka started on {} in {} ms", embedded.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return embedded;
        } catch (Exception e) {
            if (embedded != null) {
                embedded.close();
            } else {
                closeQuietly(testKit);
                if (temporary) {
                    deleteQuietly(directory);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new KafkaException("Failed to start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    // format() prints the bootstrap metadata to System.out, which is the CLI's output channel: log it instead.
    private static void formatQuietly(KafkaClusterTestKit testKit) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            testKit.format();
        } finally {
            System.setOut(stdout);
            log.debug("Formatted the embedded broker's storage: {}", captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    public String bootstrapServers() {
        // the test kit says localhost, which may resolve to ::1 first: name the address the broker listens on
        return cluster.bootstrapServers().replace("localhost:", HOST + ":");
    }

    /** {@code 127.0.0.1:port} of a listener added at start ({@link #start(Path, Map, Map)}). */
    public String bootstrapServers(String listenerName) {
        return HOST + ":" + cluster.brokers().values().iterator().next().boundPort(new ListenerName(listenerName));
    }

    /** Client settings that reach this cluster; add serializers, group id etc. as needed. */
    public Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** An admin client shared by this cluster object; do not close it. */
    public Admin admin() {
        return admin;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are, whatever their partition count)
     * and waits until every partition of every named topic has a leader. New topics get
     * {@link Topics#REQUIRED_TOPIC_CONFIG} (unlimited retention, records up to {@link Topics#MAX_RECORD_BYTES}).
     */
    public void createTopics(Collection<String> names, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        List<String> topics = names.stream().distinct().toList();
        if (topics.isEmpty()) {
            return;
        }
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(Topics.REQUIRED_TOPIC_CONFIG))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    // A concurrent creator won the race: fine, creation is idempotent by contract.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(topics);
            awaitWritable(topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating topics " + topics, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaException("Cannot create topics " + topics + ": " + cause, cause);
        }
    }

    // Producing before leader election completes is the classic source of slow, flaky starts.
    private void awaitLeaders(List<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader after " + ADMIN_TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the leader of every partition serves requests. The metadata names a leader as soon as the controller
     * elected it, slightly before the broker has made itself leader of the partition; a producer that starts in
     * between gets NOT_LEADER_OR_FOLLOWER and retries. ListOffsets goes to the leader's replica manager, exactly like
     * a produce request, and the admin client retries it until the leader answers.
     */
    private void awaitWritable(List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
        descriptions.forEach((topic, description) -> description.partitions()
                .forEach(p -> partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs((int) ADMIN_TIMEOUT.toMillis()))
                .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Creates a probe topic, produces one record in a transaction and consumes it read_committed in a consumer group,
     * then removes the probe topic and group.
     */
    private void verifyClusterReadiness() throws Exception {
        createTopics(List.of(PROBE_NAME), 1);
        Map<String, Object> producerConfig = new LinkedHashMap<>(clientConfig());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, PROBE_NAME);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(PROBE_NAME, "probe".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
        }
        Map<String, Object> consumerConfig = new LinkedHashMap<>(clientConfig());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, PROBE_NAME);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(PROBE_NAME));
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            int received = 0;
            while (received == 0) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the readiness probe record was not consumed within " + PROBE_TIMEOUT);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                received = records.count();
            }
            consumer.commitSync();
        }
        admin.deleteConsumerGroups(List.of(PROBE_NAME)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        admin.deleteTopics(List.of(PROBE_NAME)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the broker and, if its directory was temporary, deletes it. Close every client of this cluster first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        closeQuietly(cluster);
        if (deleteDirectoryOnClose) {
            deleteQuietly(directory);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit testKit) {
        if (testKit == null) {
            return;
        }
        try {
            testKit.close();
        } catch (Exception e) {
            log.warn("Embedded Kafka did not shut down cleanly: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", directory, e.toString());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + (closed ? "closed" : bootstrapServers()) + ", " + directory + "]";
    }
}
