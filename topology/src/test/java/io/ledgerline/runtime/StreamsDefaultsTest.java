package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {

    @Test
    @SuppressWarnings("deprecation")
    void safeDefaultsAreReadByStreamsConfig() {
        Properties props = StreamsDefaults.baseConfig("app", "localhost:9092", Path.of("/tmp/state"), 1, 2);

        // Properties.getProperty sees only String values, and Kafka copies configs that way in places.
        props.forEach((key, value) -> assertThat(value).as("%s", key).isInstanceOf(String.class));
        StreamsConfig config = new StreamsConfig(props);
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.getBoolean(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isTrue();
        assertThat(config.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
        assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
        assertThat(config.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
        assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(config.getProducerConfigs("client")).containsEntry("acks", "all");
        // the topology passes every serde explicitly
        assertThat(props).doesNotContainKeys(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG,
                StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG);
    }

    @Test
    void productionOverloadUsesTheBrokerDefaultReplicationFactor() {
        Properties props = StreamsDefaults.baseConfig("app", "broker:9092", Path.of("/tmp/state"));
        assertThat(new StreamsConfig(props).getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(-1);
        assertThatThrownBy(() -> StreamsDefaults.baseConfig("app", "broker:9092", Path.of("/tmp"), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uncaughtErrorsShutDownTheClientAndAreReported() {
        Throwable[] seen = new Throwable[1];
        IllegalStateException error = new IllegalStateException("boom");
        assertThat(StreamsDefaults.shutdownClientOnUncaughtException(e -> seen[0] = e).handle(error))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(seen[0]).isSameAs(error);
    }
}
