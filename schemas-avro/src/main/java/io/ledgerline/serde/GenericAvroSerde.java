package io.ledgerline.serde;

import org.apache.avro.generic.GenericRecord;

/**
 * Drop-in for Confluent's {@code io.confluent.kafka.streams.serdes.avro.GenericAvroSerde} where serdes are
 * configured by class name: always reads GenericRecords.
 */
public class GenericAvroSerde extends AvroSerde<GenericRecord> {

    public GenericAvroSerde() {
        super(new AvroSerializer<>(), new AvroDeserializer<>(null, null, Boolean.FALSE));
    }

    public GenericAvroSerde(SchemaRegistryClient registry) {
        super(new AvroSerializer<>(registry), new AvroDeserializer<>(registry, null, Boolean.FALSE));
    }
}
