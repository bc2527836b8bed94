package io.ledgerline.reconciliation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The identities that hold for every account and currency between its billing documents (as the ledger applied them)
 * and its journal. Each compares two independent accounts of the same money, so a violation means an entry is
 * missing, doubled or wrong: it is raised as a RECONCILIATION_IDENTITY exception, never left as a silent difference.
 * <ul>
 *   <li>revenue: recognized + deferred = billed − (refunds + lost disputes), which are booked to CONTRA_REVENUE or
 *       DEFERRED_REVENUE (DESIGN.md, "Reconciliation, close and write-back");</li>
 *   <li>receivable: AR in the journal = what the invoices still have open;</li>
 *   <li>customer credit: CUSTOMER_CREDIT in the journal = credit the invoices gave less credit they applied.</li>
 * </ul>
 */
public final class Identities {

    private Identities() {
    }

    /** Every identity that does not hold, with both sides; empty when all hold. */
    public static List<String> violations(ReconciliationFigures.Sides s) {
        List<String> out = new ArrayList<>();
        long revenueSide = s.recognized() + s.deferred();
        long billingSide = s.billed() - s.refunded() - s.disputesLost();
        if (revenueSide != billingSide) {
            out.add(String.format(Locale.ROOT, "recognized %d + deferred %d = %d, but billed %d - refunds %d - lost disputes %d = %d %s (difference %d)",
                    s.recognized(), s.deferred(), revenueSide, s.billed(), s.refunded(), s.disputesLost(), billingSide, s.currency(),
                    revenueSide - billingSide));
        }
        if (s.ar() != s.outstanding()) {
            out.add(String.format(Locale.ROOT, "AR in the journal %d, but the invoices have %d %s open (difference %d)",
                    s.ar(), s.outstanding(), s.currency(), s.ar() - s.outstanding()));
        }
        if (s.customerCredit() != s.documentCustomerCredit()) {
            out.add(String.format(Locale.ROOT, "CUSTOMER_CREDIT in the journal %d, but the invoices hold %d %s of customer credit (difference %d)",
                    s.customerCredit(), s.documentCustomerCredit(), s.currency(), s.customerCredit() - s.documentCustomerCredit()));
        }
        return out;
    }
}
