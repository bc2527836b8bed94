package io.ledgerline.serde;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format header: magic byte {@code 0}, then the schema id as a 4-byte big-endian int,
 * then the Avro binary payload. The only place that knows the header layout.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id; the Avro payload starts at this offset. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    public static void writeHeader(OutputStream out, int schemaId) throws IOException {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /**
     * Validates the header and returns the schema id.
     *
     * @throws SerializationException if the bytes are too short or do not start with the magic byte; the message says
     *     which, because dead-letter handling surfaces it to whoever has to fix the producer
     */
    public static int readSchemaId(byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Not Confluent Avro wire format: record is " + data.length
                    + " bytes, but the header alone (magic byte + 4-byte schema id) needs " + HEADER_SIZE);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Not Confluent Avro wire format: unknown magic byte 0x%02x (expected 0x00)", data[0] & 0xff));
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
