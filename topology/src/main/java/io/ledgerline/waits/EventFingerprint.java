package io.ledgerline.waits;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.serde.AvroFingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.Schema;

/** A short digest of what an event says (not of the account the pipeline resolved for it): tells a redelivery from a conflict. */
public final class EventFingerprint {

    private static final Schema PAYLOAD = CanonicalEvent.getClassSchema().getField("payload").schema();

    /**
     * The payload's Avro binary encoding is what is digested: the same content gives the same bytes, and encoding is
     * several times cheaper than the JSON text of {@code toString()} (a few percent of the stream thread's CPU).
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private EventFingerprint() {
    }

    public static String of(CanonicalEvent event) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        digest.update((event.getEventType() + "|" + event.getEventTime() + "|").getBytes(StandardCharsets.UTF_8));
        digest.update(AvroFingerprint.encode(PAYLOAD, event.getPayload()));
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
