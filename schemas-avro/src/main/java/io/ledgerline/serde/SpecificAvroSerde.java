package io.ledgerline.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * Drop-in for Confluent's {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde} where serdes are
 * configured by class name: always reads generated classes, found by the writer schema's full name.
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends AvroSerde<T> {

    public SpecificAvroSerde() {
        super(new AvroSerializer<>(), new AvroDeserializer<>(null, null, Boolean.TRUE));
    }

    public SpecificAvroSerde(SchemaRegistryClient registry) {
        super(new AvroSerializer<>(registry), new AvroDeserializer<>(registry, null, Boolean.TRUE));
    }
}
