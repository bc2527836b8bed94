package io.ledgerline.identity;

import io.ledgerline.posting.EntryIds;
import io.ledgerline.canonical.BillingCustomer;
import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.PostingResult;
import io.ledgerline.canonical.Refund;
import io.ledgerline.canonical.Dispute;
import io.ledgerline.waits.WaitKey;
import io.ledgerline.waits.WaitKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * The chain by which a billing event reaches its CRM account: refund or dispute → payment intent → invoice → customer →
 * account. Each level is a partitioning of its own (events keyed by the id at that level) with the links
 * that level learns from the events that define them.
 */
public enum IdentityLevel {
    PAYMENT_INTENT("payment-intent"),
    INVOICE("invoice"),
    CUSTOMER("customer"),
    /**
     * The ERP's posting results, which name only their journal entry, to the entry's account: keyed by the entry's
     * source object ({@link EntryIds#sourceOf}), linked by the ledger once per object.
     */
    JOURNAL_ENTRY("journal-entry");

    private final String label;

    IdentityLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The level whose wait a wait key names ({@code identity:<level>:<id>}), if it names one. */
    public static Optional<IdentityLevel> ofWait(String waitingFor) {
        if (waitingFor == null || !waitingFor.startsWith(WAIT_PREFIX)) {
            return Optional.empty();
        }
        String rest = waitingFor.substring(WAIT_PREFIX.length());
        return Arrays.stream(values()).filter(l -> rest.startsWith(l.label + ":")).findFirst();
    }

    /** The id at its level that a wait key of {@link #ofWait} names. */
    public static String idOfWait(String waitingFor) {
        IdentityLevel level = ofWait(waitingFor).orElseThrow(() -> new IllegalArgumentException("not an identity wait: " + waitingFor));
        String id = waitingFor.substring(WAIT_PREFIX.length() + level.label.length() + 1);
        // identity:<level>:<id>:conflict waits on the same id (a second link for it)
        return id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
    }

    /** The key an event waiting at this level is parked under. */
    public WaitKey waitKey(String id) {
        return WaitKey.of(WaitKind.IDENTITY, label, id);
    }

    private static final String WAIT_PREFIX = WaitKind.IDENTITY.prefix() + ":";

    /** The level a billing event enters the chain at. */
    public static IdentityLevel entryOf(CanonicalEvent event) {
        Object p = event.getPayload();
        if (p instanceof Refund || p instanceof Dispute) {
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
            case PAYMENT_INTENT -> p instanceof Refund r ? r.getPaymentIntentId()
                    : p instanceof Dispute d ? d.getPaymentIntentId() : ((InvoicePayment) p).getPaymentIntentId();
            case INVOICE -> p instanceof BillingInvoice i ? i.getInvoiceId() : ((InvoicePayment) p).getInvoiceId();
            case CUSTOMER -> customerOf(p);
            // one link per source object, not per entry: a line's recognition of every month shares its link
            case JOURNAL_ENTRY -> EntryIds.sourceOf(((PostingResult) p).getEntryId());
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

    /** True where the next level's key is the CRM account, which the event then carries. */
    public boolean resolvesAccount() {
        return this == CUSTOMER || this == JOURNAL_ENTRY;
    }

    /** The link this event defines at this level (its own id to the next level's id), if any. */
    public Optional<String> linkDefinedBy(CanonicalEvent event) {
        Object p = event.getPayload();
        return switch (this) {
            case PAYMENT_INTENT -> p instanceof InvoicePayment ip && ip.getPaymentIntentId() != null
                    ? Optional.of(ip.getInvoiceId()) : Optional.empty();
            case INVOICE -> p instanceof BillingInvoice i ? Optional.of(i.getCustomerId()) : Optional.empty();
            case CUSTOMER -> p instanceof BillingCustomer c ? Optional.ofNullable(c.getCrmAccountId()) : Optional.empty();
            // the ledger defines these links with the entries it journals (JournalEntryLink), not events
            case JOURNAL_ENTRY -> Optional.empty();
        };
    }
}
