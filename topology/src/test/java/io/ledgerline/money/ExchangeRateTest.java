package io.ledgerline.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExchangeRateTest {

    @Test
    void convertsMinorUnitsAcrossExponentsRoundingHalfUp() {
        assertThat(ExchangeRate.parse("EUR", "USD", "1.0800").convert(100_000)).isEqualTo(108_000);
        // 1234.56 EUR at 161.235 JPY = 199,054.28 yen, and yen have no minor unit
        assertThat(ExchangeRate.parse("EUR", "JPY", "161.235").convert(123_456)).isEqualTo(199_054);
        // 10,000 JPY at 0.00621 USD = 62.10 USD
        assertThat(ExchangeRate.parse("JPY", "USD", "0.00621").convert(10_000)).isEqualTo(6_210);
        // 1.000 BHD (3 decimals) at 2.6525 USD = 2.6525 → 2.65 USD; half up at the cent
        assertThat(ExchangeRate.parse("BHD", "USD", "2.6525").convert(1_000)).isEqualTo(265);
        assertThat(ExchangeRate.parse("BHD", "USD", "2.655").convert(1_000)).isEqualTo(266);
        assertThat(ExchangeRate.parse("USD", "USD", "1").convert(12_345)).isEqualTo(12_345);
    }

    @Test
    void rateTextIsExactWithoutTrailingZeros() {
        assertThat(ExchangeRate.parse("EUR", "USD", "1.0800").rateText()).isEqualTo("1.08");
        assertThat(ExchangeRate.parse("EUR", "USD", "100").rateText()).isEqualTo("100");
        assertThat(ExchangeRate.identity("USD").rateText()).isEqualTo("1");
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThatThrownBy(() -> ExchangeRate.parse("EUR", "USD", "0")).hasMessageContaining("positive");
    }
}
