package io.ledgerline.posting;

import java.math.BigDecimal;
import io.ledgerline.money.ExchangeRate;

/**
 * What later postings need to know about an invoice that has been booked: where it was booked, at which
 * rate, and how much AR is still open in both currencies.
 */
public record BookedInvoice(String invoiceId, String accountId, String erpCustomerId, String correlationId,
                            String legalEntity, String currency, String functionalCurrency, BigDecimal rate,
                            long arOutstandingMinor, long arOutstandingFunctionalMinor) {

    /**
     * AR relieved in functional currency by settling {@code amountMinor}, always at the invoice's rate. It depends
     * on nothing but the amount, so the entry does not change with the order in which payments arrive.
     */
    public long arFunctionalFor(long amountMinor) {
        return new ExchangeRate(currency, functionalCurrency, rate).convert(amountMinor);
    }
}
