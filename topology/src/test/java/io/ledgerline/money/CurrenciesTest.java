package io.ledgerline.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.money.Currencies.UnknownCurrencyException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CurrenciesTest {

    @Test
    void normalizesCaseOfKnownCodes() {
        assertThat(Currencies.normalize("usd")).isEqualTo("USD");
        assertThat(Currencies.normalize("Eur")).isEqualTo("EUR");
        assertThat(Currencies.normalize("JPY")).isEqualTo("JPY");
        assertThat(Currencies.isKnown("bhd")).isTrue();
    }

    @Test
    void rejectsNullUnknownAndUnitlessCodes() {
        assertThatThrownBy(() -> Currencies.normalize(null))
                .isInstanceOf(UnknownCurrencyException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> Currencies.normalize("abc"))
                .isInstanceOf(UnknownCurrencyException.class)
                .hasMessageContaining("'abc'");
        assertThatThrownBy(() -> Currencies.normalize("usdollar")).hasMessageContaining("usdollar");
        assertThatThrownBy(() -> Currencies.normalize("")).isInstanceOf(UnknownCurrencyException.class);
        // no minor unit (default fraction digits -1): cannot be expressed in minor units
        assertThatThrownBy(() -> Currencies.normalize("XXX")).hasMessageContaining("XXX");
        assertThatThrownBy(() -> Currencies.normalize("xau")).hasMessageContaining("xau");
        assertThat(Currencies.isKnown("XAU")).isFalse();
        assertThat(Currencies.isKnown(null)).isFalse();
        assertThat(new UnknownCurrencyException("QQQ").code()).isEqualTo("QQQ");
    }

    @Test
    void exponents() {
        assertThat(Currencies.exponent("JPY")).isZero();
        assertThat(Currencies.exponent("krw")).isZero();
        assertThat(Currencies.exponent("USD")).isEqualTo(2);
        assertThat(Currencies.exponent("EUR")).isEqualTo(2);
        assertThat(Currencies.exponent("BHD")).isEqualTo(3);
        assertThat(Currencies.exponent("KWD")).isEqualTo(3);
        assertThatThrownBy(() -> Currencies.exponent("ZZZ")).isInstanceOf(UnknownCurrencyException.class);
    }

    @Test
    void toMinorUnitsRoundsHalfUpToTheExponent() {
        assertThat(Currencies.toMinorUnits(new BigDecimal("13500.0"), "USD")).isEqualTo(1_350_000L);
        assertThat(Currencies.toMinorUnits(new BigDecimal("24000"), "eur")).isEqualTo(2_400_000L);
        assertThat(Currencies.toMinorUnits(new BigDecimal("0.005"), "USD")).isEqualTo(1L);
        assertThat(Currencies.toMinorUnits(new BigDecimal("0.004"), "USD")).isZero();
        assertThat(Currencies.toMinorUnits(new BigDecimal("-0.005"), "USD")).isEqualTo(-1L); // half away from zero
        assertThat(Currencies.toMinorUnits(new BigDecimal("1234.5"), "JPY")).isEqualTo(1235L);
        assertThat(Currencies.toMinorUnits(new BigDecimal("1234.4"), "JPY")).isEqualTo(1234L);
        assertThat(Currencies.toMinorUnits(new BigDecimal("1.2345"), "BHD")).isEqualTo(1235L);
        assertThat(Currencies.toMinorUnits(new BigDecimal("1E+3"), "KWD")).isEqualTo(1_000_000L);
        // a double-based conversion would give 1.00499999... → 100; BigDecimal keeps the exact decimal
        assertThat(Currencies.toMinorUnits(new BigDecimal("1.005"), "USD")).isEqualTo(101L);
        assertThatThrownBy(() -> Currencies.toMinorUnits(new BigDecimal("1E+30"), "USD")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Currencies.toMinorUnits(BigDecimal.ONE, "XAU")).isInstanceOf(UnknownCurrencyException.class);
    }

    @Test
    void toMajorIsExactWithTheCurrencyScale() {
        assertThat(Currencies.toMajor(1_461_375L, "USD")).isEqualByComparingTo("14613.75").hasScaleOf(2);
        assertThat(Currencies.toMajor(1_461_375L, "USD").toPlainString()).isEqualTo("14613.75");
        assertThat(Currencies.toMajor(1500L, "JPY").toPlainString()).isEqualTo("1500");
        assertThat(Currencies.toMajor(1235L, "BHD").toPlainString()).isEqualTo("1.235");
        assertThat(Currencies.toMajor(-5L, "EUR").toPlainString()).isEqualTo("-0.05");
        assertThat(Currencies.toMinorUnits(Currencies.toMajor(987_654_321L, "KWD"), "KWD")).isEqualTo(987_654_321L);
    }
}
