package io.ledgerline.reconciliation;

import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.SubscriptionItem;
import java.util.Locale;

/** What a subscription is worth over a year of its items, to compare with the booking that ordered it. Pure. */
public final class SubscriptionValue {

    private SubscriptionValue() {
    }

    /**
     * Unit amount × quantity × billing periods per year, summed over the licensed items (metered prices have no fixed
     * value); null when an item has no unit amount or an interval that does not divide a year.
     */
    public static Long annual(BillingSubscription subscription) {
        long total = 0;
        for (SubscriptionItem item : subscription.getItems()) {
            if (item.getMetered()) {
                continue; // billed for its usage, in arrears: no value fixed in advance
            }
            if (item.getUnitAmountMinor() == null || item.getInterval() == null) {
                return null;
            }
            int count = item.getIntervalCount() == null || item.getIntervalCount() <= 0 ? 1 : item.getIntervalCount();
            long perYearTimesCount = switch (item.getInterval().toLowerCase(Locale.ROOT)) {
                case "year" -> 1;
                case "month" -> 12;
                case "week" -> 52;
                case "day" -> 365;
                default -> -1;
            };
            if (perYearTimesCount < 0 || perYearTimesCount % count != 0) {
                return null;
            }
            total = Math.addExact(total, Math.multiplyExact(Math.multiplyExact(item.getUnitAmountMinor(), item.getQuantity()),
                    perYearTimesCount / count));
        }
        return total;
    }
}
