package io.ledgerline.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Raw connector lines for a {@link History}, shaped exactly like the bundled fixtures (Stripe Events API
 * 2025-03-31.basil, Salesforce CDC, ERP master data), and the reverse: fixture lines parsed into a History.
 */
public final class HistoryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HistoryJson() {
    }

    /** Business order of an invoice's documents on one instant: payments, credit notes, refunds, disputes, then the void. */
    static final int NOT_ORDERED = -1;
    static final int PAYMENT = 0;
    static final int CREDIT_NOTE = 1;
    static final int REFUND = 2;
    static final int DISPUTE = 3;
    static final int VOID = 4;

    /**
     * One Stripe event line; {@code rank} places a document of an invoice in its business order (see {@link #PAYMENT}
     * ...), {@link #NOT_ORDERED} for what is no such document (customers, subscriptions, invoices themselves).
     */
    public record StripeLine(String json, String eventId, Instant businessTime, String invoiceId, int rank) {

        boolean ordered() {
            return rank != NOT_ORDERED;
        }

        boolean isPayment() {
            return rank == PAYMENT;
        }
    }

    // ------------------------------------------------------------------ rendering

    public static List<String> masterData(History h) {
        List<String> out = new ArrayList<>();
        for (History.LegalEntity le : h.legalEntities()) {
            ObjectNode n = obj().put("type", "legal_entity").put("legalEntity", le.id())
                    .put("name", "Ledgerline Demo " + le.id()).put("functionalCurrency", le.functionalCurrency())
                    .put("erp", le.erp()).put("erpSubsidiaryId", le.id().substring(3));
            out.add(n.toString());
            for (History.Period p : h.periods()) {
                if (p.legalEntity().equals(le.id())) {
                    out.add(obj().put("type", "accounting_period").put("legalEntity", le.id())
                            .put("period", p.month().toString()).put("status", p.open() ? "OPEN" : "CLOSED").toString());
                }
            }
            for (History.GlMapping g : h.glMappings()) {
                if (g.legalEntity().equals(le.id())) {
                    out.add(obj().put("type", "gl_mapping").put("legalEntity", le.id()).put("role", g.role())
                            .put("accountCode", g.accountCode()).toString());
                }
            }
        }
        for (History.Product p : h.products()) {
            out.add(obj().put("type", "product_mapping").put("productId", p.id())
                    .put("recognition", p.recognition()).put("name", p.name()).toString());
        }
        for (History.FxRate r : h.fxRates()) {
            out.add(obj().put("type", "fx_rate").put("fromCurrency", r.from()).put("toCurrency", r.to())
                    .put("date", r.date().toString()).put("rate", r.rate()).toString());
        }
        for (History.Crosswalk c : h.crosswalks()) {
            out.add(obj().put("type", "customer_crosswalk").put("crmAccountId", c.crmAccountId())
                    .put("billingCustomerId", c.billingCustomerId()).put("erpCustomerId", c.erpCustomerId())
                    .put("legalEntity", c.legalEntity()).toString());
        }
        return out;
    }

    /** Salesforce CDC lines in commit order. */
    public static List<String> cdc(History h) {
        record Cdc(Instant at, String json) {
        }
        List<Cdc> all = new ArrayList<>();
        int[] replay = {1000};
        for (History.CrmAccount a : h.crmAccounts()) {
            ObjectNode payload = obj();
            payload.set("ChangeEventHeader", header("Account", a.id(), "CREATE", a.createdAt(), List.of(), a.id()));
            payload.put("Name", a.name()).put("BillingCountry", "United States").put("Type", "Customer")
                    .put("CreatedDate", sfTime(a.createdAt())).put("LastModifiedDate", sfTime(a.createdAt()));
            all.add(new Cdc(a.createdAt(), cdcEnvelope("06029af63ea9dd69549648", payload)));
        }
        for (History.Opportunity o : h.opportunities()) {
            ObjectNode create = obj();
            create.set("ChangeEventHeader", header("Opportunity", o.id(), "CREATE", o.createdAt(), List.of(), o.id() + "c"));
            create.put("Name", o.name()).put("AccountId", o.accountId()).put("StageName", "Prospecting")
                    .put("Amount", BigDecimal.valueOf(o.amountMinor()).movePointLeft(io.ledgerline.money.Currencies.exponent(o.currency())).doubleValue())
                    .put("CurrencyIsoCode", o.currency())
                    .put("CloseDate", o.closedWonAt().atZone(ZoneOffset.UTC).toLocalDate().toString())
                    .put("Type", o.name().startsWith("Renewal") ? "Renewal" : "New Business").put("CreatedDate", sfTime(o.createdAt()))
                    .put("LastModifiedDate", sfTime(o.createdAt()));
            all.add(new Cdc(o.createdAt(), cdcEnvelope("405cc61ad9bd28fe764fd1", create)));
            ObjectNode update = obj();
            update.set("ChangeEventHeader", header("Opportunity", o.id(), "UPDATE", o.closedWonAt(),
                    List.of("StageName", "LastModifiedDate"), o.id() + "u"));
            update.put("StageName", "Closed Won").put("LastModifiedDate", sfTime(o.closedWonAt()));
            all.add(new Cdc(o.closedWonAt(), cdcEnvelope("405cc61ad9bd28fe764fd1", update)));
        }
        all.sort(Comparator.comparing(Cdc::at));
        List<String> out = new ArrayList<>();
        for (Cdc c : all) {
            ObjectNode n = (ObjectNode) tree(c.json());
            ((ObjectNode) n.get("event")).put("replayId", replay[0] += 7);
            out.add(n.toString());
        }
        return out;
    }

    private static String cdcEnvelope(String schema, ObjectNode payload) {
        ObjectNode n = obj().put("schema", schema);
        n.set("payload", payload);
        n.set("event", obj().put("replayId", 0));
        return n.toString();
    }

    private static ObjectNode header(String entity, String recordId, String changeType, Instant at, List<String> changed,
            String txSeed) {
        ObjectNode h = obj().put("entityName", entity);
        h.set("recordIds", F.arrayNode().add(recordId));
        h.put("changeType", changeType).put("changeOrigin", "com/salesforce/api/soap/62.0;client=SfdcInternalAPI/")
                .put("transactionKey", uuidLike(txSeed)).put("sequenceNumber", 1).put("commitTimestamp", at.toEpochMilli())
                .put("commitNumber", 90000 + Math.floorMod(txSeed.hashCode(), 9999)).put("commitUser", "005AAAAAAAAAAAAAAA");
        ArrayNode cf = F.arrayNode();
        changed.forEach(cf::add);
        h.set("changedFields", cf);
        h.set("nulledFields", F.arrayNode());
        h.set("diffFields", F.arrayNode());
        return h;
    }

    private static String uuidLike(String seed) {
        String hex = String.format(Locale.ROOT, "%016x%016x", (long) seed.hashCode() * 0x9E3779B97F4A7C15L,
                (long) seed.hashCode() * 31 + 17);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-0000-0000-" + hex.substring(20, 32);
    }

    private static final java.time.format.DateTimeFormatter SF_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static String sfTime(Instant t) {
        return SF_TIME.format(t);
    }

    /** Every Stripe event of the history, each once, in business-time order. */
    public static List<StripeLine> stripe(History h) {
        List<StripeLine> out = new ArrayList<>();
        for (History.Customer c : h.customers()) {
            ObjectNode o = obj().put("id", c.id()).put("object", "customer").put("name", c.name())
                    .put("email", "billing@" + c.id().toLowerCase(Locale.ROOT) + ".example").put("created", sec(c.createdAt()));
            o.set("metadata", obj().put("crm_account_id", c.crmAccountId()));
            out.add(new StripeLine(event(c.eventId(), "customer.created", c.createdAt(), o, null), c.eventId(),
                    c.createdAt(), null, NOT_ORDERED));
        }
        for (History.Subscription s : h.subscriptions()) {
            ObjectNode o = obj().put("id", s.id()).put("object", "subscription").put("customer", s.customerId())
                    .put("status", "active").put("currency", s.currency().toLowerCase(Locale.ROOT))
                    .put("start_date", sec(s.createdAt())).put("created", sec(s.createdAt()))
                    .put("collection_method", "charge_automatically");
            ObjectNode md = obj();
            if (s.opportunityId() != null) {
                md.put("crm_opportunity_id", s.opportunityId());
            }
            o.set("metadata", md);
            ArrayNode items = F.arrayNode();
            for (String product : s.productIds()) {
                items.add(subscriptionItem(s, product, 100000, 1));
            }
            ObjectNode list = obj().put("object", "list");
            list.set("data", items);
            o.set("items", list);
            out.add(new StripeLine(event(s.eventId(), "customer.subscription.created", s.createdAt(), o, null),
                    s.eventId(), s.createdAt(), null, NOT_ORDERED));
            for (History.SubscriptionUpdate u : h.subscriptionUpdates()) {
                if (!u.subscriptionId().equals(s.id())) {
                    continue;
                }
                ObjectNode updated = o.deepCopy();
                ArrayNode now = F.arrayNode();
                ArrayNode before = F.arrayNode();
                List<String> productIds = new ArrayList<>(s.productIds());
                if (!productIds.contains(u.productId())) {
                    productIds.add(u.productId());
                }
                for (String product : productIds) {
                    boolean changed = product.equals(u.productId());
                    now.add(subscriptionItem(s, product, changed ? u.unitAmount() : 100000, changed ? u.quantity() : 1));
                    before.add(subscriptionItem(s, product, changed ? u.previousUnitAmount() : 100000,
                            changed ? u.previousQuantity() : 1));
                }
                ((ObjectNode) updated.get("items")).set("data", now);
                ObjectNode previousItems = obj().put("object", "list");
                previousItems.set("data", before);
                ObjectNode previous = obj();
                previous.set("items", previousItems);
                out.add(new StripeLine(event(u.eventId(), "customer.subscription.updated", u.at(), updated, previous),
                        u.eventId(), u.at(), null, NOT_ORDERED));
            }
        }
        Map<String, Instant> paidAt = fullyPaidAt(h);
        for (History.Invoice inv : h.invoices()) {
            out.add(new StripeLine(event(inv.finalizedEventId(), "invoice.finalized", inv.effectiveAt(),
                    invoiceObject(inv, "open", 0, null, null), null), inv.finalizedEventId(), inv.effectiveAt(), inv.id(), NOT_ORDERED));
            Instant paid = paidAt.get(inv.id());
            if (paid != null) {
                String eventId = "evt_paid" + inv.id().substring(3);
                Instant at = paid.plusSeconds(1);
                ObjectNode prev = obj().put("status", "open").put("amount_paid", 0);
                out.add(new StripeLine(event(eventId, "invoice.paid", at, invoiceObject(inv, "paid", inv.amountDue(), at, null),
                        prev), eventId, at, inv.id(), NOT_ORDERED));
            }
        }
        for (History.Payment p : h.payments()) {
            ObjectNode o = obj().put("id", p.id()).put("object", "invoice_payment").put("invoice", p.invoiceId())
                    .put("amount_paid", p.amount()).put("amount_requested", p.amount())
                    .put("currency", p.currency().toLowerCase(Locale.ROOT)).put("is_default", true).put("status", "paid");
            o.set("payment", obj().put("type", "payment_intent").put("payment_intent", p.paymentIntentId()));
            ObjectNode st = obj().put("paid_at", sec(p.paidAt()));
            st.putNull("canceled_at");
            o.set("status_transitions", st);
            o.put("created", sec(p.paidAt()));
            out.add(new StripeLine(event(p.eventId(), "invoice_payment.paid", p.paidAt(), o, null), p.eventId(), p.paidAt(),
                    p.invoiceId(), PAYMENT));
        }
        for (History.CreditNote cn : h.creditNotes()) {
            String cur = cn.currency().toLowerCase(Locale.ROOT);
            ObjectNode o = obj().put("id", cn.id()).put("object", "credit_note").put("invoice", cn.invoiceId())
                    .put("customer", cn.customerId()).put("currency", cur).put("type", cn.type()).put("status", "issued")
                    .put("number", cn.id().substring(3).toUpperCase(Locale.ROOT)).put("created", sec(cn.effectiveAt()))
                    .put("effective_at", sec(cn.effectiveAt())).put("subtotal", cn.subtotal()).put("total", cn.total());
            o.set("total_taxes", taxes(cn.tax(), cn.subtotal()));
            ArrayNode data = F.arrayNode();
            for (History.CreditNoteLine l : cn.lines()) {
                ObjectNode line = obj().put("id", l.id()).put("object", "credit_note_line_item")
                        .put("type", l.invoiceLineId() == null ? "custom_line_item" : "invoice_line_item");
                if (l.invoiceLineId() != null) {
                    line.put("invoice_line_item", l.invoiceLineId());
                }
                line.put("amount", l.amount()).put("quantity", 1);
                line.set("taxes", taxes(l.tax(), l.amount()));
                line.put("description", "Credit");
                data.add(line);
            }
            ObjectNode lines = obj().put("object", "list").put("has_more", false);
            lines.set("data", data);
            o.set("lines", lines);
            out.add(new StripeLine(event(cn.eventId(), "credit_note.created", cn.effectiveAt(), o, null), cn.eventId(),
                    cn.effectiveAt(), cn.invoiceId(), CREDIT_NOTE));
        }
        for (History.Refund r : h.refunds()) {
            ObjectNode o = obj().put("id", r.id()).put("object", "refund").put("amount", r.amount())
                    .put("currency", r.currency().toLowerCase(Locale.ROOT)).put("payment_intent", r.paymentIntentId())
                    .put("status", "succeeded").put("reason", "requested_by_customer").put("created", sec(r.createdAt()));
            out.add(new StripeLine(event(r.eventId(), "refund.created", r.createdAt(), o, null), r.eventId(), r.createdAt(),
                    h.invoiceOfRefund(r), REFUND));
        }
        for (History.InvoiceVoid v : h.voids()) {
            History.Invoice inv = h.invoice(v.invoiceId());
            out.add(new StripeLine(event(v.eventId(), "invoice.voided", v.voidedAt(),
                    invoiceObject(inv, "void", 0, null, v.voidedAt()), obj().put("status", "open")), v.eventId(),
                    v.voidedAt(), v.invoiceId(), VOID));
        }
        for (History.Dispute d : h.disputes()) {
            String invoiceId = h.invoiceOfDispute(d);
            ObjectNode withdrawal = obj().put("id", "txn_" + d.id().substring(3) + "w").put("object", "balance_transaction")
                    .put("amount", -d.amount()).put("fee", d.fee()).put("net", -d.amount() - d.fee())
                    .put("currency", d.currency().toLowerCase(Locale.ROOT)).put("type", "adjustment");
            ArrayNode feeDetails = F.arrayNode();
            feeDetails.add(obj().put("amount", d.fee()).put("currency", d.currency().toLowerCase(Locale.ROOT))
                    .put("type", "stripe_fee").put("description", "Dispute fee"));
            withdrawal.set("fee_details", feeDetails);
            ObjectNode reinstatement = obj().put("id", "txn_" + d.id().substring(3) + "r").put("object", "balance_transaction")
                    .put("amount", d.amount()).put("fee", 0).put("net", d.amount())
                    .put("currency", d.currency().toLowerCase(Locale.ROOT)).put("type", "adjustment");
            reinstatement.set("fee_details", F.arrayNode());
            out.add(disputeLine(d, "c", "charge.dispute.created", d.createdAt(), "needs_response", List.of(), invoiceId));
            out.add(disputeLine(d, "w", "charge.dispute.funds_withdrawn", d.withdrawnAt(), "needs_response",
                    List.of(withdrawal), invoiceId));
            if ("won".equals(d.outcome())) {
                out.add(disputeLine(d, "r", "charge.dispute.funds_reinstated", d.closedAt(), "won",
                        List.of(withdrawal, reinstatement), invoiceId));
                out.add(disputeLine(d, "x", "charge.dispute.closed", d.closedAt(), "won", List.of(withdrawal, reinstatement),
                        invoiceId));
            } else if ("lost".equals(d.outcome())) {
                out.add(disputeLine(d, "x", "charge.dispute.closed", d.closedAt(), "lost", List.of(withdrawal), invoiceId));
            }
        }
        out.sort(Comparator.comparing(StripeLine::businessTime));
        return out;
    }

    private static StripeLine disputeLine(History.Dispute d, String suffix, String type, Instant at, String status,
            List<ObjectNode> balanceTransactions, String invoiceId) {
        ObjectNode o = obj().put("id", d.id()).put("object", "dispute").put("amount", d.amount())
                .put("currency", d.currency().toLowerCase(Locale.ROOT)).put("charge", "ch_" + d.id().substring(3))
                .put("payment_intent", d.paymentIntentId()).put("status", status).put("reason", "fraudulent")
                .put("created", sec(d.createdAt())).put("is_charge_refundable", false).put("livemode", false);
        ArrayNode bts = F.arrayNode();
        balanceTransactions.forEach(bts::add);
        o.set("balance_transactions", bts);
        String eventId = d.eventPrefix() + suffix;
        ObjectNode previous = null;
        if (!"charge.dispute.created".equals(type)) {
            previous = obj().put("status", "needs_response".equals(status) ? "warning_needs_response" : "under_review");
        }
        return new StripeLine(event(eventId, type, at, o, previous), eventId, at, invoiceId, DISPUTE);
    }

    private static ObjectNode subscriptionItem(History.Subscription s, String product, long unitAmount, long quantity) {
        ObjectNode item = obj().put("id", HistoryGenerator.subscriptionItem(s.id(), product)).put("object", "subscription_item")
                .put("quantity", quantity).put("current_period_start", sec(s.createdAt()))
                .put("current_period_end", sec(s.createdAt()) + 31_536_000L);
        ObjectNode price = obj().put("id", "price_" + product.substring(5) + (unitAmount == 100000 ? "" : "_" + unitAmount))
                .put("product", product).put("unit_amount", unitAmount).put("currency", s.currency().toLowerCase(Locale.ROOT));
        price.set("recurring", obj().put("interval", "year").put("interval_count", 1));
        item.set("price", price);
        return item;
    }

    private static Map<String, Instant> fullyPaidAt(History h) {
        Map<String, Long> paid = new HashMap<>();
        Map<String, Instant> at = new HashMap<>();
        h.payments().stream().sorted(Comparator.comparing(History.Payment::paidAt)).forEach(p -> {
            long sum = paid.merge(p.invoiceId(), p.amount(), Long::sum);
            History.Invoice inv = h.invoice(p.invoiceId());
            if (inv != null && sum >= inv.amountDue() && !at.containsKey(p.invoiceId())) {
                at.put(p.invoiceId(), p.paidAt());
            }
        });
        return at;
    }

    private static ArrayNode taxes(long amount, long taxable) {
        ArrayNode a = F.arrayNode();
        if (amount != 0) {
            ObjectNode t = obj().put("amount", amount).put("tax_behavior", "exclusive")
                    .put("taxability_reason", "standard_rated").put("taxable_amount", taxable).put("type", "tax_rate_details");
            t.set("tax_rate_details", obj().put("tax_rate", "txr_a99b961584ef"));
            a.add(t);
        }
        return a;
    }

    private static ArrayNode discounts(long amount, String discountId) {
        ArrayNode a = F.arrayNode();
        if (amount != 0) {
            a.add(obj().put("amount", amount).put("discount", discountId));
        }
        return a;
    }

    private static ObjectNode invoiceObject(History.Invoice inv, String status, long amountPaid, Instant paidAt,
            Instant voidedAt) {
        String cur = inv.currency().toLowerCase(Locale.ROOT);
        long start = inv.lines().stream().mapToLong(l -> sec(l.periodStart())).min().orElse(sec(inv.effectiveAt()));
        long end = inv.lines().stream().mapToLong(l -> sec(l.periodEnd())).max().orElse(sec(inv.effectiveAt()));
        long subtotal = inv.subtotal();
        long discount = inv.discount();
        ObjectNode o = obj().put("id", inv.id()).put("object", "invoice").put("customer", inv.customerId())
                .put("currency", cur).put("status", status).put("number", inv.number())
                .put("billing_reason", inv.billingReason())
                .put("collection_method", "charge_automatically").put("created", sec(inv.effectiveAt()))
                .put("effective_at", sec(inv.effectiveAt())).put("period_start", start).put("period_end", end)
                .put("subtotal", subtotal).put("subtotal_excluding_tax", subtotal)
                .put("total_excluding_tax", subtotal - discount);
        o.set("total_discount_amounts", discounts(discount, "di_" + inv.id().substring(3)));
        o.set("total_taxes", taxes(inv.tax(), subtotal - discount));
        long remaining = "void".equals(status) ? 0 : inv.amountDue() - amountPaid;
        o.put("total", inv.total()).put("amount_due", inv.amountDue()).put("amount_paid", amountPaid)
                .put("amount_remaining", remaining).put("starting_balance", inv.startingBalance())
                .put("ending_balance", inv.total() < 0 ? inv.startingBalance() + inv.total()
                        : inv.startingBalance() + inv.appliedCredit());
        ObjectNode st = obj().put("finalized_at", sec(inv.effectiveAt()));
        putSecOrNull(st, "paid_at", paidAt);
        putSecOrNull(st, "voided_at", voidedAt);
        st.putNull("marked_uncollectible_at");
        o.set("status_transitions", st);
        if (inv.subscriptionId() == null) {
            o.putNull("parent");
        } else {
            ObjectNode details = obj().put("subscription", inv.subscriptionId());
            details.set("metadata", obj());
            ObjectNode parent = obj().put("type", "subscription_details");
            parent.set("subscription_details", details);
            o.set("parent", parent);
        }
        ArrayNode data = F.arrayNode();
        for (History.InvoiceLine l : inv.lines()) {
            String description = !l.proration() ? l.productId().substring(5)
                    : (l.creditedLineId() != null ? "Unused time on " : "Remaining time on ") + l.productId().substring(5);
            ObjectNode line = obj().put("id", l.id()).put("object", "line_item").put("amount", l.amount())
                    .put("currency", cur).put("description", description).put("quantity", l.quantity());
            line.set("period", obj().put("start", sec(l.periodStart())).put("end", sec(l.periodEnd())));
            if (l.proration()) {
                ObjectNode details = obj().put("subscription", inv.subscriptionId()).put("subscription_item", l.subscriptionItem())
                        .put("proration", true);
                ObjectNode prorationDetails = obj();
                if (l.creditedLineId() != null) {
                    ObjectNode credited = obj().put("invoice", l.creditedInvoiceId());
                    credited.set("invoice_line_items", F.arrayNode().add(l.creditedLineId()));
                    prorationDetails.set("credited_items", credited);
                } else {
                    prorationDetails.putNull("credited_items");
                }
                details.set("proration_details", prorationDetails);
                ObjectNode parent = obj().put("type", "subscription_item_details");
                parent.putNull("invoice_item_details");
                parent.set("subscription_item_details", details);
                line.set("parent", parent);
            }
            ObjectNode pricing = obj().put("type", "price_details");
            pricing.set("price_details", obj().put("price", "price_" + l.productId().substring(5)).put("product", l.productId()));
            pricing.put("unit_amount_decimal", BigDecimal.valueOf(l.amount()).divide(BigDecimal.valueOf(l.quantity()), 12,
                    java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
            line.set("pricing", pricing);
            line.set("discount_amounts", discounts(l.discount(), "di_" + inv.id().substring(3)));
            line.set("taxes", taxes(l.tax(), l.net()));
            data.add(line);
        }
        ObjectNode lines = obj().put("object", "list").put("has_more", false);
        lines.set("data", data);
        o.set("lines", lines);
        return o;
    }

    private static void putSecOrNull(ObjectNode n, String field, Instant t) {
        if (t == null) {
            n.putNull(field);
        } else {
            n.put(field, sec(t));
        }
    }

    private static String event(String id, String type, Instant created, ObjectNode object, ObjectNode previous) {
        ObjectNode e = obj().put("id", id).put("object", "event").put("api_version", "2025-03-31.basil")
                .put("created", sec(created)).put("type", type).put("livemode", false).put("pending_webhooks", 1);
        ObjectNode req = obj();
        req.putNull("id");
        req.putNull("idempotency_key");
        e.set("request", req);
        ObjectNode data = obj();
        data.set("object", object);
        if (previous != null) {
            data.set("previous_attributes", previous);
        }
        e.set("data", data);
        return e.toString();
    }

    private static long sec(Instant t) {
        return t.getEpochSecond();
    }

    private static ObjectNode obj() {
        return F.objectNode();
    }

    // ------------------------------------------------------------------ parsing (fixtures)

    /** Parses raw connector lines (duplicates allowed) into a History; the opposite of the renderers above. */
    public static History parse(List<String> masterData, List<String> cdc, List<String> stripe, Instant asOf) {
        List<History.LegalEntity> les = new ArrayList<>();
        List<History.Period> periods = new ArrayList<>();
        List<History.GlMapping> gl = new ArrayList<>();
        List<History.Product> products = new ArrayList<>();
        List<History.FxRate> rates = new ArrayList<>();
        List<History.Crosswalk> crosswalks = new ArrayList<>();
        for (String line : masterData) {
            JsonNode n = tree(line);
            switch (n.path("type").asText()) {
                case "legal_entity" -> les.add(new History.LegalEntity(n.path("legalEntity").asText(),
                        n.path("functionalCurrency").asText(), n.path("erp").asText()));
                case "accounting_period" -> periods.add(new History.Period(n.path("legalEntity").asText(),
                        YearMonth.parse(n.path("period").asText()), "OPEN".equals(n.path("status").asText())));
                case "gl_mapping" -> gl.add(new History.GlMapping(n.path("legalEntity").asText(), n.path("role").asText(),
                        n.path("accountCode").asText()));
                case "product_mapping" -> products.add(new History.Product(n.path("productId").asText(),
                        n.path("recognition").asText(), n.path("name").asText()));
                case "fx_rate" -> rates.add(new History.FxRate(n.path("fromCurrency").asText(), n.path("toCurrency").asText(),
                        LocalDate.parse(n.path("date").asText()), n.path("rate").asText()));
                case "customer_crosswalk" -> crosswalks.add(new History.Crosswalk(n.path("crmAccountId").asText(),
                        n.path("billingCustomerId").asText(), n.path("erpCustomerId").asText(), n.path("legalEntity").asText()));
                default -> throw new IllegalArgumentException("unknown master data line " + line);
            }
        }
        List<History.CrmAccount> accounts = new ArrayList<>();
        Map<String, JsonNode> oppCreates = new LinkedHashMap<>();
        Map<String, Instant> oppWon = new HashMap<>();
        for (String line : cdc) {
            JsonNode p = tree(line).path("payload");
            JsonNode hdr = p.path("ChangeEventHeader");
            String id = hdr.path("recordIds").get(0).asText();
            Instant at = Instant.ofEpochMilli(hdr.path("commitTimestamp").asLong());
            String entity = hdr.path("entityName").asText();
            String change = hdr.path("changeType").asText();
            if (entity.equals("Account") && change.equals("CREATE")) {
                accounts.add(new History.CrmAccount(id, p.path("Name").asText(), at));
            } else if (entity.equals("Opportunity") && change.equals("CREATE")) {
                oppCreates.put(id, p);
            } else if (entity.equals("Opportunity") && "Closed Won".equals(p.path("StageName").asText())) {
                oppWon.put(id, at);
            }
        }
        List<History.Opportunity> opps = new ArrayList<>();
        oppCreates.forEach((id, p) -> {
            String cur = p.path("CurrencyIsoCode").asText();
            long minor = io.ledgerline.money.Currencies.toMinorUnits(p.path("Amount").decimalValue(), cur);
            opps.add(new History.Opportunity(id, p.path("AccountId").asText(), p.path("Name").asText(), minor, cur,
                    Instant.ofEpochMilli(p.path("ChangeEventHeader").path("commitTimestamp").asLong()),
                    oppWon.getOrDefault(id, Instant.EPOCH)));
        });

        List<History.Customer> customers = new ArrayList<>();
        List<History.Subscription> subs = new ArrayList<>();
        List<History.Invoice> invoices = new ArrayList<>();
        List<History.Payment> payments = new ArrayList<>();
        List<History.CreditNote> notes = new ArrayList<>();
        List<History.Refund> refunds = new ArrayList<>();
        List<History.InvoiceVoid> voids = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Map<String, History.Dispute> disputes = new LinkedHashMap<>();
        for (String line : stripe) {
            JsonNode e = tree(line);
            String eventId = e.path("id").asText();
            if (!seen.add(eventId)) {
                continue;
            }
            Instant created = Instant.ofEpochSecond(e.path("created").asLong());
            JsonNode o = e.path("data").path("object");
            switch (e.path("type").asText()) {
                case "customer.created" -> customers.add(new History.Customer(o.path("id").asText(),
                        o.path("metadata").path("crm_account_id").asText(null), o.path("name").asText(), created, eventId));
                case "customer.subscription.created" -> {
                    List<String> items = new ArrayList<>();
                    o.path("items").path("data").forEach(i -> items.add(i.path("price").path("product").asText()));
                    subs.add(new History.Subscription(o.path("id").asText(), o.path("customer").asText(),
                            o.path("metadata").path("crm_opportunity_id").asText(null),
                            o.path("currency").asText().toUpperCase(Locale.ROOT), created, eventId, items));
                }
                case "invoice.finalized" -> invoices.add(invoice(o, eventId));
                case "invoice_payment.paid" -> payments.add(new History.Payment(o.path("id").asText(),
                        o.path("invoice").asText(), o.path("payment").path("payment_intent").asText(null),
                        o.path("amount_paid").asLong(), o.path("currency").asText().toUpperCase(Locale.ROOT),
                        Instant.ofEpochSecond(o.path("status_transitions").path("paid_at").asLong(o.path("created").asLong())),
                        eventId));
                case "credit_note.created" -> {
                    List<History.CreditNoteLine> lines = new ArrayList<>();
                    o.path("lines").path("data").forEach(l -> lines.add(new History.CreditNoteLine(l.path("id").asText(),
                            l.hasNonNull("invoice_line_item") ? l.path("invoice_line_item").asText() : null,
                            l.path("amount").asLong(), sumAmounts(l.path("taxes")))));
                    notes.add(new History.CreditNote(o.path("id").asText(), o.path("invoice").asText(),
                            o.path("customer").asText(), o.path("currency").asText().toUpperCase(Locale.ROOT),
                            Instant.ofEpochSecond(o.path("effective_at").asLong(o.path("created").asLong())), lines, eventId,
                            o.path("type").asText()));
                }
                case "refund.created" -> refunds.add(new History.Refund(o.path("id").asText(),
                        o.path("payment_intent").asText(), o.path("amount").asLong(),
                        o.path("currency").asText().toUpperCase(Locale.ROOT), Instant.ofEpochSecond(o.path("created").asLong()),
                        eventId));
                case "invoice.voided" -> voids.add(new History.InvoiceVoid(o.path("id").asText(), created, eventId));
                case "charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated",
                        "charge.dispute.closed" -> {
                    String id = o.path("id").asText();
                    History.Dispute d = disputes.getOrDefault(id, new History.Dispute(id, o.path("payment_intent").asText(),
                            o.path("amount").asLong(), o.path("currency").asText().toUpperCase(Locale.ROOT), 0,
                            Instant.ofEpochSecond(o.path("created").asLong()), null, "open", null,
                            eventId.substring(0, eventId.length() - 1)));
                    String type = e.path("type").asText();
                    if (type.equals("charge.dispute.funds_withdrawn")) {
                        long fee = 0;
                        for (JsonNode bt : o.path("balance_transactions")) {
                            if (bt.path("amount").asLong() < 0) {
                                fee += bt.path("fee").asLong();
                            }
                        }
                        d = new History.Dispute(d.id(), d.paymentIntentId(), d.amount(), d.currency(), fee, d.createdAt(),
                                created, d.outcome(), d.closedAt(), d.eventPrefix());
                    } else if (type.equals("charge.dispute.funds_reinstated")
                            || (type.equals("charge.dispute.closed") && "lost".equals(o.path("status").asText()))) {
                        d = new History.Dispute(d.id(), d.paymentIntentId(), d.amount(), d.currency(), d.fee(), d.createdAt(),
                                d.withdrawnAt(), type.endsWith("reinstated") ? "won" : "lost", created, d.eventPrefix());
                    }
                    disputes.put(id, d);
                }
                default -> {
                    // invoice.paid etc.: no journal effect
                }
            }
        }
        return new History(0L, asOf, les, periods, gl, products, rates, crosswalks, accounts, opps, customers, subs,
                invoices, payments, notes, refunds, voids, List.of(), List.copyOf(disputes.values()));
    }

    private static History.Invoice invoice(JsonNode o, String eventId) {
        List<History.InvoiceLine> lines = new ArrayList<>();
        o.path("lines").path("data").forEach(l -> {
            String product = l.path("pricing").path("price_details").path("product").asText(null);
            JsonNode details = l.path("parent").path("subscription_item_details");
            JsonNode credited = details.path("proration_details").path("credited_items");
            lines.add(new History.InvoiceLine(l.path("id").asText(), product, l.path("amount").asLong(),
                    sumAmounts(l.path("discount_amounts")), sumAmounts(l.path("taxes")),
                    Instant.ofEpochSecond(l.path("period").path("start").asLong()),
                    Instant.ofEpochSecond(l.path("period").path("end").asLong()), l.path("quantity").asLong(1),
                    details.path("proration").asBoolean(false), details.path("subscription_item").asText(null),
                    credited.isObject() ? credited.path("invoice").asText(null) : null,
                    credited.isObject() && credited.path("invoice_line_items").size() > 0
                            ? credited.path("invoice_line_items").get(0).asText() : null));
        });
        JsonNode parent = o.path("parent");
        String sub = parent.isObject() ? parent.path("subscription_details").path("subscription").asText(null) : null;
        return new History.Invoice(o.path("id").asText(), o.path("customer").asText(), sub,
                o.path("currency").asText().toUpperCase(Locale.ROOT), Instant.ofEpochSecond(o.path("effective_at").asLong()),
                lines, eventId, o.path("number").asText(), o.path("billing_reason").asText(sub == null ? "manual" : "subscription_create"),
                o.path("starting_balance").asLong(0));
    }

    private static long sumAmounts(JsonNode array) {
        long sum = 0;
        for (JsonNode n : array) {
            sum += n.path("amount").asLong();
        }
        return sum;
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad json: " + json, e);
        }
    }
}
