package io.ledgerline.load;

import java.util.Map;

/**
 * What {@link LoadGenerator} wrote.
 *
 * @param accounts   customer accounts
 * @param lines      lines per export file name, in replay order
 * @param kinds      delivered records per kind (master-data type, CDC entity and change, Stripe event type), sorted
 * @param duplicates Stripe events delivered a second time (byte-identical)
 * @param late       Stripe events delivered after a later event of their account (out of order)
 */
public record LoadSummary(int accounts, Map<String, Long> lines, Map<String, Long> kinds, long duplicates, long late) {

    public long totalLines() {
        return lines.values().stream().mapToLong(Long::longValue).sum();
    }
}
