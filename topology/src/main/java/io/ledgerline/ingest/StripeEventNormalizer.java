package io.ledgerline.ingest;

import static io.ledgerline.ingest.JsonFields.optionalArray;
import static io.ledgerline.ingest.JsonFields.optionalBoolean;
import static io.ledgerline.ingest.JsonFields.optionalEpochSeconds;
import static io.ledgerline.ingest.JsonFields.optionalId;
import static io.ledgerline.ingest.JsonFields.optionalLong;
import static io.ledgerline.ingest.JsonFields.optionalObject;
import static io.ledgerline.ingest.JsonFields.optionalText;
import static io.ledgerline.ingest.JsonFields.requireArray;
import static io.ledgerline.ingest.JsonFields.requireCurrency;
import static io.ledgerline.ingest.JsonFields.requireEpochSeconds;
import static io.ledgerline.ingest.JsonFields.requireId;
import static io.ledgerline.ingest.JsonFields.requireLong;
import static io.ledgerline.ingest.JsonFields.requireNonNegativeAmount;
import static io.ledgerline.ingest.JsonFields.requireObject;
import static io.ledgerline.ingest.JsonFields.requireText;
import static io.ledgerline.ingest.JsonFields.sumAmounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.canonical.BillingCustomer;
import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.CreditNoteLine;
import io.ledgerline.canonical.InvoiceLifecycle;
import io.ledgerline.canonical.InvoiceLine;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.Refund;
import io.ledgerline.canonical.Dispute;
import io.ledgerline.canonical.DisputeStep;
import io.ledgerline.canonical.SubscriptionChange;
import io.ledgerline.canonical.SubscriptionItem;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.ingest.JsonFields.InvalidInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Stripe Event object (API version {@code 2025-03-31.basil}) into a {@link CanonicalEvent}.
 *
 * <p>The envelope carries the Stripe event id (duplicates keep the same id), the event type, the event's
 * {@code created} time and no account id (billing identity is resolved later through the crosswalk). Currency
 * codes become upper-case ISO 4217 and are validated. Amounts stay integer minor units.
 *
 * <p>Invoices and credit notes are checked arithmetically before they are accepted: a document whose lines,
 * discounts, taxes and total do not add up is rejected with the figures, because it must never be journaled.
 *
 * <p>Thread-safe and stateless. Never throws on bad input.
 */
public final class StripeEventNormalizer {

    private static final String OBJ = "data.object";
    /** The API version whose shapes this normalizer reads; events of another version are read as far as they match. */
    static final String API_VERSION = "2025-03-31.basil";

