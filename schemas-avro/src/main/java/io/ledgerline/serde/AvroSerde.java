package io.ledgerline.serde;

import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Confluent wire format Avro serde. Instantiated by class name (no-arg constructor) it is configured entirely from
 * Confluent's keys ({@code schema.registry.url}, {@code auto.register.schemas}, {@code specific.avro.reader}); the
 * factories and client-taking constructors serve tests and the embedded runtime.
 */
public class AvroSerde<T extends GenericContainer> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** For instantiation by class name: registry and reader mode come from configure. */
    public AvroSerde() {
        this(new AvroSerializer<>(), new AvroDeserializer<>());
    }

    /** Uses {@code registry} directly; reads GenericRecords unless configured with specific.avro.reader=true. */
    public AvroSerde(SchemaRegistryClient registry) {
        this(new AvroSerializer<>(registry), new AvroDeserializer<>(registry));
    }

    /** Uses {@code registry} directly and reads into {@code specificClass}. */
    public AvroSerde(SchemaRegistryClient registry, Class<T> specificClass) {
        this(new AvroSerializer<>(registry), new AvroDeserializer<>(registry, specificClass));
    }

    protected AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Reads into {@code specificClass}; the registry comes from {@code schema.registry.url} in configure. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> specificClass) {
        return new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>(specificClass));
    }

    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> specificClass,
            SchemaRegistryClient registry) {
        return new AvroSerde<>(registry, specificClass);
    }

    /** GenericRecords; the registry comes from {@code schema.registry.url} in configure. */
    public static AvroSerde<GenericRecord> generic() {
        return new GenericAvroSerde();
    }

    public static AvroSerde<GenericRecord> generic(SchemaRegistryClient registry) {
        return new GenericAvroSerde(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
