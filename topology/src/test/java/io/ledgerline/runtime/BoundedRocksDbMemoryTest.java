package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every RocksDB store of a JVM opens against the one shared cache sized by ledgerline.rocksdb.memory.bytes. */
class BoundedRocksDbMemoryTest {

    @TempDir
    Path state;

    @Test
    void storesOpenWithTheSharedBoundedCache() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("in", Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String>as(Stores.persistentKeyValueStore("a")).withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-bounded");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        props.put(BoundedRocksDbMemory.MEMORY_BYTES, Long.toString(32L * 1024 * 1024));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
            in.pipeInput("k", "v");
            KeyValueStore<String, String> store = driver.getKeyValueStore("a");
            assertThat(store.get("k")).isEqualTo("v");
        }
        // the first store of the JVM sized the cache (no other test of this JVM configures the setter)
        assertThat(BoundedRocksDbMemory.configuredBytes()).isEqualTo(32L * 1024 * 1024);
    }
}
