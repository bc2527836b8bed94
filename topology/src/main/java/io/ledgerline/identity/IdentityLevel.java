package io.ledgerline.identity;

import io.ledgerline.canonical.BillingCustomer;
import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.Refund;
import java.util.Optional;

/**
 * The chain by which a billing event reaches its CRM account: refund → payment intent → invoice → customer →
 * account. Each level is a partitioning of its own (events keyed by the id at that level) with the links
 * that level learns from the events that define them.
 */
public enum IdentityLevel {
    PAYMENT_INTENT("payment-intent"),
    INVOICE("invoice"),
    CUSTOMER("customer");

    private final String label;

    IdentityLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The level a billing event enters the chain at. */
    public static IdentityLevel entryOf(CanonicalEvent event) {
        Object p = event.getPayload();
        if (p instanceof Refund) {
            return PAYMENT_INTENT;
        } else if (p instanceof InvoicePayment ip) {
            return ip.getPaymentIntentId() != null ? PAYMENT_INTENT : INVOICE;
        } else if (p instanceof BillingInvoice) {
            return INVOICE;
        }
        return CUSTOMER;
    }

    /** The id of the event's object at this level: the key it is partitioned by there. */
    public String keyOf(CanonicalEvent event) {
        Object p = event.getPayload();
        return switch (this) {
            case PAYMENT_INTENT -> p instanceof Refund r ? r.getPaymentIntentId() : ((InvoicePayment) p).getPaymentIntentId();
            case INVOICE -> p instanceof BillingInvoice i ? i.getInvoiceId() : ((InvoicePayment) p).getInvoiceId();
            case CUSTOMER -> customerOf(p);
        };
    }

    private static String customerOf(Object p) {
        if (p instanceof BillingCustomer c) {
            return c.getCustomerId();
        } else if (p instanceof BillingSubscription s) {
            return s.getCustomerId();
        } else if (p instanceof CreditNote cn) {
            return cn.getCustomerId();
        } else if (p instanceof BillingInvoice i) {
            return i.getCustomerId();
        }
        throw new IllegalArgumentException("no customer on " + p.getClass().getSimpleName());
    }

    /** The link this event defines at this level (its own id to the next level's id), if any. */
    public Optional<String> linkDefinedBy(CanonicalEvent event) {
        Object p = event.getPayload();
        return switch (this) {
            case PAYMENT_INTENT -> p instanceof InvoicePayment ip && ip.getPaymentIntentId() != null
                    ? Optional.of(ip.getInvoiceId()) : Optional.empty();
            case INVOICE -> p instanceof BillingInvoice i ? Optional.of(i.getCustomerId()) : Optional.empty();
            case CUSTOMER -> p instanceof BillingCustomer c ? Optional.ofNullable(c.getCrmAccountId()) : Optional.empty();
        };
    }
}
