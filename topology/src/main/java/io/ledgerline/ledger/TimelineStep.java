package io.ledgerline.ledger;

import java.time.Instant;

/** A source event on the timeline of its quote-to-cash transaction, with the stage it moves the transaction to (or null). */
public record TimelineStep(String correlationId, String accountId, Instant at, String system, String kind,
                           String objectId, String eventId, Long amountMinor, String currency, String stage) {
}
