package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ledgerline.http.ApiToken;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.topology.LedgerlineApp;
import io.ledgerline.topology.TopologySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's lifecycle against a broker: an instance is ready once RUNNING, and a stream thread that dies takes the
 * instance down with the real cause, on {@link AppRunner#failureReason()} and on the health endpoints alike.
 */
class AppRunnerIT {

    private static final String IN = "app-runner-in";
    private static final String OUT = "app-runner-out";
    private static final String COUNTED = "app-runner-counted";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedKafkaCluster cluster;
    private static String registryScope;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.start();
        cluster.createTopics(List.of(IN, OUT, COUNTED), 1);
        registryScope = "app-runner-it-" + UUID.randomUUID();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        InMemorySchemaRegistry.drop(registryScope);
    }

    /** Passes records through, but an Error (not dead-lettered, unlike an exception) on the value "poison". */
    private static LedgerlineApp poisonable() {
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
        return LedgerlineApp.wiredBy(new TopologySettings(serde, Clock.systemUTC()), settings -> {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(IN, Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(value -> {
                        if (value.equals("poison")) {
                            throw new AssertionError("poison record " + value.length());
                        }
                        return value;
                    })
                    .to(OUT, Produced.with(Serdes.String(), Serdes.String()));
            return builder.build();
        });
    }

    /** Counts records per key in a store: a task with local state. */
    private static LedgerlineApp counting() {
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
        return LedgerlineApp.wiredBy(new TopologySettings(serde, Clock.systemUTC()), settings -> {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(COUNTED, Consumed.with(Serdes.String(), Serdes.String()).withName("counted"))
                    .groupByKey(org.apache.kafka.streams.kstream.Grouped.as("by-key"))
                    .count(org.apache.kafka.streams.kstream.Named.as("count"),
                            org.apache.kafka.streams.kstream.Materialized.<String, Long, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("counts")
                                    .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
            return builder.build();
        });
    }

    @Test
    void aDeadStreamThreadIsReportedWithItsCauseAndTheInstanceIsNoLongerReady() throws Exception {
        AppRunner.Options options = AppRunner.Options.scratch("app-runner-it", cluster.bootstrapServers(), "process")
                .onEmbeddedBroker()
                .withHttpApi(new AppRunner.HttpApi("127.0.0.1", 0, "127.0.0.1", ApiToken.none(), null));
        Path stateDir;
        try (AppRunner runner = AppRunner.create(poisonable(), options)) {
            stateDir = runner.stateDir();
            // the API is up before the client: not ready yet, but alive
            assertThat(get(runner, "/health/ready").statusCode()).isEqualTo(503);
            runner.start().awaitRunning(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(runner, "/health/ready").statusCode()).isEqualTo(200));
            assertThat(get(runner, "/health/live").statusCode()).isEqualTo(200);
            assertThat(runner.failureReason()).isNull();

            send(IN, "fine", "poison");

            await().atMost(Duration.ofSeconds(60)).until(() -> runner.failureReason() != null);
            assertThat(runner.failureReason()).startsWith("Kafka Streams failed").contains("poison record 6");
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.streams().state() == KafkaStreams.State.ERROR);
            HttpResponse<String> ready = get(runner, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("ERROR");
            HttpResponse<String> live = get(runner, "/health/live");
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).contains("poison record 6");
        }
        // scratch state goes with the runner
        assertThat(stateDir).doesNotExist();
    }

    /**
     * A crash under exactly-once leaves state Kafka Streams would open only to wipe: the runner deletes it before the
     * start instead. The state of a clean close is kept (a restart restores only the changelogs' tails).
     */
    @Test
    void theStateOfACleanCloseIsKeptAndTheStateACrashLeftIsCleanedUpBeforeTheStart(@TempDir Path stateDir) throws Exception {
        // a static member, as run's instances are: each restart takes the partition back without a session timeout
        AppRunner.Options options = AppRunner.Options.of("app-runner-restart", cluster.bootstrapServers(), stateDir)
                .onEmbeddedBroker().withClientSettings(Map.of("group.instance.id", "app-runner-restart-0"));
        Path taskDir = stateDir.resolve("app-runner-restart").resolve("0_0");
        try (AppRunner runner = AppRunner.create(counting(), options)) {
            runner.start().awaitRunning(Duration.ofSeconds(60));
            send(COUNTED, "first");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(taskDir));
        }
        Path sentinel = Files.writeString(taskDir.resolve("sentinel"), "kept unless the state is cleaned up");

        try (AppRunner runner = AppRunner.create(counting(), options)) {
            runner.start().awaitRunning(Duration.ofSeconds(60));
            assertThat(sentinel).as("the state of a clean close").exists();
            assertThat(stateDir.resolve("app-runner-restart.closed-cleanly")).as("deleted at the start").doesNotExist();
        }
        // what a SIGKILL leaves: the state, and no marker of a clean close
        Files.delete(stateDir.resolve("app-runner-restart.closed-cleanly"));

        try (AppRunner runner = AppRunner.create(counting(), options)) {
            runner.start().awaitRunning(Duration.ofSeconds(60));
            assertThat(sentinel).as("the state a crash left").doesNotExist();
        }
        assertThat(stateDir.resolve("app-runner-restart.closed-cleanly")).as("written by the clean close").exists();
    }

    private static HttpResponse<String> get(AppRunner runner, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(runner.apiUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void send(String topic, String... values) {
        Map<String, Object> config = new LinkedHashMap<>(cluster.clientConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
