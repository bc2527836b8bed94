package io.ledgerline.waits;

import java.util.Objects;

/**
 * The thing a parked event waits for: a kind and the id of the missing thing, rendered {@code prefix:id}
 * ({@code invoice:in_1}, {@code fx_rate:EUR:USD}, {@code identity:customer:cus_9}).
 */
public record WaitKey(WaitKind kind, String id) {

    public WaitKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static WaitKey of(WaitKind kind, String... parts) {
        return new WaitKey(kind, String.join(":", parts));
    }

    /** Parses {@code prefix:id}; an unknown prefix is a programming error. */
    public static WaitKey parse(String text) {
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? text : text.substring(0, colon);
        WaitKind kind = WaitKind.ofPrefix(prefix)
                .orElseThrow(() -> new IllegalArgumentException("not a wait key: " + text));
        return new WaitKey(kind, colon < 0 ? "" : text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return kind.prefix() + ":" + id;
    }
}
