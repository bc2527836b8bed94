package io.ledgerline.load;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ledgerline.load.AccountPlan.Account;
import io.ledgerline.load.AccountPlan.Cancellation;
import io.ledgerline.load.AccountPlan.CreditNote;
import io.ledgerline.load.AccountPlan.Dispute;
import io.ledgerline.load.AccountPlan.DisputeStep;
import io.ledgerline.load.AccountPlan.Event;
import io.ledgerline.load.AccountPlan.Invoice;
import io.ledgerline.load.AccountPlan.Item;
import io.ledgerline.load.AccountPlan.Line;
import io.ledgerline.load.AccountPlan.Payment;
import io.ledgerline.load.AccountPlan.Refund;
import io.ledgerline.load.AccountPlan.Subscription;
import java.io.IOException;
import java.util.Locale;

/**
 * Renders billing events as Stripe Event objects of API version {@code 2025-03-31.basil}, in the shapes of
 * {@code fixtures/basic/stripe-events.jsonl}: customers with {@code metadata.crm_account_id}, subscriptions with
 * {@code metadata.crm_opportunity_id} and their items, invoices whose lines carry {@code pricing.price_details},
 * {@code discount_amounts} and exclusive {@code taxes} that add up to the invoice's totals, invoice payments linking
 * invoice and payment intent, pre-payment credit notes, refunds by payment intent. Currency codes are lower case,
 * amounts integer minor units.
 */
final class StripeEventWriter {

    static final String API_VERSION = "2025-03-31.basil";

    private final JsonLines json = new JsonLines();

