package io.ledgerline.reference;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * A complete quote-to-cash history in business terms: ERP master data, CRM records and the Stripe objects
 * with their own dates. {@link HistoryJson} renders it as the raw connector lines (and parses fixture lines
 * back into it); {@link ReferenceLedger} turns it into the journal the posting rules call for.
 */
public record History(
        long seed,
        Instant asOf,
        List<LegalEntity> legalEntities,
        List<Period> periods,
        List<GlMapping> glMappings,
        List<Product> products,
        List<FxRate> fxRates,
        List<Crosswalk> crosswalks,
        List<CrmAccount> crmAccounts,
        List<Opportunity> opportunities,
        List<Customer> customers,
        List<Subscription> subscriptions,
        List<Invoice> invoices,
        List<Payment> payments,
        List<CreditNote> creditNotes,
        List<Refund> refunds,
        List<InvoiceVoid> voids,
        List<SubscriptionUpdate> subscriptionUpdates,
        List<Dispute> disputes) {

    /** A history without subscription changes and disputes. */
    public History(long seed, Instant asOf, List<LegalEntity> legalEntities, List<Period> periods, List<GlMapping> glMappings,
            List<Product> products, List<FxRate> fxRates, List<Crosswalk> crosswalks, List<CrmAccount> crmAccounts,
            List<Opportunity> opportunities, List<Customer> customers, List<Subscription> subscriptions,
            List<Invoice> invoices, List<Payment> payments, List<CreditNote> creditNotes, List<Refund> refunds,
            List<InvoiceVoid> voids) {
        this(seed, asOf, legalEntities, periods, glMappings, products, fxRates, crosswalks, crmAccounts, opportunities,
                customers, subscriptions, invoices, payments, creditNotes, refunds, voids, List.of(), List.of());
    }

    public record LegalEntity(String id, String functionalCurrency, String erp) {
    }

    public record Period(String legalEntity, YearMonth month, boolean open) {
    }

    public record GlMapping(String legalEntity, String role, String accountCode) {
    }

    /** {@code recognition}: RATABLE, POINT_IN_TIME or USAGE (revenue when invoiced, the line keeps quantity and period). */
    public record Product(String id, String recognition, String name) {

        public Product(String id, boolean ratable, String name) {
            this(id, ratable ? "RATABLE" : "POINT_IN_TIME", name);
        }

        public boolean ratable() {
            return "RATABLE".equals(recognition);
        }

        public boolean usage() {
            return "USAGE".equals(recognition);
        }
    }

    /** One unit of {@code from} costs {@code rate} units of {@code to} from {@code date} on; {@code rate} is the text as sent. */
    public record FxRate(String from, String to, LocalDate date, String rate) {
    }

    public record Crosswalk(String crmAccountId, String billingCustomerId, String erpCustomerId, String legalEntity) {
    }

    public record CrmAccount(String id, String name, Instant createdAt) {
    }

    public record Opportunity(String id, String accountId, String name, long amountMinor, String currency,
            Instant createdAt, Instant closedWonAt) {
    }

    public record Customer(String id, String crmAccountId, String name, Instant createdAt, String eventId) {
    }

    /**
     * {@code opportunityId} may be null (then the subscription is its own transaction). {@code renews}: the
     * subscription whose term this one continues (null for a new one).
     */
    public record Subscription(String id, String customerId, String opportunityId, String currency, Instant createdAt,
            String eventId, List<String> productIds, String renews) {

        public Subscription(String id, String customerId, String opportunityId, String currency, Instant createdAt,
                String eventId, List<String> productIds) {
            this(id, customerId, opportunityId, currency, createdAt, eventId, productIds, null);
        }
    }

    /**
     * {@code customer.subscription.updated}: from {@code at} on, the item of {@code productId} runs at
     * {@code unitAmount} × {@code quantity} instead of {@code previousUnitAmount} × {@code previousQuantity}.
     */
    public record SubscriptionUpdate(String subscriptionId, String productId, Instant at, long previousUnitAmount,
            long previousQuantity, long unitAmount, long quantity, String eventId) {
    }

    /** {@code subscriptionId} null: a manual invoice. Currency upper case. */
    public record Invoice(String id, String customerId, String subscriptionId, String currency, Instant effectiveAt,
            List<InvoiceLine> lines, String finalizedEventId, String number, String billingReason, long startingBalance) {

        public Invoice(String id, String customerId, String subscriptionId, String currency, Instant effectiveAt,
                List<InvoiceLine> lines, String finalizedEventId, String number) {
            this(id, customerId, subscriptionId, currency, effectiveAt, lines, finalizedEventId, number,
                    subscriptionId == null ? "manual" : "subscription_create", 0);
        }

        /** Stripe's amount_due: the total less the customer credit applied (a negative starting balance); 0 for a negative total. */
        public long amountDue() {
            long total = total();
            if (total <= 0) {
                return 0;
            }
            return total - appliedCredit();
        }

        /** Customer credit this invoice applies: min(total, -starting balance), never negative. */
        public long appliedCredit() {
            long total = total();
            return total <= 0 || startingBalance >= 0 ? 0 : Math.min(total, -startingBalance);
        }

        public Invoice withStartingBalance(long balance) {
            return new Invoice(id, customerId, subscriptionId, currency, effectiveAt, lines, finalizedEventId, number,
                    billingReason, balance);
        }

        public long subtotal() {
            return lines.stream().mapToLong(InvoiceLine::amount).sum();
        }

        public long discount() {
            return lines.stream().mapToLong(InvoiceLine::discount).sum();
        }

        public long tax() {
            return lines.stream().mapToLong(InvoiceLine::tax).sum();
        }

        public long total() {
            return lines.stream().mapToLong(l -> l.net() + l.tax()).sum();
        }

        public InvoiceLine line(String lineId) {
            return lines.stream().filter(l -> l.id().equals(lineId)).findFirst().orElse(null);
        }
    }

    /**
     * Amounts in minor units; exclusive tax. Period [periodStart, periodEnd). {@code proration}: a proration line of a
     * subscription change ({@code subscriptionItem} names the item); {@code creditedLineId}: on a proration credit
     * (negative amount), the invoice line whose unused time it credits, and {@code creditedInvoiceId} its invoice.
     */
    public record InvoiceLine(String id, String productId, long amount, long discount, long tax, Instant periodStart,
            Instant periodEnd, long quantity, boolean proration, String subscriptionItem, String creditedInvoiceId,
            String creditedLineId) {

        public InvoiceLine(String id, String productId, long amount, long discount, long tax, Instant periodStart,
                Instant periodEnd) {
            this(id, productId, amount, discount, tax, periodStart, periodEnd, 1, false, null, null, null);
        }

        public long net() {
            return amount - discount;
        }
    }

    public record Payment(String id, String invoiceId, String paymentIntentId, long amount, String currency,
            Instant paidAt, String eventId) {
    }

    public record CreditNote(String id, String invoiceId, String customerId, String currency, Instant effectiveAt,
            List<CreditNoteLine> lines, String eventId, String type) {

        public long subtotal() {
            return lines.stream().mapToLong(CreditNoteLine::amount).sum();
        }

        public long tax() {
            return lines.stream().mapToLong(CreditNoteLine::tax).sum();
        }

        public long total() {
            return subtotal() + tax();
        }
    }

    /** {@code amount} excludes tax; {@code invoiceLineId} may be null. */
    public record CreditNoteLine(String id, String invoiceLineId, long amount, long tax) {
    }

    public record Refund(String id, String paymentIntentId, long amount, String currency, Instant createdAt,
            String eventId) {
    }

    public record InvoiceVoid(String invoiceId, Instant voidedAt, String eventId) {
    }

    /**
     * A card dispute of the payment {@code paymentIntentId}: created, funds withdrawn (amount plus {@code fee}), then
     * {@code outcome} "won" (funds reinstated, closed won), "lost" (closed lost) or "open" (not closed by as-of).
     * {@code closedAt} null while open.
     */
    public record Dispute(String id, String paymentIntentId, long amount, String currency, long fee, Instant createdAt,
            Instant withdrawnAt, String outcome, Instant closedAt, String eventPrefix) {
    }

    public Invoice invoice(String id) {
        return invoices.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    public Payment paymentByIntent(String paymentIntentId) {
        return payments.stream().filter(p -> paymentIntentId.equals(p.paymentIntentId())).findFirst().orElse(null);
    }

    /** The invoice a refund reaches through its payment intent. */
    public String invoiceOfRefund(Refund refund) {
        Payment p = paymentByIntent(refund.paymentIntentId());
        return p == null ? null : p.invoiceId();
    }

    /** The invoice a dispute reaches through its payment intent. */
    public String invoiceOfDispute(Dispute d) {
        Payment p = paymentByIntent(d.paymentIntentId());
        return p == null ? null : p.invoiceId();
    }

    /** The ERPs the legal entities post to (journal topics erp.journal.&lt;erp&gt;). */
    public List<String> erps() {
        return legalEntities.stream().map(LegalEntity::erp).distinct().sorted().toList();
    }

    /** A short human summary for property-test reports. */
    public String summary() {
        return "History{seed=" + seed + ", asOf=" + asOf + ", customers=" + customers.size() + ", invoices="
                + invoices.size() + ", payments=" + payments.size() + ", creditNotes=" + creditNotes.size()
                + ", refunds=" + refunds.size() + ", voids=" + voids.size() + ", subscriptionUpdates=" + subscriptionUpdates.size()
                + ", disputes=" + disputes.size() + "}";
    }

    /** Compact but complete: what jqwik prints for a (shrunk) failing history. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History seed=" + seed + " asOf=" + asOf + "\n");
        periods.stream().filter(p -> !p.open()).forEach(p -> sb.append("  CLOSED ").append(p.legalEntity()).append(' ')
                .append(p.month()).append('\n'));
        fxRates.forEach(r -> sb.append("  fx ").append(r.from()).append('>').append(r.to()).append(' ').append(r.date())
                .append(' ').append(r.rate()).append('\n'));
        for (Crosswalk c : crosswalks) {
            sb.append("  customer ").append(c.billingCustomerId()).append(" crm=").append(c.crmAccountId()).append(" erp=")
                    .append(c.erpCustomerId()).append(' ').append(c.legalEntity()).append('\n');
        }
        for (Subscription s : subscriptions) {
            sb.append("  ").append(s.id()).append(" of ").append(s.customerId()).append(" opp=").append(s.opportunityId())
                    .append(s.renews() != null ? " renews " + s.renews() : "").append('\n');
        }
        for (Invoice i : invoices) {
            sb.append("  ").append(i.id()).append(' ').append(i.customerId()).append(" sub=").append(i.subscriptionId())
                    .append(' ').append(i.currency()).append(" at ").append(i.effectiveAt()).append(" total ").append(i.total())
                    .append(i.startingBalance() != 0 ? " starting_balance " + i.startingBalance() + " amount_due " + i.amountDue() : "")
                    .append(" ").append(i.billingReason()).append('\n');
            for (InvoiceLine l : i.lines()) {
                sb.append("      ").append(l.id()).append(' ').append(l.productId()).append(" amount ").append(l.amount())
                        .append(" discount ").append(l.discount()).append(" tax ").append(l.tax()).append(" period ")
                        .append(l.periodStart()).append("..").append(l.periodEnd())
                        .append(l.quantity() != 1 ? " quantity " + l.quantity() : "")
                        .append(l.proration() ? " proration" + (l.creditedLineId() != null ? " credits " + l.creditedLineId() : "") : "")
                        .append('\n');
            }
        }
        payments.forEach(p -> sb.append("  ").append(p.id()).append(" pays ").append(p.invoiceId()).append(' ')
                .append(p.amount()).append(" at ").append(p.paidAt()).append(" pi=").append(p.paymentIntentId()).append('\n'));
        for (CreditNote c : creditNotes) {
            sb.append("  ").append(c.id()).append(" credits ").append(c.invoiceId()).append(" at ").append(c.effectiveAt())
                    .append(" total ").append(c.total()).append('\n');
            c.lines().forEach(l -> sb.append("      ").append(l.invoiceLineId()).append(" amount ").append(l.amount())
                    .append(" tax ").append(l.tax()).append('\n'));
        }
        refunds.forEach(r -> sb.append("  ").append(r.id()).append(" refunds ").append(r.paymentIntentId()).append(' ')
                .append(r.amount()).append(" at ").append(r.createdAt()).append('\n'));
        voids.forEach(v -> sb.append("  void ").append(v.invoiceId()).append(" at ").append(v.voidedAt()).append('\n'));
        subscriptionUpdates.forEach(u -> sb.append("  update ").append(u.subscriptionId()).append(' ').append(u.productId())
                .append(" at ").append(u.at()).append(' ').append(u.previousUnitAmount()).append('x').append(u.previousQuantity())
                .append(" -> ").append(u.unitAmount()).append('x').append(u.quantity()).append('\n'));
        disputes.forEach(d -> sb.append("  ").append(d.id()).append(" disputes ").append(d.paymentIntentId()).append(' ')
                .append(d.amount()).append(" fee ").append(d.fee()).append(" at ").append(d.createdAt()).append(" withdrawn ")
                .append(d.withdrawnAt()).append(' ').append(d.outcome()).append(" closed ").append(d.closedAt()).append('\n'));
        return sb.toString();
    }
}
