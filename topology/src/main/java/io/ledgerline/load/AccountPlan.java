package io.ledgerline.load;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One customer account's whole generated history as plain values: who it is (CRM account, Stripe customer, ERP
 * customer, legal entity, invoicing currency), what it bought (opportunities and subscriptions) and every document
 * billing produced for it, with the events that report them in business order ({@link #events}). Rendered to JSON
 * only when a line is written ({@link StripeEventWriter}, {@link SalesforceCdcWriter}).
 */
final class AccountPlan {

    /** Who the account is. */
    record Account(int index, String tag, String crmAccountId, String name, String country, Catalog.Entity entity,
                   String currency, String customerId, String erpCustomerId, String email, long createdAt,
                   int taxBasisPoints, String taxRateId) {
    }

    /** A Salesforce opportunity: created, then closed won. */
    record Opportunity(String id, String accountId, String name, long amountMinor, String currency, long createdAt,
                       long closedAt, LocalDate closeDate) {
    }

    /** A subscription item (price and quantity). */
    record Item(String id, Catalog.Product product, String priceId, long quantity, long unitAmount, boolean metered) {
    }

    /** A Stripe subscription and the opportunity it was sold under. */
    record Subscription(String id, Opportunity opportunity, boolean annual, long createdAt, long start,
                        long firstPeriodEnd, List<Item> items, int discountPercent, String discountId) {
    }

    /** An invoice line: amount before discount, its discount and its (exclusive) tax. */
    record Line(String id, Catalog.Product product, String priceId, String description, long quantity, long amount,
                long discount, long tax, long periodStart, long periodEnd, String discountId, long unitAmount) {

        long net() {
            return amount - discount;
        }
    }

    /** An invoice, of a subscription or manual. */
    static final class Invoice {
        final String id;
        final String number;
        final Subscription subscription;
        final String billingReason;
        final long created;
        final long periodStart;
        final long periodEnd;
        final List<Line> lines;
        final String discountId;
        String collectionMethod = "charge_automatically";
        long paid;
        Long paidAt;
        Long voidedAt;

        Invoice(String id, String number, Subscription subscription, String billingReason, long created,
                long periodStart, long periodEnd, List<Line> lines, String discountId) {
            this.id = id;
            this.number = number;
            this.subscription = subscription;
            this.billingReason = billingReason;
            this.created = created;
            this.periodStart = periodStart;
            this.periodEnd = periodEnd;
            this.lines = List.copyOf(lines);
            this.discountId = discountId;
        }

        long subtotal() {
            return lines.stream().mapToLong(Line::amount).sum();
        }

        long discount() {
            return lines.stream().mapToLong(Line::discount).sum();
        }

        long tax() {
            return lines.stream().mapToLong(Line::tax).sum();
        }

        long total() {
            return subtotal() - discount() + tax();
        }
    }

    /** A payment of (part of) an invoice. */
    record Payment(String id, Invoice invoice, String paymentIntent, long amount, long paidAt) {
    }

    /** A pre-payment credit note crediting part of one line. */
    record CreditNote(String id, String number, Invoice invoice, Line line, String lineId, long amount, long tax,
                      long created) {
        long total() {
            return amount + tax;
        }
    }

    /** A monthly subscription canceled at the end of its last billed period. */
    record Cancellation(Subscription subscription, long periodStart, long periodEnd) {
    }

    /** A refund of part of one payment. */
    record Refund(String id, Payment payment, long amount, long created) {
    }

    /** A card dispute of (part of) one payment: opened and the funds withdrawn, later won or lost. */
    record Dispute(String id, String charge, Payment payment, long amount, long fee, String reason, long openedAt,
                   long withdrawalTxnAt, String withdrawalTxn, String reinstatementTxn) {
    }

    /**
     * One step of a dispute as Stripe reports it: its status then, and whether the funds were withdrawn and
     * reinstated by then (the balance transactions the dispute object lists).
     */
    record DisputeStep(Dispute dispute, String status, boolean withdrawn, boolean reinstated, long reinstatedAt) {
    }

    /** What an event reports. */
    enum Kind {
        CRM_ACCOUNT_CREATE(ExportFile.SALESFORCE_CDC, "Account CREATE"),
        CRM_OPPORTUNITY_CREATE(ExportFile.SALESFORCE_CDC, "Opportunity CREATE"),
        CRM_OPPORTUNITY_CLOSED_WON(ExportFile.SALESFORCE_CDC, "Opportunity UPDATE (Closed Won)"),
        CUSTOMER_CREATED(ExportFile.STRIPE_EVENTS, "customer.created"),
        SUBSCRIPTION_CREATED(ExportFile.STRIPE_EVENTS, "customer.subscription.created"),
        SUBSCRIPTION_DELETED(ExportFile.STRIPE_EVENTS, "customer.subscription.deleted"),
        INVOICE_FINALIZED(ExportFile.STRIPE_EVENTS, "invoice.finalized"),
        INVOICE_PAYMENT_PAID(ExportFile.STRIPE_EVENTS, "invoice_payment.paid"),
        INVOICE_PAID(ExportFile.STRIPE_EVENTS, "invoice.paid"),
        INVOICE_VOIDED(ExportFile.STRIPE_EVENTS, "invoice.voided"),
        CREDIT_NOTE_CREATED(ExportFile.STRIPE_EVENTS, "credit_note.created"),
        REFUND_CREATED(ExportFile.STRIPE_EVENTS, "refund.created"),
        DISPUTE_CREATED(ExportFile.STRIPE_EVENTS, "charge.dispute.created"),
        DISPUTE_FUNDS_WITHDRAWN(ExportFile.STRIPE_EVENTS, "charge.dispute.funds_withdrawn"),
        DISPUTE_FUNDS_REINSTATED(ExportFile.STRIPE_EVENTS, "charge.dispute.funds_reinstated"),
        DISPUTE_CLOSED(ExportFile.STRIPE_EVENTS, "charge.dispute.closed");

        final ExportFile file;
        final String label;

        Kind(ExportFile file, String label) {
            this.file = file;
            this.label = label;
        }
    }

    /**
     * One event: what it reports ({@code subject}: an opportunity, subscription, cancellation, invoice, payment,
     * credit note, refund or dispute step; the account for account and customer events), when it happened (epoch seconds) and its
     * id (the Stripe event id, or the CDC transaction key).
     */
    record Event(Kind kind, long created, String eventId, Object subject) {
    }

    final Account account;
    final List<Subscription> subscriptions = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    AccountPlan(Account account) {
        this.account = account;
    }
}
