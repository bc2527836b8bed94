package io.ledgerline.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ISO 4217 currencies: code normalization, minor-unit exponents and exact conversions between major
 * and minor units. Amounts are never handled as {@code double}.
 *
 * <p>Only currencies with a defined minor unit are accepted: codes such as {@code XXX} (no currency)
 * or {@code XAU} (gold), whose default fraction digits are -1, are rejected because an amount in
 * them cannot be expressed in minor units.
 */
public final class Currencies {

    /** Upper-case code to exponent (number of minor-unit digits), built once from the JDK's ISO 4217 table. */
    private static final Map<String, Integer> EXPONENTS;

    static {
        Map<String, Integer> exponents = new HashMap<>();
        for (Currency currency : Currency.getAvailableCurrencies()) {
            int digits = currency.getDefaultFractionDigits();
            if (digits >= 0) {
                exponents.put(currency.getCurrencyCode(), digits);
            }
        }
        EXPONENTS = Map.copyOf(exponents);
    }

    private Currencies() {
    }

    /** True when {@code code} (in any case) is an ISO 4217 currency with a minor unit. Never throws. */
    public static boolean isKnown(String code) {
        return lookup(code) != null;
    }

    /**
     * Returns the upper-case ISO 4217 code.
     *
     * @throws UnknownCurrencyException if {@code code} is null or not a currency with a minor unit
     */
    public static String normalize(String code) {
        String upper = lookupCode(code);
        if (upper == null) {
            throw new UnknownCurrencyException(code);
        }
        return upper;
    }

    /**
     * Number of digits of the minor unit: JPY 0, USD 2, BHD 3.
     *
     * @throws UnknownCurrencyException if {@code code} is null or unknown
     */
    public static int exponent(String code) {
        Integer exponent = lookup(code);
        if (exponent == null) {
            throw new UnknownCurrencyException(code);
        }
        return exponent;
    }

    /**
     * Converts an amount in major units (e.g. a CRM opportunity amount {@code 13500.0}) to integer minor
     * units, rounding half-up to the currency's exponent: 13500.0 USD is 1350000, 1234.5 JPY is 1235.
     *
     * @throws UnknownCurrencyException if {@code code} is unknown
     * @throws ArithmeticException if the result does not fit in a long
     * @throws NullPointerException if {@code major} is null
     */
    public static long toMinorUnits(BigDecimal major, String code) {
        if (major == null) {
            throw new NullPointerException("major amount is null");
        }
        int exponent = exponent(code);
        return major.setScale(exponent, RoundingMode.HALF_UP).movePointRight(exponent).longValueExact();
    }

    /** Converts integer minor units to an exact major amount with the currency's scale: 1461375 USD is 14613.75. */
    public static BigDecimal toMajor(long minor, String code) {
        return BigDecimal.valueOf(minor, exponent(code));
    }

    private static Integer lookup(String code) {
        String upper = lookupCode(code);
        return upper == null ? null : EXPONENTS.get(upper);
    }

    /** The canonical (upper-case) code, or null when unknown. No allocation when the code is already upper case. */
    private static String lookupCode(String code) {
        if (code == null || code.length() != 3) {
            return null;
        }
        if (EXPONENTS.containsKey(code)) {
            return code;
        }
        String upper = code.toUpperCase(Locale.ROOT);
        return EXPONENTS.containsKey(upper) ? upper : null;
    }

    /** A currency code that is null, not ISO 4217, or has no minor unit. */
    public static final class UnknownCurrencyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String code;

        public UnknownCurrencyException(String code) {
            super(code == null ? "currency code is missing" : "unknown currency code '" + code + "'");
            this.code = code;
        }

        /** The offending code as given (may be null). */
        public String code() {
            return code;
        }
    }
}
