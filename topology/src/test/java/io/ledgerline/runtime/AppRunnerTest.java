package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.http.ApiToken;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.topology.LedgerlineApp;
import io.ledgerline.topology.TopologySettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runner decides before any client starts: configuration, API, state directory; no broker needed. */
class AppRunnerTest {

    private static final Map<String, Object> SERDE = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://app-runner-test");

    /** A pass-through: the runner neither knows nor cares what the topology does. */
    private static LedgerlineApp passThrough() {
        return LedgerlineApp.wiredBy(new TopologySettings(SERDE, Clock.systemUTC()), settings -> {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            return builder.build();
        });
    }

    private static AppRunner.HttpApi api(int port) {
        return new AppRunner.HttpApi("127.0.0.1", port, "pod-1", ApiToken.none(), null);
    }

    @Test
    void clientSettingsGoOverTheDefaultsButDeadLettersAndTheAdvertisedApiAreTheRunners(@TempDir Path state) throws Exception {
        AppRunner.Options options = AppRunner.Options.of("app", "broker:9092", state)
                .withClientSettings(Map.of("security.protocol", "SASL_SSL",
                        StreamsConfig.NUM_STREAM_THREADS_CONFIG, "3",
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, "some.OtherHandler",
                        StreamsConfig.APPLICATION_SERVER_CONFIG, "elsewhere:1"))
                .withHttpApi(api(0));
        try (AppRunner runner = AppRunner.create(passThrough(), options)) {
            Properties config = runner.config();
            assertThat(config.getProperty("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(config.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("3");
            assertThat(config.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
            assertThat(config.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                    .isEqualTo("io.ledgerline.errors.DeadLetterProcessingExceptionHandler");
            assertThat(config.getProperty(AvroSerdeConfig.SCHEMA_REGISTRY_URL)).isEqualTo("mock://app-runner-test");
            // the port the API is bound to, under the advertised name: where other instances forward queries
            assertThat(runner.apiPort()).isPositive();
            assertThat(config.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("pod-1:" + runner.apiPort());
            assertThat(runner.advertised().port()).isEqualTo(runner.apiPort());
            assertThat(config.getProperty(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(state.toAbsolutePath().toString());
            // not started: nothing has failed, and there is no client to query yet
            assertThat(runner.failureReason()).isNull();
            assertThatThrownBy(runner::streams).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        }
    }

    @Test
    void withoutAnApiThereIsNoApplicationServerAndNoMetrics(@TempDir Path state) throws Exception {
        try (AppRunner runner = AppRunner.create(passThrough(), AppRunner.Options.of("app", "broker:9092", state)
                .onEmbeddedBroker().withStreamThreads(2).withBoundedRocksDb(32L * 1024 * 1024))) {
            Properties config = runner.config();
            assertThat(config).doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
            assertThat(config.getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo("1");
            assertThat(config.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("2");
            assertThat(config.getProperty(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                    .isEqualTo(BoundedRocksDbMemory.class.getName());
            assertThat(config.getProperty(BoundedRocksDbMemory.MEMORY_BYTES)).isEqualTo(Long.toString(32L * 1024 * 1024));
            assertThatThrownBy(runner::metrics).isInstanceOf(IllegalStateException.class).hasMessageContaining("no HTTP API");
        }
    }

    @Test
    void scratchStateIsDeletedOnCloseAGivenStateDirectoryIsKept(@TempDir Path kept) throws Exception {
        AppRunner scratch = AppRunner.create(passThrough(), AppRunner.Options.scratch("app", "broker:9092", "process"));
        Path scratchDir = scratch.stateDir();
        assertThat(scratchDir).isDirectory().startsWith(LocalDirs.parent("process"));
        scratch.close();
        scratch.close();
        assertThat(scratchDir).doesNotExist();

        AppRunner given = AppRunner.create(passThrough(), AppRunner.Options.of("app", "broker:9092", kept));
        given.close();
        assertThat(kept).isDirectory();
        assertThatThrownBy(given::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aTakenPortFailsNamingTheBindErrorAndLeavesNoStateBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Path> before = scratchDirs();
            assertThatThrownBy(() -> AppRunner.create(passThrough(),
                    AppRunner.Options.scratch("app", "broker:9092", "process").withHttpApi(api(taken.getLocalPort()))))
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(BindException.class));
            assertThat(scratchDirs()).isEqualTo(before);
        }
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    private static List<Path> scratchDirs() throws IOException {
        Path parent = LocalDirs.parent("process");
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.sorted().toList();
        }
    }
}
