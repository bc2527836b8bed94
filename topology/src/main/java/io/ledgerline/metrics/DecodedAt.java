package io.ledgerline.metrics;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The wall-clock time a raw record was decoded, carried as a record header along the direct path to the ledger, so
 * the end-to-end latency of a journal entry can be measured: record timestamps are business time here. Events that
 * waited (parked, released later) lose it; their latency is the wait, shown by the parked-age gauges.
 */
public final class DecodedAt {

    public static final String HEADER = "ledgerline.decoded.at";

    private DecodedAt() {
    }

    public static Headers stamp(long wallClockMs) {
        return new RecordHeaders().add(HEADER, ByteBuffer.allocate(Long.BYTES).putLong(wallClockMs).array());
    }

    public static OptionalLong of(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(HEADER);
        return h == null || h.value() == null || h.value().length != Long.BYTES ? OptionalLong.empty()
                : OptionalLong.of(ByteBuffer.wrap(h.value()).getLong());
    }

    /** Only this header of {@code headers}, so nothing else a connector set travels into the outputs. */
    public static Headers carried(Headers headers) {
        OptionalLong at = of(headers);
        return at.isPresent() ? stamp(at.getAsLong()) : new RecordHeaders();
    }
}