    String render(Event event, Account account) {
        return json.render(out -> {
            out.writeStartObject();
            out.writeStringField("id", event.eventId());
            out.writeStringField("object", "event");
            out.writeStringField("api_version", API_VERSION);
            out.writeNumberField("created", event.created());
            out.writeStringField("type", event.kind().label);
            out.writeBooleanField("livemode", false);
            out.writeNumberField("pending_webhooks", 1);
            out.writeObjectFieldStart("request");
            out.writeNullField("id");
            out.writeNullField("idempotency_key");
            out.writeEndObject();
            out.writeObjectFieldStart("data");
            out.writeFieldName("object");
            String currency = account.currency().toLowerCase(Locale.ROOT);
            switch (event.kind()) {
                case CUSTOMER_CREATED -> customer(out, account, event.created());
                case SUBSCRIPTION_CREATED -> {
                    Subscription s = (Subscription) event.subject();
                    subscription(out, s, account, currency, "active", s.start(), s.firstPeriodEnd(), null);
                }
                case SUBSCRIPTION_DELETED -> {
                    Cancellation c = (Cancellation) event.subject();
                    subscription(out, c.subscription(), account, currency, "canceled", c.periodStart(), c.periodEnd(),
                            event.created());
                }
                case INVOICE_FINALIZED -> invoice(out, (Invoice) event.subject(), account, currency, "open", event.created());
                case INVOICE_PAID -> invoice(out, (Invoice) event.subject(), account, currency, "paid", event.created());
                case INVOICE_VOIDED -> invoice(out, (Invoice) event.subject(), account, currency, "void", event.created());
                case INVOICE_PAYMENT_PAID -> payment(out, (Payment) event.subject(), currency);
                case CREDIT_NOTE_CREATED -> creditNote(out, (CreditNote) event.subject(), account, currency);
                case REFUND_CREATED -> refund(out, (Refund) event.subject(), currency);
                case DISPUTE_CREATED, DISPUTE_FUNDS_WITHDRAWN, DISPUTE_FUNDS_REINSTATED, DISPUTE_CLOSED ->
                        dispute(out, (DisputeStep) event.subject(), currency);
                default -> throw new IllegalArgumentException("not a Stripe event: " + event.kind());
            }
            if (event.kind() == AccountPlan.Kind.INVOICE_PAID || event.kind() == AccountPlan.Kind.INVOICE_VOIDED) {
                out.writeObjectFieldStart("previous_attributes");
                out.writeStringField("status", "open");
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    private static void customer(JsonGenerator out, Account a, long created) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", a.customerId());
        out.writeStringField("object", "customer");
        out.writeStringField("name", a.name());
        out.writeStringField("email", a.email());
        out.writeNumberField("created", created);
        out.writeObjectFieldStart("metadata");
        out.writeStringField("crm_account_id", a.crmAccountId());
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void subscription(JsonGenerator out, Subscription s, Account a, String currency, String status,
                                     long periodStart, long periodEnd, Long canceledAt) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", s.id());
        out.writeStringField("object", "subscription");
        out.writeStringField("customer", a.customerId());
        out.writeStringField("status", status);
        out.writeStringField("currency", currency);
        out.writeNumberField("start_date", s.start());
        out.writeNumberField("created", s.createdAt());
        if (canceledAt != null) {
            out.writeNumberField("canceled_at", canceledAt);
            out.writeNumberField("ended_at", canceledAt);
        }
        out.writeStringField("collection_method", "charge_automatically");
        out.writeObjectFieldStart("metadata");
        out.writeStringField("crm_opportunity_id", s.opportunity().id());
        out.writeEndObject();
        if (s.discountId() != null) {
            out.writeArrayFieldStart("discounts");
            out.writeString(s.discountId());
            out.writeEndArray();
        }
        out.writeObjectFieldStart("items");
        out.writeStringField("object", "list");
        out.writeArrayFieldStart("data");
        for (Item item : s.items()) {
            out.writeStartObject();
            out.writeStringField("id", item.id());
            out.writeStringField("object", "subscription_item");
            if (!item.metered()) {
                out.writeNumberField("quantity", item.quantity());
            }
            out.writeNumberField("current_period_start", periodStart);
            out.writeNumberField("current_period_end", periodEnd);
            out.writeObjectFieldStart("price");
            out.writeStringField("id", item.priceId());
            out.writeStringField("product", item.product().id());
            out.writeNumberField("unit_amount", item.unitAmount());
            out.writeStringField("currency", currency);
            out.writeObjectFieldStart("recurring");
            out.writeStringField("interval", s.annual() ? "year" : "month");
            out.writeNumberField("interval_count", 1);
            out.writeStringField("usage_type", item.metered() ? "metered" : "licensed");
            out.writeEndObject();
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void invoice(JsonGenerator out, Invoice inv, Account a, String currency, String status, long at)
            throws IOException {
        long subtotal = inv.subtotal();
        long discount = inv.discount();
        long tax = inv.tax();
        long total = inv.total();
        boolean taxed = a.taxBasisPoints() > 0;
        out.writeStartObject();
        out.writeStringField("id", inv.id);
        out.writeStringField("object", "invoice");
        out.writeStringField("customer", a.customerId());
        out.writeStringField("currency", currency);
        out.writeStringField("status", status);
        out.writeStringField("number", inv.number);
        out.writeStringField("billing_reason", inv.billingReason);
        out.writeStringField("collection_method", inv.collectionMethod);
        out.writeNumberField("created", inv.created);
        out.writeNumberField("effective_at", inv.created);
        out.writeNumberField("period_start", inv.periodStart);
        out.writeNumberField("period_end", inv.periodEnd);
        out.writeNumberField("subtotal", subtotal);
        out.writeNumberField("subtotal_excluding_tax", subtotal);
        out.writeNumberField("total_excluding_tax", subtotal - discount);
        out.writeArrayFieldStart("total_discount_amounts");
        if (discount > 0) {
            out.writeStartObject();
            out.writeNumberField("amount", discount);
            out.writeStringField("discount", inv.discountId);
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("total_taxes");
        if (taxed) {
            tax(out, tax, subtotal - discount, a.taxRateId());
        }
        out.writeEndArray();
        out.writeNumberField("total", total);
        out.writeNumberField("starting_balance", 0);
        out.writeNumberField("amount_due", total);
        boolean paid = "paid".equals(status);
        out.writeNumberField("amount_paid", paid ? inv.paid : 0);
        out.writeNumberField("amount_remaining", paid || "void".equals(status) ? 0 : total);
        out.writeObjectFieldStart("status_transitions");
        out.writeNumberField("finalized_at", inv.created);
        writeNullable(out, "paid_at", paid ? at : null);
        writeNullable(out, "voided_at", "void".equals(status) ? at : null);
        out.writeNullField("marked_uncollectible_at");
        out.writeEndObject();
        out.writeFieldName("parent");
        if (inv.subscription == null) {
            out.writeNull();
        } else {
            out.writeStartObject();
            out.writeStringField("type", "subscription_details");
            out.writeObjectFieldStart("subscription_details");
            out.writeStringField("subscription", inv.subscription.id());
            out.writeObjectFieldStart("metadata");
            out.writeEndObject();
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeObjectFieldStart("lines");
        out.writeStringField("object", "list");
        out.writeBooleanField("has_more", false);
        out.writeArrayFieldStart("data");
        int j = 0;
        for (Line line : inv.lines) {
            line(out, inv, line, j++, a, currency, taxed);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void line(JsonGenerator out, Invoice inv, Line line, int j, Account a, String currency, boolean taxed)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("id", line.id());
        out.writeStringField("object", "line_item");
        out.writeNumberField("amount", line.amount());
        out.writeStringField("currency", currency);
        out.writeStringField("description", line.description());
        out.writeNumberField("quantity", line.quantity());
        out.writeObjectFieldStart("period");
        out.writeNumberField("start", line.periodStart());
        out.writeNumberField("end", line.periodEnd());
        out.writeEndObject();
        out.writeObjectFieldStart("parent");
        if (inv.subscription != null && !Catalog.ONBOARDING.equals(line.product())) {
            out.writeStringField("type", "subscription_item_details");
            out.writeObjectFieldStart("subscription_item_details");
            out.writeStringField("subscription", inv.subscription.id());
            out.writeStringField("subscription_item", itemOf(inv, line));
            out.writeBooleanField("proration", false);
            out.writeEndObject();
        } else {
            out.writeStringField("type", "invoice_item_details");
            out.writeObjectFieldStart("invoice_item_details");
            out.writeStringField("invoice_item", "ii_" + line.id().substring(3));
            out.writeBooleanField("proration", false);
            out.writeEndObject();
        }
        out.writeEndObject();
        out.writeObjectFieldStart("pricing");
        out.writeStringField("type", "price_details");
        out.writeObjectFieldStart("price_details");
        out.writeStringField("price", line.priceId());
        out.writeStringField("product", line.product().id());
        out.writeEndObject();
        out.writeStringField("unit_amount_decimal", Long.toString(line.unitAmount()));
        out.writeEndObject();
        out.writeArrayFieldStart("discount_amounts");
        if (line.discount() > 0) {
            out.writeStartObject();
            out.writeNumberField("amount", line.discount());
            out.writeStringField("discount", line.discountId());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("taxes");
        if (taxed) {
            tax(out, line.tax(), line.net(), a.taxRateId());
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static String itemOf(Invoice inv, Line line) {
        for (Item item : inv.subscription.items()) {
            if (item.product() == line.product()) {
                return item.id();
            }
        }
        return null;
    }

    private static void tax(JsonGenerator out, long amount, long taxable, String rateId) throws IOException {
        out.writeStartObject();
        out.writeNumberField("amount", amount);
        out.writeStringField("tax_behavior", "exclusive");
        out.writeStringField("taxability_reason", "standard_rated");
        out.writeNumberField("taxable_amount", taxable);
        out.writeStringField("type", "tax_rate_details");
        out.writeObjectFieldStart("tax_rate_details");
        out.writeStringField("tax_rate", rateId);
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void writeNullable(JsonGenerator out, String field, Long value) throws IOException {
        if (value == null) {
            out.writeNullField(field);
        } else {
            out.writeNumberField(field, value);
        }
    }

    private static void payment(JsonGenerator out, Payment p, String currency) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", p.id());
        out.writeStringField("object", "invoice_payment");
        out.writeStringField("invoice", p.invoice().id);
        out.writeNumberField("amount_paid", p.amount());
        out.writeNumberField("amount_requested", p.amount());
        out.writeStringField("currency", currency);
        out.writeBooleanField("is_default", true);
        out.writeStringField("status", "paid");
        out.writeObjectFieldStart("payment");
        out.writeStringField("type", "payment_intent");
        out.writeStringField("payment_intent", p.paymentIntent());
        out.writeEndObject();
        out.writeObjectFieldStart("status_transitions");
        out.writeNumberField("paid_at", p.paidAt());
        out.writeNullField("canceled_at");
        out.writeEndObject();
        out.writeNumberField("created", p.paidAt());
        out.writeEndObject();
    }

    private static void creditNote(JsonGenerator out, CreditNote n, Account a, String currency) throws IOException {
        boolean taxed = a.taxBasisPoints() > 0;
        out.writeStartObject();
        out.writeStringField("id", n.id());
        out.writeStringField("object", "credit_note");
        out.writeStringField("invoice", n.invoice().id);
        out.writeStringField("customer", a.customerId());
        out.writeStringField("currency", currency);
        out.writeStringField("type", "pre_payment");
        out.writeStringField("status", "issued");
        out.writeStringField("number", n.number());
        out.writeStringField("reason", "order_change");
        out.writeNumberField("created", n.created());
        out.writeNumberField("effective_at", n.created());
        out.writeNumberField("subtotal", n.amount());
        out.writeNumberField("total", n.total());
        out.writeArrayFieldStart("total_taxes");
        if (taxed) {
            tax(out, n.tax(), n.amount(), a.taxRateId());
        }
        out.writeEndArray();
        out.writeObjectFieldStart("lines");
        out.writeStringField("object", "list");
        out.writeBooleanField("has_more", false);
        out.writeArrayFieldStart("data");
        out.writeStartObject();
        out.writeStringField("id", n.lineId());
        out.writeStringField("object", "credit_note_line_item");
        out.writeStringField("type", "invoice_line_item");
        out.writeStringField("invoice_line_item", n.line().id());
        out.writeNumberField("amount", n.amount());
        out.writeNumberField("quantity", 1);
        out.writeArrayFieldStart("taxes");
        if (taxed) {
            tax(out, n.tax(), n.amount(), a.taxRateId());
        }
        out.writeEndArray();
        out.writeStringField("description", "Credit on " + n.line().description());
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void refund(JsonGenerator out, Refund r, String currency) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", r.id());
        out.writeStringField("object", "refund");
        out.writeNumberField("amount", r.amount());
        out.writeStringField("currency", currency);
        out.writeStringField("payment_intent", r.payment().paymentIntent());
        out.writeStringField("status", "succeeded");
        out.writeStringField("reason", "requested_by_customer");
        out.writeNumberField("created", r.created());
        out.writeEndObject();
    }

    private static void dispute(JsonGenerator out, DisputeStep step, String currency) throws IOException {
        Dispute d = step.dispute();
        out.writeStartObject();
        out.writeStringField("id", d.id());
        out.writeStringField("object", "dispute");
        out.writeNumberField("amount", d.amount());
        out.writeStringField("currency", currency);
        out.writeStringField("charge", d.charge());
        out.writeStringField("payment_intent", d.payment().paymentIntent());
        out.writeStringField("status", step.status());
        out.writeStringField("reason", d.reason());
        out.writeNumberField("created", d.openedAt());
        out.writeBooleanField("is_charge_refundable", false);
        out.writeBooleanField("livemode", false);
        out.writeObjectFieldStart("metadata");
        out.writeEndObject();
        out.writeArrayFieldStart("balance_transactions");
        if (step.withdrawn()) {
            balanceTransaction(out, d.withdrawalTxn(), -d.amount(), d.fee(), currency, d.withdrawalTxnAt());
        }
        if (step.reinstated()) {
            balanceTransaction(out, d.reinstatementTxn(), d.amount(), 0, currency, step.reinstatedAt());
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void balanceTransaction(JsonGenerator out, String id, long amount, long fee, String currency, long at)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("id", id);
        out.writeStringField("object", "balance_transaction");
        out.writeNumberField("amount", amount);
        out.writeStringField("currency", currency);
        out.writeNumberField("fee", fee);
        out.writeArrayFieldStart("fee_details");
        if (fee > 0) {
            out.writeStartObject();
            out.writeNumberField("amount", fee);
            out.writeNullField("application");
            out.writeStringField("currency", currency);
            out.writeStringField("description", "Dispute fee");
            out.writeStringField("type", "stripe_fee");
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeNumberField("net", amount - fee);
        out.writeNumberField("created", at);
        out.writeNumberField("available_on", at);
        out.writeStringField("reporting_category", "dispute");
        out.writeStringField("status", "available");
        out.writeStringField("type", "adjustment");
        out.writeEndObject();
    }
}
