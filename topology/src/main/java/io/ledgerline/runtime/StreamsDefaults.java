package io.ledgerline.runtime;

import io.ledgerline.errors.DeadLetterDeserializationExceptionHandler;
import io.ledgerline.errors.DeadLetterProcessingExceptionHandler;
import io.ledgerline.names.Topics;
import io.ledgerline.serde.AvroSerdeConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place for Ledgerline's Kafka Streams defaults, shared by {@code process}, {@code demo} and {@code run}.
 * A ledger must neither lose nor duplicate an entry, so the defaults favour safety: exactly-once, fully acknowledged
 * writes, every internal resource explicitly named (so a topology change cannot silently rename a store or
 * changelog), and a client that stops rather than carrying on with a dead thread.
 * <p>
 * Default key/value serdes are deliberately not set: the topology passes a serde at every step, and a missing one
 * should fail loudly instead of falling back to a guess.
 */
public final class StreamsDefaults {

    private static final Logger log = LoggerFactory.getLogger(StreamsDefaults.class);

    /** Short, so outputs of an exactly-once application become visible quickly (a transaction per commit). */
    public static final long COMMIT_INTERVAL_MS = 100L;
    /** The longest a transaction (one commit interval, or one clock tick's recognition) may stay open. */
    public static final long TRANSACTION_TIMEOUT_MS = java.time.Duration.ofMinutes(5).toMillis();
    public static final int DEFAULT_STREAM_THREADS = 1;
    /** Internal topics get the broker's {@code default.replication.factor}. */
    public static final int BROKER_DEFAULT_REPLICATION_FACTOR = -1;
    /** For the single embedded broker. */
    public static final int EMBEDDED_REPLICATION_FACTOR = 1;

    private StreamsDefaults() {
    }

    /** Base configuration with the broker's default replication factor and one stream thread. */
    public static Properties baseConfig(String applicationId, String bootstrapServers, Path stateDir) {
        return baseConfig(applicationId, bootstrapServers, stateDir, BROKER_DEFAULT_REPLICATION_FACTOR,
                DEFAULT_STREAM_THREADS);
    }

    /**
     * @param replicationFactor replication factor of internal topics (changelogs, repartition topics); 1 for the
     *                          embedded broker, {@value #BROKER_DEFAULT_REPLICATION_FACTOR} for the broker default
     * @param streamThreads     number of stream threads in this instance
     */
    // PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG is deprecated only because 5.0 makes "true" the default.
    @SuppressWarnings("deprecation")
    public static Properties baseConfig(String applicationId, String bootstrapServers, Path stateDir,
                                        int replicationFactor, int streamThreads) {
        requireText(applicationId, "applicationId");
        requireText(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1, got " + streamThreads);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("replicationFactor must be -1 (broker default) or positive, got "
                    + replicationFactor);
        }
        // String values only: Properties.getProperty (used on copies inside Kafka) ignores anything else.
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(COMMIT_INTERVAL_MS));
        // A core task reads five topics, and the clock and command topics are empty most of the time: waiting for
        // them to be fetched before each record only costs (about a tenth of the stream thread's CPU, bench profile).
        // Nothing depends on which topic's record a task takes first: the ledger parks and releases in any order, and
        // a clock tick is only sent once everything before it has been consumed (CaughtUpClock, process's drain).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // Exactly-once already implies acks=all; stated explicitly so no override can weaken it unnoticed.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // Under transaction protocol v2 the first produce after a commit may meet CONCURRENT_TRANSACTIONS while the
        // coordinator still writes the previous markers; with several requests in flight per partition, the retry of
        // one and the next behind it arrive out of order: OUT_OF_ORDER_SEQUENCE_NUMBER, broker ERROR lines and a
        // retry loop. One request in flight per connection keeps the sequence in order.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), "1");
        // A clock tick is one record: it recognizes every due invoice of its task in one transaction. Streams' 10 s
        // exactly-once default let the coordinator abort the tick after a backlog of 200,000 records (8,000 accounts
        // on 4 tasks), fence the producer, and the restored task ran the same tick into the same abort, for ever.
        // The price of a longer timeout: a crashed instance that does not come back holds read_committed readers of
        // its open transaction's partitions until it expires (one that comes back fences it at once).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), Long.toString(TRANSACTION_TIMEOUT_MS));
        // A restore (and a standby) reads a changelog to its end; each fetch that meets the end waits fetch.max.wait.ms
        // (500 ms by default) for more. After a crash a task's stores are restored one batch of tasks after another,
        // so a restart spent half-second waits on changelogs already read (restart to ready 15.8 s instead of 19.2 s
        // at 50 ms, two instances, TwoRunInstancesIT); one poll interval keeps an idle standby's fetches few.
        props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "100");
        // Records up to Topics.MAX_RECORD_BYTES pass through the repartition and changelog topics too.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(Topics.MAX_RECORD_BYTES));
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(Topics.MAX_RECORD_BYTES));
        // internal topics carry business time too (see Topics.REQUIRED_TOPIC_CONFIG)
        props.put(StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG), Long.toString(Long.MAX_VALUE));
        return props;
    }

    /**
     * Sends records that fail deserialization or processing to the dead-letter topic and carries on. The handlers
     * serialize their dead letters themselves, so the registry URL goes into the Streams config as well.
     *
     * @param serdeConfig the topology's serde settings, at least {@code schema.registry.url}
     */
    public static Properties withDeadLetterHandlers(Properties config, Map<String, ?> serdeConfig) {
        Object registryUrl = serdeConfig.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        if (registryUrl == null || registryUrl.toString().isBlank()) {
            throw new IllegalArgumentException(AvroSerdeConfig.SCHEMA_REGISTRY_URL
                    + " is required by the dead-letter handlers");
        }
        serdeConfig.forEach((key, value) -> config.put(key, String.valueOf(value)));
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingExceptionHandler.class.getName());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationExceptionHandler.class.getName());
        return config;
    }

    /**
     * An uncaught-exception handler that logs the error, hands it to {@code onError} (e.g. to fail a batch job with
     * the real cause) and shuts the client down: a silently replaced thread could re-run the same poison record
     * forever, and a dead thread would leave its partitions unprocessed.
     */
    public static StreamsUncaughtExceptionHandler shutdownClientOnUncaughtException(Consumer<Throwable> onError) {
        Objects.requireNonNull(onError, "onError");
        return error -> {
            log.error("Stream thread failed; shutting down the Kafka Streams client", error);
            onError.accept(error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        };
    }

    /** {@link #shutdownClientOnUncaughtException(Consumer)} without a callback. */
    public static StreamsUncaughtExceptionHandler shutdownClientOnUncaughtException() {
        return shutdownClientOnUncaughtException(error -> { });
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