    public NormalizeResult<CanonicalEvent> normalize(byte[] json) {
        ObjectNode event;
        try {
            event = JsonFields.readObject(json);
        } catch (InvalidInput e) {
            return NormalizeResult.rejected("stripe event: " + e.getMessage(), e.getCause());
        }
        String id = null;
        String type = null;
        String apiVersion = null;
        try {
            apiVersion = optionalText(event, "api_version", "");
            id = requireText(event, "id", "");
            type = requireText(event, "type", "");
            ObjectNode object = requireObject(requireObject(event, "data", ""), "object", "data");
            Instant created = requireEpochSeconds(event, "created", "");
            Object payload = payload(type, object, created);
            if (payload == null) {
                return NormalizeResult.ignored("stripe event type " + type + " is not used by Ledgerline");
            }
            return NormalizeResult.accepted(CanonicalEvent.newBuilder()
                    .setEventId(id)
                    .setSourceSystem(SourceSystem.STRIPE)
                    .setEventType(type)
                    .setEventTime(created)
                    .setAccountId(null)
                    .setPayload(payload)
                    .build());
        } catch (InvalidInput e) {
            return NormalizeResult.rejected(context(id, type, apiVersion) + e.getMessage(), e.getCause());
        } catch (ArithmeticException e) {
            return NormalizeResult.rejected(context(id, type, apiVersion)
                    + "amounts overflow a 64-bit integer of minor units (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            // defensive: a shape we did not anticipate must dead-letter the record, not kill the stream thread
            return NormalizeResult.rejected(context(id, type, apiVersion) + "cannot be normalized: " + e, e);
        }
    }

    /** Names the event, and its API version when it is not the one whose shapes we read (the likely cause). */
    private static String context(String id, String type, String apiVersion) {
        List<String> about = new ArrayList<>();
        if (type != null) {
            about.add(type);
        }
        if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
            about.add("api_version " + apiVersion + ", expected " + API_VERSION);
        }
        return "stripe event" + (id == null ? "" : " " + id)
                + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")") + ": ";
    }

    /** The canonical payload for a used type, null for an unused one. */
    private static Object payload(String type, ObjectNode object, Instant created) {
        return switch (type) {
            case "customer.created", "customer.updated" -> customer(object, false);
            case "customer.deleted" -> customer(object, true);
            case "customer.subscription.created" -> subscription(object, SubscriptionChange.CREATED);
            case "customer.subscription.updated" -> subscription(object, SubscriptionChange.UPDATED);
            case "customer.subscription.deleted" -> subscription(object, SubscriptionChange.DELETED);
            case "invoice.finalized" -> invoice(object, InvoiceLifecycle.FINALIZED);
            case "invoice.paid" -> invoice(object, InvoiceLifecycle.PAID);
            case "invoice.voided" -> invoice(object, InvoiceLifecycle.VOIDED);
            case "invoice.marked_uncollectible" -> invoice(object, InvoiceLifecycle.UNCOLLECTIBLE);
            case "invoice.updated" -> invoice(object, InvoiceLifecycle.UPDATED);
            case "invoice_payment.paid" -> invoicePayment(object);
            case "credit_note.created" -> creditNote(object);
            case "refund.created" -> refund(object);
            case "charge.dispute.created" -> dispute(object, DisputeStep.CREATED, created);
            case "charge.dispute.funds_withdrawn" -> dispute(object, DisputeStep.FUNDS_WITHDRAWN, created);
            case "charge.dispute.funds_reinstated" -> dispute(object, DisputeStep.FUNDS_REINSTATED, created);
            case "charge.dispute.closed" -> dispute(object, DisputeStep.CLOSED, created);
            default -> null;
        };
    }

    private static void expectObjectType(ObjectNode object, String expected) {
        String actual = optionalText(object, "object", OBJ);
        if (actual != null && !actual.equals(expected)) {
            throw new InvalidInput(OBJ + ".object is '" + actual + "' but a " + expected + " was expected");
        }
    }

    // ---------------------------------------------------------------- customers

    private static BillingCustomer customer(ObjectNode o, boolean deletedEvent) {
        expectObjectType(o, "customer");
        ObjectNode metadata = optionalObject(o, "metadata", OBJ);
        Boolean deletedFlag = optionalBoolean(o, "deleted", OBJ);
        return BillingCustomer.newBuilder()
                .setCustomerId(requireText(o, "id", OBJ))
                .setName(optionalText(o, "name", OBJ))
                // the customer's e-mail is not read: no step needs it, and q2c.canonical.events is read by analysts
                .setCrmAccountId(metadata == null ? null : blankToNull(optionalText(metadata, "crm_account_id", OBJ + ".metadata")))
                .setDeleted(deletedEvent || Boolean.TRUE.equals(deletedFlag))
                .build();
    }

    // ---------------------------------------------------------------- subscriptions

    private static BillingSubscription subscription(ObjectNode o, SubscriptionChange change) {
        expectObjectType(o, "subscription");
        ObjectNode metadata = optionalObject(o, "metadata", OBJ);
        JsonNode itemsData = requireArray(requireObject(o, "items", OBJ), "data", OBJ + ".items");
        List<SubscriptionItem> items = new ArrayList<>(itemsData.size());
        for (int i = 0; i < itemsData.size(); i++) {
            String path = OBJ + ".items.data[" + i + "]";
            JsonNode item = itemsData.get(i);
            if (!item.isObject()) {
                throw new InvalidInput(path + " must be an object");
            }
            ObjectNode price = optionalObject(item, "price", path);
            String pricePath = path + ".price";
            ObjectNode recurring = price == null ? null : optionalObject(price, "recurring", pricePath);
            Long intervalCount = recurring == null ? null : optionalLong(recurring, "interval_count", pricePath + ".recurring");
            Long quantity = optionalLong(item, "quantity", path);
            items.add(SubscriptionItem.newBuilder()
                    .setItemId(requireText(item, "id", path))
                    .setProductId(price == null ? null : optionalId(price, "product", pricePath))
                    .setPriceId(price == null ? null : optionalText(price, "id", pricePath))
                    .setQuantity(quantity == null ? 1L : quantity)
                    .setUnitAmountMinor(price == null ? null : optionalLong(price, "unit_amount", pricePath))
                    .setInterval(recurring == null ? null : optionalText(recurring, "interval", pricePath + ".recurring"))
                    .setIntervalCount(intervalCount == null ? null : Math.toIntExact(intervalCount))
                    .setCurrentPeriodStart(optionalEpochSeconds(item, "current_period_start", path))
                    .setCurrentPeriodEnd(optionalEpochSeconds(item, "current_period_end", path))
                    .setMetered(recurring != null && "metered".equals(optionalText(recurring, "usage_type", pricePath + ".recurring")))
                    .build());
        }
        return BillingSubscription.newBuilder()
                .setSubscriptionId(requireText(o, "id", OBJ))
                .setCustomerId(requireId(o, "customer", OBJ))
                .setChange(change)
                .setStatus(requireText(o, "status", OBJ))
                .setCurrency(requireCurrency(o, "currency", OBJ))
                .setCrmOpportunityId(metadata == null ? null : blankToNull(optionalText(metadata, "crm_opportunity_id", OBJ + ".metadata")))
                .setStartDate(optionalEpochSeconds(o, "start_date", OBJ))
                .setCanceledAt(optionalEpochSeconds(o, "canceled_at", OBJ))
                .setItems(items)
                .build();
    }

    // ---------------------------------------------------------------- invoices

    /** A document whose total is not its lines net of discounts plus tax is refused: it must never be journaled. */
    private static void requireTotal(String document, long total, long net, long tax) {
        long expectedTotal = Math.addExact(net, tax);
        if (total != expectedTotal) {
            throw new InvalidInput(document + " does not add up: total is " + total + " but lines net of discounts ("
                    + net + ") plus tax (" + tax + ") come to " + expectedTotal);
        }
    }

    /** A document's line items, refusing a truncated list: a document that cannot be checked is never journaled. */
    private static JsonNode allLines(ObjectNode o, String document) {
        ObjectNode linesList = requireObject(o, "lines", OBJ);
        if (Boolean.TRUE.equals(optionalBoolean(linesList, "has_more", OBJ + ".lines"))) {
            throw new InvalidInput(OBJ + ".lines.has_more is true: the event carries only part of the " + document
                    + " lines, so the " + document + " cannot be checked or journaled (the connector must expand all lines)");
        }
        return requireArray(linesList, "data", OBJ + ".lines");
    }

    /**
     * Maps an invoice and checks that it adds up.
     *
     * <p>Stripe semantics: a line's {@code amount} is before discounts and <em>includes</em> inclusive tax but not
     * exclusive tax; {@code total = Σ line amount − Σ discounts + Σ exclusive tax}. Canonical semantics:
     * <ul>
     *   <li>line {@code amountMinor} = {@code amount} − the line's inclusive taxes, so it never contains tax;</li>
     *   <li>line {@code discountMinor} = Σ {@code discount_amounts};</li>
     *   <li>line {@code taxMinor} = Σ {@code taxes} of <em>both</em> behaviours (all tax the line carries), so
     *       the line's gross is {@code amountMinor − discountMinor + taxMinor};</li>
     *   <li>invoice {@code discountMinor} = Σ {@code total_discount_amounts};</li>
     *   <li>invoice {@code taxMinor} = all tax of both behaviours (= Σ line taxMinor), so that
     *       {@code totalMinor == Σ (line amountMinor − line discountMinor) + taxMinor} always holds and is what
     *       the posting rule books.</li>
     * </ul>
     * Checks (all must hold, or the document is rejected with the figures):
     * <ol>
     *   <li>Σ line discountMinor == invoice discountMinor;</li>
     *   <li>Σ line taxMinor == invoice taxMinor + Σ inclusive {@code total_taxes};</li>
     *   <li>total == Σ (line amountMinor − line discountMinor) + Σ line taxMinor.</li>
     * </ol>
     */
    private static BillingInvoice invoice(ObjectNode o, InvoiceLifecycle lifecycle) {
        expectObjectType(o, "invoice");
        String currency = requireCurrency(o, "currency", OBJ);
        long subtotal = requireLong(o, "subtotal", OBJ);
        long total = requireLong(o, "total", OBJ);
        long discount = sumAmounts(optionalArray(o, "total_discount_amounts", OBJ), OBJ + ".total_discount_amounts");
        long[] invoiceTax = taxes(o, "total_taxes", "total_tax_amounts", OBJ);

        JsonNode data = allLines(o, "invoice");
        List<InvoiceLine> lines = new ArrayList<>(data.size());
        long sumNet = 0;
        long sumLineDiscount = 0;
        long sumLineTax = 0;
        for (int i = 0; i < data.size(); i++) {
            InvoiceLine line = invoiceLine(data.get(i), OBJ + ".lines.data[" + i + "]", currency);
            lines.add(line);
            sumNet = Math.addExact(sumNet, Math.subtractExact(line.getAmountMinor(), line.getDiscountMinor()));
            sumLineDiscount = Math.addExact(sumLineDiscount, line.getDiscountMinor());
            sumLineTax = Math.addExact(sumLineTax, line.getTaxMinor());
        }

        if (sumLineDiscount != discount) {
            throw new InvalidInput("invoice does not add up: total_discount_amounts sum to " + discount
                    + " but the lines' discount_amounts sum to " + sumLineDiscount);
        }
        long invoiceTaxAll = Math.addExact(invoiceTax[EXCLUSIVE], invoiceTax[INCLUSIVE]);
        if (sumLineTax != invoiceTaxAll) {
            throw new InvalidInput("invoice does not add up: total_taxes sum to " + invoiceTaxAll
                    + " (exclusive " + invoiceTax[EXCLUSIVE] + ", inclusive " + invoiceTax[INCLUSIVE]
                    + ") but the lines' taxes sum to " + sumLineTax);
        }
        requireTotal("invoice", total, sumNet, sumLineTax);

        ObjectNode transitions = optionalObject(o, "status_transitions", OBJ);
        Instant effectiveAt = optionalEpochSeconds(o, "effective_at", OBJ);
        if (effectiveAt == null && transitions != null) {
            effectiveAt = optionalEpochSeconds(transitions, "finalized_at", OBJ + ".status_transitions");
        }
        if (effectiveAt == null) {
            effectiveAt = requireEpochSeconds(o, "created", OBJ);
        }

        return BillingInvoice.newBuilder()
                .setInvoiceId(requireText(o, "id", OBJ))
                .setCustomerId(requireId(o, "customer", OBJ))
                .setLifecycle(lifecycle)
                .setSubscriptionId(invoiceSubscription(o))
                .setNumber(optionalText(o, "number", OBJ))
                .setStatus(requireText(o, "status", OBJ))
                .setBillingReason(optionalText(o, "billing_reason", OBJ))
                .setCurrency(currency)
                .setEffectiveAt(effectiveAt)
                .setPeriodStart(optionalEpochSeconds(o, "period_start", OBJ))
                .setPeriodEnd(optionalEpochSeconds(o, "period_end", OBJ))
                .setSubtotalMinor(subtotal)
                .setDiscountMinor(discount)
                .setTaxMinor(sumLineTax)
                .setTotalMinor(total)
                .setStartingBalanceMinor(optionalLongOr(o, "starting_balance", 0))
                .setAmountDueMinor(optionalLong(o, "amount_due", OBJ))
                .setLines(lines)
                .build();
    }

    private static long optionalLongOr(ObjectNode o, String field, long absent) {
        Long value = optionalLong(o, field, OBJ);
        return value == null ? absent : value;
    }

    /** parent.subscription_details.subscription (basil); the pre-basil top-level {@code subscription} as fallback. */
    private static String invoiceSubscription(ObjectNode o) {
        ObjectNode parent = optionalObject(o, "parent", OBJ);
        if (parent != null) {
            ObjectNode details = optionalObject(parent, "subscription_details", OBJ + ".parent");
            if (details != null) {
                return optionalId(details, "subscription", OBJ + ".parent.subscription_details");
            }
            return null;
        }
        return optionalId(o, "subscription", OBJ);
    }

    private static InvoiceLine invoiceLine(JsonNode line, String path, String invoiceCurrency) {
        if (!line.isObject()) {
            throw new InvalidInput(path + " must be an object but is " + JsonFields.describe(line));
        }
        String lineCurrency = optionalText(line, "currency", path);
        if (lineCurrency != null && !lineCurrency.equalsIgnoreCase(invoiceCurrency)) {
            throw new InvalidInput(path + ".currency '" + lineCurrency + "' differs from the invoice currency " + invoiceCurrency);
        }
        long amount = requireLong(line, "amount", path);
        long[] tax = taxes(line, "taxes", "tax_amounts", path);
        long discount = sumAmounts(optionalArray(line, "discount_amounts", path), path + ".discount_amounts");

        // product and price: basil's pricing.price_details, older shapes' price object
        String productId = null;
        String priceId = null;
        ObjectNode pricing = optionalObject(line, "pricing", path);
        ObjectNode priceDetails = pricing == null ? null : optionalObject(pricing, "price_details", path + ".pricing");
        if (priceDetails != null) {
            productId = optionalId(priceDetails, "product", path + ".pricing.price_details");
            priceId = optionalId(priceDetails, "price", path + ".pricing.price_details");
        }
        ObjectNode price = optionalObject(line, "price", path);
        if (price != null) {
            if (productId == null) {
                productId = optionalId(price, "product", path + ".price");
            }
            if (priceId == null) {
                priceId = optionalText(price, "id", path + ".price");
            }
        }

        ObjectNode period = requireObject(line, "period", path);
        Long quantity = optionalLong(line, "quantity", path);
        return InvoiceLine.newBuilder()
                .setLineId(requireText(line, "id", path))
                .setProductId(productId)
                .setPriceId(priceId)
                .setDescription(optionalText(line, "description", path))
                .setQuantity(quantity == null ? 1L : quantity)
                // amount excludes tax: Stripe's amount contains inclusive tax, which is taken out here
                .setAmountMinor(Math.subtractExact(amount, tax[INCLUSIVE]))
                .setDiscountMinor(discount)
                // all tax of the line, exclusive and inclusive: together with the amount above it gives the gross
                .setTaxMinor(Math.addExact(tax[EXCLUSIVE], tax[INCLUSIVE]))
                .setPeriodStart(requireEpochSeconds(period, "start", path + ".period"))
                .setPeriodEnd(requireEpochSeconds(period, "end", path + ".period"))
                .setProration(lineProration(line, path))
                .build();
    }

    private static final String[] LINE_PARENT_KINDS = {"subscription_item_details", "invoice_item_details"};

    /** parent.subscription_item_details.proration or parent.invoice_item_details.proration (basil), else proration. */
    private static boolean lineProration(JsonNode line, String path) {
        ObjectNode parent = optionalObject(line, "parent", path);
        if (parent != null) {
            for (String kind : LINE_PARENT_KINDS) {
                ObjectNode details = optionalObject(parent, kind, path + ".parent");
                if (details != null) {
                    Boolean proration = optionalBoolean(details, "proration", path + ".parent." + kind);
                    if (proration != null) {
                        return proration;
                    }
                }
            }
        }
        return Boolean.TRUE.equals(optionalBoolean(line, "proration", path));
    }

    private static final int EXCLUSIVE = 0;
    private static final int INCLUSIVE = 1;

    /**
     * Tax amounts of a basil {@code taxes}/{@code total_taxes} array (each with {@code tax_behavior}), or of the
     * older {@code tax_amounts}/{@code total_tax_amounts} array (each with boolean {@code inclusive}), split by
     * behaviour: {@code [exclusive, inclusive]}.
     */
    private static long[] taxes(JsonNode parent, String field, String legacyField, String path) {
        long[] split = new long[2];
        boolean legacy = JsonFields.isAbsent(parent.get(field)) && !JsonFields.isAbsent(parent.get(legacyField));
        String arrayField = legacy ? legacyField : field;
        JsonNode array = optionalArray(parent, arrayField, path);
        for (int i = 0; i < array.size(); i++) {
            String elementPath = path + "." + arrayField + "[" + i + "]";
            JsonNode tax = array.get(i);
            if (!tax.isObject()) {
                throw new InvalidInput(elementPath + " must be an object but is " + JsonFields.describe(tax));
            }
            long amount = requireLong(tax, "amount", elementPath);
            boolean inclusive;
            if (legacy) {
                Boolean flag = optionalBoolean(tax, "inclusive", elementPath);
                if (flag == null) {
                    throw new InvalidInput(elementPath + ".inclusive missing");
                }
                inclusive = flag;
            } else {
                String behavior = requireText(tax, "tax_behavior", elementPath);
                if ("exclusive".equals(behavior)) {
                    inclusive = false;
                } else if ("inclusive".equals(behavior)) {
                    inclusive = true;
                } else {
                    throw new InvalidInput(elementPath + ".tax_behavior '" + behavior + "' is neither exclusive nor inclusive");
                }
            }
            int slot = inclusive ? INCLUSIVE : EXCLUSIVE;
            split[slot] = Math.addExact(split[slot], amount);
        }
        return split;
    }

    // ---------------------------------------------------------------- payments, credit notes, refunds

    private static InvoicePayment invoicePayment(ObjectNode o) {
        expectObjectType(o, "invoice_payment");
        ObjectNode payment = optionalObject(o, "payment", OBJ);
        ObjectNode transitions = optionalObject(o, "status_transitions", OBJ);
        Instant paidAt = transitions == null ? null : optionalEpochSeconds(transitions, "paid_at", OBJ + ".status_transitions");
        if (paidAt == null) {
            paidAt = requireEpochSeconds(o, "created", OBJ);
        }
        return InvoicePayment.newBuilder()
                .setInvoicePaymentId(requireText(o, "id", OBJ))
                .setInvoiceId(requireId(o, "invoice", OBJ))
                .setPaymentIntentId(payment == null ? null : optionalId(payment, "payment_intent", OBJ + ".payment"))
                // a negative payment would be booked as a reversed one; Stripe reports reversals as refunds
                .setAmountMinor(requireNonNegativeAmount(o, "amount_paid", OBJ))
                .setCurrency(requireCurrency(o, "currency", OBJ))
                .setStatus(requireText(o, "status", OBJ))
                .setPaidAt(paidAt)
                .build();
    }

    /**
     * Maps a credit note and checks that it adds up. A credit note line's {@code amount} is, like an invoice line's,
     * before discounts and including inclusive tax; the canonical line {@code amountMinor} is the credited amount
     * excluding tax and net of the line's discounts ({@code amount − inclusive taxes − discount_amounts}), because
     * the canonical credit-note line has no discount field and the journal credits the net amount. Line
     * {@code taxMinor} and the note's {@code taxMinor} carry all tax (both behaviours; note that this differs from
     * the invoice's taxMinor, which is exclusive only). Checks: Σ line taxMinor == taxMinor and
     * total == Σ line amountMinor + taxMinor.
     */
    private static CreditNote creditNote(ObjectNode o) {
        expectObjectType(o, "credit_note");
        String currency = requireCurrency(o, "currency", OBJ);
        // a credit note credits: its amounts are positive, and a negative one would debit the customer
        long subtotal = requireNonNegativeAmount(o, "subtotal", OBJ);
        long total = requireNonNegativeAmount(o, "total", OBJ);
        long[] noteTax = taxes(o, "total_taxes", "tax_amounts", OBJ);
        long taxAll = Math.addExact(noteTax[EXCLUSIVE], noteTax[INCLUSIVE]);

        JsonNode data = allLines(o, "credit note");
        List<CreditNoteLine> lines = new ArrayList<>(data.size());
        long sumAmount = 0;
        long sumTax = 0;
        for (int i = 0; i < data.size(); i++) {
            String path = OBJ + ".lines.data[" + i + "]";
            JsonNode line = data.get(i);
            if (!line.isObject()) {
                throw new InvalidInput(path + " must be an object but is " + JsonFields.describe(line));
            }
            long amount = requireNonNegativeAmount(line, "amount", path);
            long[] tax = taxes(line, "taxes", "tax_amounts", path);
            long discount;
            if (!JsonFields.isAbsent(line.get("discount_amounts"))) {
                discount = sumAmounts(optionalArray(line, "discount_amounts", path), path + ".discount_amounts");
            } else {
                discount = JsonFields.isAbsent(line.get("discount_amount")) ? 0
                        : requireNonNegativeAmount(line, "discount_amount", path);
            }
            long net = Math.subtractExact(Math.subtractExact(amount, tax[INCLUSIVE]), discount);
            long lineTax = Math.addExact(tax[EXCLUSIVE], tax[INCLUSIVE]);
            sumAmount = Math.addExact(sumAmount, net);
            sumTax = Math.addExact(sumTax, lineTax);
            lines.add(CreditNoteLine.newBuilder()
                    .setLineId(requireText(line, "id", path))
                    .setInvoiceLineId(optionalId(line, "invoice_line_item", path))
                    .setAmountMinor(net)
                    .setTaxMinor(lineTax)
                    .setDescription(optionalText(line, "description", path))
                    .build());
        }
        if (sumTax != taxAll) {
            throw new InvalidInput("credit note does not add up: total_taxes sum to " + taxAll
                    + " but the lines' taxes sum to " + sumTax);
        }
        requireTotal("credit note", total, sumAmount, taxAll);

        Instant effectiveAt = optionalEpochSeconds(o, "effective_at", OBJ);
        if (effectiveAt == null) {
            effectiveAt = requireEpochSeconds(o, "created", OBJ);
        }
        return CreditNote.newBuilder()
                .setCreditNoteId(requireText(o, "id", OBJ))
                .setInvoiceId(requireId(o, "invoice", OBJ))
                .setCustomerId(requireId(o, "customer", OBJ))
                .setCurrency(currency)
                .setCreditType(optionalText(o, "type", OBJ))
                .setStatus(requireText(o, "status", OBJ))
                .setNumber(optionalText(o, "number", OBJ))
                .setEffectiveAt(effectiveAt)
                .setSubtotalMinor(subtotal)
                .setTaxMinor(taxAll)
                .setTotalMinor(total)
                .setLines(lines)
                .build();
    }

    private static Refund refund(ObjectNode o) {
        expectObjectType(o, "refund");
        return Refund.newBuilder()
                .setRefundId(requireText(o, "id", OBJ))
                .setPaymentIntentId(requireId(o, "payment_intent", OBJ))
                .setAmountMinor(requireNonNegativeAmount(o, "amount", OBJ))
                .setCurrency(requireCurrency(o, "currency", OBJ))
                .setStatus(requireText(o, "status", OBJ))
                .setReason(optionalText(o, "reason", OBJ))
                .setCreatedAt(requireEpochSeconds(o, "created", OBJ))
                .build();
    }

    /**
     * One step of a dispute, dated by its event (a dispute object carries only its own creation time). The fee is
     * that of the balance transactions that withdrew funds (negative amount); Stripe's fee_details itemise it.
     */
    private static Dispute dispute(ObjectNode o, DisputeStep step, Instant occurredAt) {
        expectObjectType(o, "dispute");
        long fee = 0;
        JsonNode transactions = optionalArray(o, "balance_transactions", OBJ);
        for (int i = 0; i < transactions.size(); i++) {
            String path = OBJ + ".balance_transactions[" + i + "]";
            JsonNode txn = transactions.get(i);
            if (!txn.isObject()) {
                throw new InvalidInput(path + " must be an object but is " + JsonFields.describe(txn));
            }
            if (requireLong(txn, "amount", path) < 0) {
                fee = Math.addExact(fee, requireNonNegativeAmount(txn, "fee", path));
            }
        }
        return Dispute.newBuilder()
                .setDisputeId(requireText(o, "id", OBJ))
                .setStep(step)
                .setPaymentIntentId(requireId(o, "payment_intent", OBJ))
                .setChargeId(optionalId(o, "charge", OBJ))
                .setAmountMinor(requireNonNegativeAmount(o, "amount", OBJ))
                .setCurrency(requireCurrency(o, "currency", OBJ))
                .setStatus(requireText(o, "status", OBJ))
                .setReason(optionalText(o, "reason", OBJ))
                .setFeeMinor(fee)
                .setOccurredAt(occurredAt)
                .build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
