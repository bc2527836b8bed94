package io.ledgerline.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentitiesTest {

    /** billed 1,000.00, refunds 50.00, a lost dispute of 100.00: 850.00 left between revenue and deferred revenue. */
    private static ReconciliationFigures.Sides sides(long recognized, long deferred, long ar, long outstanding, long credit, long documentCredit) {
        return new ReconciliationFigures.Sides("USD", 100_000, 100_000, 5_000, 10_000, 85_000, outstanding, documentCredit, recognized, deferred,
                ar, credit, 0, 0, 0);
    }

    @Test
    void allHold() {
        assertThat(Identities.violations(sides(60_000, 25_000, 0, 0, 0, 0))).isEmpty();
    }

    @Test
    void eachViolationSaysBothSidesAndTheDifference() {
        assertThat(Identities.violations(sides(60_000, 24_999, 0, 0, 0, 0))).singleElement().asString()
                .contains("recognized 60000 + deferred 24999 = 84999", "billed 100000 - refunds 5000 - lost disputes 10000 = 85000", "difference -1");
        assertThat(Identities.violations(sides(60_000, 25_000, 100, 0, 0, 0))).singleElement().asString()
                .contains("AR in the journal 100", "have 0 USD open");
        assertThat(Identities.violations(sides(60_000, 25_000, 0, 0, 300, 200))).singleElement().asString()
                .contains("CUSTOMER_CREDIT in the journal 300", "hold 200 USD");
    }
}
