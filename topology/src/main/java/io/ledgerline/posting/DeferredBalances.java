package io.ledgerline.posting;

import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;

/** Reducing a ratable line's deferred balance outside its schedule (credit notes, refunds). */
final class DeferredBalances {

    private DeferredBalances() {
    }

    static RatableLineState line(InvoiceLedgerState invoice, String lineId) {
        if (lineId == null) {
            return null;
        }
        return invoice.getRatableLines().stream().filter(l -> l.getLineId().equals(lineId)).findFirst().orElse(null);
    }

    /**
     * Takes {@code amount} out of the line's deferred balance and returns its functional amount: at the invoice's
     * rate, except that taking the whole balance takes the whole functional balance, so no functional residue is
     * left on a line that has nothing left in transaction currency. The remaining months are re-planned, once: how
     * the later catch-ups are spread over time does not change their amounts.
     */
    static long take(RatableLineState line, long amount, ExchangeRate invoiceRate) {
        if (amount == 0) {
            return 0;
        }
        long functional = amount == line.getDeferredMinor() ? line.getDeferredFunctionalMinor() : invoiceRate.convert(amount);
        line.setDeferredMinor(line.getDeferredMinor() - amount);
        line.setDeferredFunctionalMinor(line.getDeferredFunctionalMinor() - functional);
        line.setReplanned(true);
        // the remaining months are planned once, here, from what is left; later catch-ups follow that plan
        line.setReplanBaseMinor(line.getDeferredMinor());
        line.setReplanFromMonths(line.getRecognizedMonths().size());
        return functional;
    }
}
