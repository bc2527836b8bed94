package io.ledgerline.posting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Accounting dates are UTC calendar dates of the source document's business time. */
final class PostingDates {

    private PostingDates() {
    }

    static LocalDate of(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
