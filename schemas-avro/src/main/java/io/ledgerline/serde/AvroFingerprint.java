package io.ledgerline.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * What a value says, as its Avro binary encoding or a 64-bit fingerprint of it (Avro's CRC-64-AVRO): the same content
 * always gives the same bytes, and encoding is several times cheaper than comparing or rendering records field by field.
 * One encoder and buffer per thread, reused.
 */
public final class AvroFingerprint {

    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    private AvroFingerprint() {
    }

    /** The binary encoding of {@code value} written with {@code schema}. */
    public static byte[] encode(Schema schema, Object value) {
        return ENCODING.get().encode(schema, value);
    }

    /** A 64-bit fingerprint of {@code value}'s encoding; equal content, equal fingerprint. */
    public static long of(Schema schema, Object value) {
        return SchemaNormalization.fingerprint64(encode(schema, value));
    }

    private static final class Encoding {
        private final Map<Schema, SpecificDatumWriter<Object>> writers = new HashMap<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        private BinaryEncoder encoder;

        byte[] encode(Schema schema, Object value) {
            SpecificDatumWriter<Object> writer = writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, LogicalTypeModel.specific()));
            bytes.reset();
            encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode a " + schema.getFullName(), e);
            }
            return bytes.toByteArray();
        }
    }
}
