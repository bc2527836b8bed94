package io.ledgerline.waits;

import io.ledgerline.canonical.CanonicalEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short digest of what an event says (not of the account the pipeline resolved for it): tells a redelivery from a conflict. */
public final class EventFingerprint {

    private EventFingerprint() {
    }

    public static String of(CanonicalEvent event) {
        String content = event.getEventType() + "|" + event.getEventTime() + "|" + event.getPayload();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
