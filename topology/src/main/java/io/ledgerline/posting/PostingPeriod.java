package io.ledgerline.posting;

import java.time.LocalDate;

/** Where an entry lands: its posting date and period, and the closed period it was moved from, if any. */
public record PostingPeriod(LocalDate postingDate, String period, String originalPeriod) {
}
