package io.ledgerline.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire format Avro. The writer schema comes from the registry by the id in the header; the reader
 * schema is the writer schema ({@code GenericRecord}s), or with {@code specific.avro.reader=true} the schema of the
 * generated class, which is either given to the constructor or found by the writer schema's full name.
 *
 * <p>Malformed input (shorter than the header, wrong magic byte, undecodable payload, unknown schema id) raises
 * {@link SerializationException} saying what was wrong. Datum readers are cached per writer schema id, so after the
 * first record of a schema, deserializing makes no registry call and parses nothing.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private final boolean clientGiven;
    /** Reader schema of the class given to the constructor; null means "derive from the writer schema". */
    private final Schema fixedReaderSchema;
    /** Null means {@code specific.avro.reader} decides. */
    private final Boolean forcedSpecific;

    private volatile SchemaRegistryClient registry;
    private volatile boolean specific;
    // Keyed by id: the reader schema is a function of the writer schema for a given instance.
    private final Map<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** For instantiation by class name; everything comes from configure. */
    public AvroDeserializer() {
        this(null, null, null);
    }

    /** Uses {@code registry} directly; reads GenericRecords unless configured with specific.avro.reader=true. */
    public AvroDeserializer(SchemaRegistryClient registry) {
        this(Objects.requireNonNull(registry, "registry"), null, null);
    }

    /** Reads into {@code specificClass}, resolving each writer schema against its schema. */
    public AvroDeserializer(SchemaRegistryClient registry, Class<T> specificClass) {
        this(Objects.requireNonNull(registry, "registry"), readerSchemaOf(specificClass), Boolean.TRUE);
    }

    /** Reads into {@code specificClass}; the registry comes from {@code schema.registry.url} in configure. */
    public AvroDeserializer(Class<T> specificClass) {
        this(null, readerSchemaOf(specificClass), Boolean.TRUE);
    }

    AvroDeserializer(SchemaRegistryClient registry, Schema fixedReaderSchema, Boolean forcedSpecific) {
        this.registry = registry;
        this.clientGiven = registry != null;
        this.fixedReaderSchema = fixedReaderSchema;
        this.forcedSpecific = forcedSpecific;
        this.specific = Boolean.TRUE.equals(forcedSpecific);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        this.specific = forcedSpecific != null ? forcedSpecific : config.specificAvroReader();
        if (!clientGiven) {
            this.registry = SchemaRegistryClients.fromConfig(config);
        }
        readersById.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.readSchemaId(data);
        DatumReader<T> reader = readerFor(topic, id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode Avro payload with schema id " + id + " from topic '"
                    + topic + "' (" + data.length + " bytes): " + e, e);
        }
    }

    private DatumReader<T> readerFor(String topic, int id) {
        DatumReader<T> reader = readersById.get(id);
        if (reader == null) {
            reader = newReader(writerSchema(topic, id));
            DatumReader<T> raced = readersById.putIfAbsent(id, reader);
            reader = raced != null ? raced : reader;
        }
        return reader;
    }

    private Schema writerSchema(String topic, int id) {
        SchemaRegistryClient client = registry;
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient to the constructor");
        }
        try {
            return client.getById(id);
        } catch (SchemaRegistryException e) {
            throw RegistryErrors.translate("Cannot get writer schema id " + id + " for a record from topic '"
                    + topic + "'", e);
        }
    }

    private DatumReader<T> newReader(Schema writer) {
        if (!specific) {
            return new GenericDatumReader<>(writer, writer);
        }
        Schema reader = fixedReaderSchema != null ? fixedReaderSchema : readerSchemaFor(writer);
        return new SpecificDatumReader<>(writer, reader, LogicalTypeModel.specific());
    }

    /** As Confluent does: the generated class named by the writer schema supplies the reader schema. */
    private static Schema readerSchemaFor(Schema writer) {
        if (writer.getType() != Schema.Type.RECORD) {
            return writer;
        }
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null) {
            throw new SerializationException("specific.avro.reader=true but no class " + SpecificData.getClassName(
                    writer) + " (named by the writer schema) is on the classpath");
        }
        return SpecificData.get().getSchema(generated);
    }

    private static Schema readerSchemaOf(Class<?> specificClass) {
        if (!SpecificRecord.class.isAssignableFrom(specificClass)) {
            throw new IllegalArgumentException(specificClass.getName() + " is not an Avro SpecificRecord");
        }
        return SpecificData.get().getSchema(specificClass);
    }

    @Override
    public void close() {
        decoders.remove();
    }
}
