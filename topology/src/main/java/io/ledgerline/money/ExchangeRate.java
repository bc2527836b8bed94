package io.ledgerline.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A rate from a transaction currency to a functional currency: one major unit of {@code from} costs
 * {@code rate} major units of {@code to}. Conversion works on minor units and respects both ISO 4217
 * exponents, so EUR cents become JPY yen or BHD fils correctly; results are rounded half-up.
 */
public record ExchangeRate(String from, String to, BigDecimal rate) {

    public ExchangeRate {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(rate, "rate");
        if (rate.signum() <= 0) {
            throw new IllegalArgumentException("exchange rate " + from + "->" + to + " must be positive, was " + rate);
        }
    }

    public static ExchangeRate identity(String currency) {
        return new ExchangeRate(currency, currency, BigDecimal.ONE);
    }

    public static ExchangeRate parse(String from, String to, String rate) {
        return new ExchangeRate(from, to, new BigDecimal(rate));
    }

    public boolean isIdentity() {
        return from.equals(to);
    }

    /** Converts an amount in minor units of {@code from} to minor units of {@code to}. */
    public long convert(long amountMinor) {
        if (isIdentity()) {
            return amountMinor;
        }
        int shift = Currencies.exponent(to) - Currencies.exponent(from);
        return BigDecimal.valueOf(amountMinor)
                .multiply(rate)
                .movePointRight(shift)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** The rate as an exact decimal string without exponent notation, as journal entries carry it. */
    public String rateText() {
        return rate.stripTrailingZeros().scale() < 0
                ? rate.setScale(0).toPlainString()
                : rate.stripTrailingZeros().toPlainString();
    }
}
