package io.ledgerline.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format, registering (or looking up) the record's schema under the
 * {@link TopicNameStrategy} subject. Understands Confluent's {@code schema.registry.url} and
 * {@code auto.register.schemas}. After the first record of a schema on a topic, serializing makes no registry call
 * and parses nothing: ids and datum writers are cached per schema.
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    /** Buffers that grew past this are dropped after use, so one huge record does not pin memory per thread. */
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    private final boolean clientGiven;
    private volatile SchemaRegistryClient registry;
    private volatile boolean isKey;
    private volatile boolean autoRegister = true;

    // topic -> writer schema -> id; keyed by topic so the hot path builds no subject string.
    private final Map<String, Map<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    // Per thread, because Kafka allows a serializer to be shared by producer threads.
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** For instantiation by class name; the registry comes from {@code schema.registry.url} in configure. */
    public AvroSerializer() {
        this.clientGiven = false;
    }

    /** Uses {@code registry} directly; configure is then optional and never creates a client. */
    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clientGiven = true;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        if (!clientGiven) {
            this.registry = SchemaRegistryClients.fromConfig(config);
        }
        idsByTopic.clear();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        DatumWriter<Object> writer = writerFor(data, schema);
        Buffers buffer = buffers.get();
        try {
            // Reconfigure the encoder before touching the stream: configuring flushes whatever it still holds.
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
            buffer.encoder = encoder;
            buffer.out.reset();
            WireFormat.writeHeader(buffer.out, id);
            writer.write(data, encoder);
            encoder.flush();
            byte[] bytes = buffer.out.toByteArray();
            if (bytes.length > MAX_RETAINED_BUFFER) {
                buffers.remove();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            buffers.remove(); // the encoder may hold half a record
            throw new SerializationException("Error serializing Avro " + schema.getFullName() + " for topic '"
                    + topic + "' with schema id " + id + ": " + e.getMessage(), e);
        }
    }

    private int schemaId(String topic, Schema schema) {
        Map<Schema, Integer> ids = idsByTopic.get(topic);
        if (ids == null) {
            ids = idsByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        }
        Integer id = ids.get(schema);
        if (id == null) {
            id = resolveId(TopicNameStrategy.subject(topic, isKey), schema);
            ids.put(schema, id);
        }
        return id;
    }

    private int resolveId(String subject, Schema schema) {
        SchemaRegistryClient client = requireRegistry();
        try {
            if (autoRegister) {
                return client.register(subject, schema);
            }
            SchemaVersion latest = client.getLatest(subject);
            if (!sameEncoding(latest.schema(), schema)) {
                throw new SerializationException("auto.register.schemas=false and the writer schema "
                        + schema.getFullName() + " differs from the latest version of subject '" + subject
                        + "' (version " + latest.version() + ", id " + latest.id()
                        + "); register the schema first. Latest registered: " + latest.schema());
            }
            return latest.id();
        } catch (SchemaRegistryException e) {
            throw RegistryErrors.translate("Cannot get a schema id for subject '" + subject + "' ("
                    + (autoRegister ? "registering" : "auto.register.schemas=false, looking up latest") + ")", e);
        }
    }

    /**
     * Schemas with the same Parsing Canonical Form write identical bytes (Avro spec), so a registered schema that
     * differs only in docs or Java-specific properties such as {@code avro.java.string} is the writer schema.
     */
    private static boolean sameEncoding(Schema registered, Schema writer) {
        return registered.equals(writer)
                || SchemaNormalization.toParsingForm(registered).equals(SchemaNormalization.toParsingForm(writer));
    }

    private DatumWriter<Object> writerFor(T data, Schema schema) {
        boolean specific = data instanceof SpecificRecord;
        Map<Schema, DatumWriter<Object>> writers = specific ? specificWriters : genericWriters;
        DatumWriter<Object> writer = writers.get(schema);
        if (writer == null) {
            writer = writers.computeIfAbsent(schema,
                    s -> specific ? new SpecificDatumWriter<>(s, LogicalTypeModel.specific()) : new GenericDatumWriter<>(s));
        }
        return writer;
    }

    private SchemaRegistryClient requireRegistry() {
        SchemaRegistryClient client = registry;
        if (client == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient to the constructor");
        }
        return client;
    }

    @Override
    public void close() {
        buffers.remove();
    }

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
    }
}
