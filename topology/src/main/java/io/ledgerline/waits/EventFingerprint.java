package io.ledgerline.waits;

import io.ledgerline.canonical.CanonicalEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/** A short digest of what an event says (not of the account the pipeline resolved for it): tells a redelivery from a conflict. */
public final class EventFingerprint {

    private static final Schema PAYLOAD = CanonicalEvent.getClassSchema().getField("payload").schema();

    /**
     * The payload's Avro binary encoding is what is digested: the same content gives the same bytes, and encoding is
     * several times cheaper than the JSON text of {@code toString()} (a few percent of the stream thread's CPU).
     */
    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    private EventFingerprint() {
    }

    public static String of(CanonicalEvent event) {
        Encoding encoding = ENCODING.get();
        MessageDigest digest = encoding.digest;
        digest.reset();
        digest.update((event.getEventType() + "|" + event.getEventTime() + "|").getBytes(StandardCharsets.UTF_8));
        digest.update(encoding.encode(event.getPayload()));
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static final class Encoding {
        private final MessageDigest digest;
        private final SpecificDatumWriter<Object> writer = new SpecificDatumWriter<>(PAYLOAD);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        private BinaryEncoder encoder;

        Encoding() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        byte[] encode(Object payload) {
            bytes.reset();
            encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
            try {
                writer.write(payload, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode an event payload", e);
            }
            return bytes.toByteArray();
        }
    }
}
