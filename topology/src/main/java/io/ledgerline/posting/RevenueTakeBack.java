package io.ledgerline.posting;

import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;

/**
 * Revenue taken back for cash the customer gets back (a refund, a dispute lost): the share of the invoice's revenue
 * already recognized goes to CONTRA_REVENUE, the rest comes out of DEFERRED_REVENUE, taken from the ratable lines in
 * proportion to their deferred balances (which re-plans them), both at the invoice's rate.
 */
final class RevenueTakeBack {

    private RevenueTakeBack() {
    }

    /** The split of {@code amount}, in transaction and functional currency. */
    record Split(long contraMinor, long contraFunctionalMinor, long deferredMinor, long deferredFunctionalMinor) {
    }

    /** Splits {@code amount} and takes the deferred part out of the invoice's ratable lines. */
    static Split take(InvoiceLedgerState invoice, long amount, ExchangeRate invoiceRate) {
        List<RatableLineState> open = invoice.getRatableLines().stream()
                .filter(l -> !l.getStopped() && l.getDeferredMinor() > 0)
                .sorted(Comparator.comparingLong(RatableLineState::getDeferredMinor).thenComparing(RatableLineState::getLineId))
                .toList();
        long deferredTotal = open.stream().mapToLong(RatableLineState::getDeferredMinor).sum();
        long recognized = Math.max(0, invoice.getPointInTimeRevenueMinor()
                + invoice.getRatableLines().stream().mapToLong(RatableLineState::getRecognizedMinor).sum()
                - invoice.getRevenueCreditedMinor());
        long contra = recognized + deferredTotal == 0 ? amount
                : BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(recognized))
                        .divide(BigDecimal.valueOf(recognized + deferredTotal), 0, RoundingMode.HALF_UP).longValueExact();
        long deferred = Math.min(amount - contra, deferredTotal);
        contra = amount - deferred;

        long[] shares = RecognitionSchedule.allocate(deferred, open.stream().mapToLong(RatableLineState::getDeferredMinor).toArray());
        long deferredFunctional = 0;
        for (int i = 0; i < open.size(); i++) {
            deferredFunctional += DeferredBalances.take(open.get(i), shares[i], invoiceRate);
        }
        return new Split(contra, invoiceRate.convert(contra), deferred, deferredFunctional);
    }
}
