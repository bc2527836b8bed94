package io.ledgerline.serde;

import static io.ledgerline.serde.TestSchemas.ORDER;
import static io.ledgerline.serde.TestSchemas.PAYMENT_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final String TOPIC = "orders";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void genericRoundTrip() {
        AvroSerde<GenericRecord> serde = AvroSerde.generic(registry);

        byte[] bytes = serde.serializer().serialize(TOPIC, TestSchemas.order("o-1", 3));
        GenericRecord back = serde.deserializer().deserialize(TOPIC, bytes);

        assertThat(back.getSchema()).isEqualTo(ORDER);
        assertThat(back.get("orderId")).hasToString("o-1");
        assertThat(back.get("lines")).isEqualTo(3);
        assertThat(registry.subjects()).containsExactly("orders-value");
    }

    @Test
    void specificRoundTrip() {
        AvroSerde<TestPayment> serde = AvroSerde.specific(TestPayment.class, registry);
        TestPayment payment = new TestPayment("p-1", 1250, "first");

        TestPayment back = serde.deserializer().deserialize("payments",
                serde.serializer().serialize("payments", payment));

        assertThat(back).isEqualTo(payment);
        assertThat(back.getMemo()).isEqualTo("first");
    }

    @Test
    void wireFormatIsMagicByteBigEndianIdThenPlainAvroBinary() throws Exception {
        int id = 0x01020304;
        SchemaRegistryClient fixedId = new FixedIdRegistry(id, ORDER);
        GenericRecord order = TestSchemas.order("o-1", 3);

        byte[] bytes = new AvroSerializer<GenericRecord>(fixedId).serialize(TOPIC, order);

        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 1, 2, 3, 4);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(order));
    }

    @Test
    void registersEachSchemaOnceAndFetchesEachIdOnce() {
        CountingSchemaRegistryClient counting = new CountingSchemaRegistryClient(registry);
        AvroSerde<GenericRecord> serde = AvroSerde.generic(counting);

        for (int i = 0; i < 100; i++) {
            byte[] bytes = serde.serializer().serialize(TOPIC, TestSchemas.order("o-" + i, i));
            assertThat(serde.deserializer().deserialize(TOPIC, bytes).get("lines")).isEqualTo(i);
        }

        assertThat(counting.registerCalls).hasValue(1);
        assertThat(counting.getByIdCalls).hasValue(1);
    }

    @Test
    void keySerdeUsesTheKeySubject() {
        AvroSerde<GenericRecord> serde = AvroSerde.generic(registry);
        serde.configure(Map.of(), true);

        serde.serializer().serialize(TOPIC, TestSchemas.order("o-1", 1));

        assertThat(registry.subjects()).containsExactly("orders-key");
    }

    @Test
    void nullsPassThrough() {
        AvroSerde<GenericRecord> serde = AvroSerde.generic(registry);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void badMagicByteIsASerializationException() {
        AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>(registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {7, 0, 0, 0, 1, 2, 3}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0x07");
    }

    @Test
    void truncatedInputIsASerializationException() {
        AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>(registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("4 bytes");
    }

    @Test
    void truncatedPayloadIsASerializationException() {
        AvroSerde<GenericRecord> serde = AvroSerde.generic(registry);
        byte[] bytes = serde.serializer().serialize(TOPIC, TestSchemas.order("order-with-a-long-id", 3));

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, 8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 1");
    }

    @Test
    void unknownSchemaIdIsASerializationException() {
        AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>(registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 99, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("99")
                .hasRootCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void missingRegistryUrlFailsConfigureNamingTheKey() {
        assertThatThrownBy(() -> new AvroSerde<GenericRecord>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new AvroDeserializer<GenericRecord>().configure(Map.of("schema.registry.url", " "),
                false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void withoutAutoRegisterTheLatestVersionMustBeTheWriterSchema() {
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry);
        serializer.configure(Map.of("auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestSchemas.order("o-1", 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("orders-value")
                .hasMessageContaining("auto.register.schemas=false");

        int id = registry.register("orders-value", ORDER);
        assertThat(WireFormat.readSchemaId(serializer.serialize(TOPIC, TestSchemas.order("o-1", 1)))).isEqualTo(id);
        assertThat(registry.versions("orders-value")).containsExactly(1);
    }

    @Test
    void withoutAutoRegisterADifferentLatestVersionIsRejected() {
        registry.setCompatibility(CompatibilityLevel.NONE);
        registry.register("payments-value", TestSchemas.PAYMENT_V2);
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry);
        serializer.configure(Map.of("auto.register.schemas", false), false);

        assertThatThrownBy(() -> serializer.serialize("payments", TestSchemas.paymentV1("p-1", 5)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("differs from the latest version of subject 'payments-value'");
    }

    @Test
    void mockUrlSharesOneRegistryBetweenSerdesConfiguredByName() {
        String scope = "serde-test-" + System.nanoTime();
        Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);
        try {
            AvroSerde<GenericRecord> writer = new GenericAvroSerde();
            writer.configure(config, false);
            AvroSerde<GenericRecord> reader = new AvroSerde<>();
            reader.configure(config, false);

            GenericRecord back = reader.deserializer().deserialize(TOPIC,
                    writer.serializer().serialize(TOPIC, TestSchemas.order("o-1", 2)));

            assertThat(back.get("lines")).isEqualTo(2);
            assertThat(InMemorySchemaRegistry.named(scope).subjects()).containsExactly("orders-value");
        } finally {
            InMemorySchemaRegistry.drop(scope);
        }
    }

    @Test
    void specificReaderFromConfigFindsTheClassByTheWriterSchemaName() {
        String scope = "serde-test-" + System.nanoTime();
        Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope, "specific.avro.reader", "true");
        try {
            SpecificAvroSerde<TestPayment> byName = new SpecificAvroSerde<>();
            byName.configure(config, false);
            AvroSerde<TestPayment> plain = new AvroSerde<>();
            plain.configure(config, false);
            byte[] bytes = byName.serializer().serialize("payments", new TestPayment("p-1", 10, null));

            assertThat(byName.deserializer().deserialize("payments", bytes)).isInstanceOf(TestPayment.class);
            assertThat(plain.deserializer().deserialize("payments", bytes)).isEqualTo(new TestPayment("p-1", 10, null));
        } finally {
            InMemorySchemaRegistry.drop(scope);
        }
    }

    @Test
    void specificReaderResolvesAnOlderWriterSchema() {
        AvroSerializer<GenericRecord> oldProducer = new AvroSerializer<>(registry);
        AvroDeserializer<TestPayment> newConsumer = new AvroDeserializer<>(registry, TestPayment.class);

        TestPayment back = newConsumer.deserialize("payments",
                oldProducer.serialize("payments", TestSchemas.paymentV1("p-1", 700)));

        assertThat(back.getId()).isEqualTo("p-1");
        assertThat(back.getAmountCents()).isEqualTo(700);
        assertThat(back.getMemo()).isNull();
    }

    @Test
    void specificReaderWithoutAGeneratedClassSaysSo() {
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry);
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>(registry);
        deserializer.configure(Map.of("specific.avro.reader", true), false);
        byte[] bytes = serializer.serialize(TOPIC, TestSchemas.order("o-1", 1));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.ledgerline.test.Order");
    }

    @Test
    void unconfiguredSerdeWithoutRegistrySaysHowToFixIt() {
        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>().serialize(TOPIC, TestSchemas.order("o", 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void unreachableRegistryIsNotReportedAsBadData() throws Exception {
        HttpSchemaRegistryClient dead = new HttpSchemaRegistryClient(
                List.of(java.net.URI.create("http://127.0.0.1:" + HttpSchemaRegistryClientTest.closedPort())),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2), null);

        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(dead).serialize(TOPIC, TestSchemas.order("o", 1)))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SerializationException.class);
    }

    @Test
    void recoversAfterAFailedWrite() {
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry);
        GenericRecord broken = TestSchemas.order("o-1", 1);
        broken.put("orderId", null);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, broken)).isInstanceOf(SerializationException.class);
        byte[] bytes = serializer.serialize(TOPIC, TestSchemas.order("o-2", 2));

        assertThat(new AvroDeserializer<GenericRecord>(registry).deserialize(TOPIC, bytes).get("orderId"))
                .hasToString("o-2");
    }

    private static byte[] plainAvro(GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A registry that hands out one chosen id, to check the header's byte order. */
    private record FixedIdRegistry(int id, Schema schema) implements SchemaRegistryClient {
        @Override
        public int register(String subject, Schema s) {
            return id;
        }

        @Override
        public Schema getById(int requested) {
            return schema;
        }

        @Override
        public SchemaVersion getLatest(String subject) {
            return new SchemaVersion(subject, 1, id, schema);
        }

        @Override
        public List<String> subjects() {
            return List.of();
        }

        @Override
        public List<Integer> versions(String subject) {
            return List.of(1);
        }
    }
}
