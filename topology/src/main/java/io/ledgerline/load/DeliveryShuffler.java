package io.ledgerline.load;

import io.ledgerline.load.AccountPlan.Event;
import io.ledgerline.load.AccountPlan.Kind;
import io.ledgerline.load.AccountPlan.Payment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides when each planned event reaches its raw topic, the way the connectors deliver: Salesforce CDC in commit
 * order; Stripe at least once and in no particular order. A Stripe event normally arrives a few seconds after it
 * happened; {@value #LATE_PERCENT} % arrive late (10 minutes to 3 days, so usually after later events of the same
 * account); {@value #PAYMENT_FIRST_PERCENT} % of the invoices that are paid have their {@code invoice.finalized}
 * delivered just after their first {@code invoice_payment.paid} (a payment before its invoice); and
 * {@value #DUPLICATE_PERCENT} % of Stripe events are delivered a second time, byte-identical, 30 seconds to 2 days
 * later. The file order is the delivery order ({@link LoadGenerator} merges the accounts by delivery time).
 */
final class DeliveryShuffler {

    static final int LATE_PERCENT = 3;
    static final int PAYMENT_FIRST_PERCENT = 5;
    static final int DUPLICATE_PERCENT = 5;
    private static final long SHUFFLE_SALT = 0xD3117E4EL;

    /** One delivery of an event: when (epoch seconds), and whether it is a redelivery or late. */
    record Delivery(long at, int account, int sequence, Event event, boolean duplicate, boolean late) {
    }

    private DeliveryShuffler() {
    }

    /** The deliveries of one account's events (not sorted). */
    static List<Delivery> deliveries(AccountPlan plan, long seed) {
        SplittableRandom random = AccountPlanner.random(seed ^ SHUFFLE_SALT, plan.account.index());
        int account = plan.account.index();
        // the first payment of each invoice, for "payment before invoice"
        Map<Object, Long> firstPayment = new HashMap<>();
        for (Event e : plan.events) {
            if (e.kind() == Kind.INVOICE_PAYMENT_PAID) {
                firstPayment.putIfAbsent(((Payment) e.subject()).invoice(), e.created());
            }
        }
        List<Delivery> out = new ArrayList<>(plan.events.size() + plan.events.size() / 10);
        int sequence = 0;
        for (Event e : plan.events) {
            if (e.kind().file == ExportFile.SALESFORCE_CDC) {
                out.add(new Delivery(e.created(), account, sequence++, e, false, false));
                continue;
            }
            long at = e.created() + random.nextLong(1, 31);
            boolean late = false;
            Long paid = e.kind() == Kind.INVOICE_FINALIZED ? firstPayment.get(e.subject()) : null;
            if (paid != null && random.nextInt(100) < PAYMENT_FIRST_PERCENT) {
                at = paid + random.nextLong(31, 600);
                late = true;
            } else if (random.nextInt(100) < LATE_PERCENT) {
                at = e.created() + random.nextLong(600, 3 * 86_400);
                late = true;
            }
            out.add(new Delivery(at, account, sequence++, e, false, late));
            if (random.nextInt(100) < DUPLICATE_PERCENT) {
                out.add(new Delivery(at + random.nextLong(30, 2 * 86_400), account, sequence++, e, true, false));
            }
        }
        return out;
    }
}
