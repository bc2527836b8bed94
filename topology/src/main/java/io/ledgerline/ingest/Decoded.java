package io.ledgerline.ingest;

import io.ledgerline.ops.DeadLetter;

/** The outcome of decoding one raw record: a canonical value (with the bytes it came from) or a dead letter. */
public sealed interface Decoded<V> {

    record Valid<V>(V value, byte[] raw) implements Decoded<V> {
    }

    record Dead<V>(DeadLetter letter) implements Decoded<V> {
    }
}
