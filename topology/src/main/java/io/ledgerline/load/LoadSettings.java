package io.ledgerline.load;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@link LoadGenerator} generates: either a number of accounts or about a number of raw records (then the
 * generator adds accounts until their records reach it), a seed, and the business window every event falls in.
 *
 * @param accounts customer accounts to generate, or 0 when sized by {@code events}
 * @param events   about this many raw records in total (master data, CDC and Stripe events), or 0 when sized by
 *                 {@code accounts}
 * @param seed     the only source of randomness: the same settings write byte-identical files
 * @param start    first day of the business window (UTC)
 * @param months   length of the window in calendar months; every event is dated before {@code start + months}
 */
public record LoadSettings(int accounts, long events, long seed, LocalDate start, int months) {

    /** The default window: 2026-01-01 to 2026-12-01 (exclusive), eleven months. */
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 1, 1);
    public static final int DEFAULT_MONTHS = 11;
    public static final int MAX_ACCOUNTS = 2_000_000;

    public LoadSettings {
        Objects.requireNonNull(start, "start");
        if ((accounts > 0) == (events > 0)) {
            throw new IllegalArgumentException("give either a number of accounts or a number of events (exactly one, positive)");
        }
        if (accounts < 0 || accounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("accounts must be in [1, " + MAX_ACCOUNTS + "], got " + accounts);
        }
        if (events < 0) {
            throw new IllegalArgumentException("events must be positive, got " + events);
        }
        if (months < 2 || months > 36) {
            throw new IllegalArgumentException("months must be in [2, 36], got " + months);
        }
    }

    /** {@code n} accounts in the default window. */
    public static LoadSettings ofAccounts(int n, long seed) {
        return new LoadSettings(n, 0, seed, DEFAULT_START, DEFAULT_MONTHS);
    }

    /** About {@code n} raw records in total, in the default window. */
    public static LoadSettings ofEvents(long n, long seed) {
        return new LoadSettings(0, n, seed, DEFAULT_START, DEFAULT_MONTHS);
    }

    /** The first day after the window. */
    public LocalDate end() {
        return start.plusMonths(months);
    }
}
