package io.ledgerline.ingest;

import static io.ledgerline.ingest.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.canonical.BillingCustomer;
import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.InvoiceLifecycle;
import io.ledgerline.canonical.InvoiceLine;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.Refund;
import io.ledgerline.canonical.SubscriptionChange;
import io.ledgerline.canonical.SubscriptionItem;
import io.ledgerline.common.SourceSystem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StripeEventNormalizerTest {

    private final StripeEventNormalizer normalizer = new StripeEventNormalizer();

    private CanonicalEvent accept(String json) {
        NormalizeResult<CanonicalEvent> result = normalizer.normalize(bytes(json));
        assertThat(result).isInstanceOf(NormalizeResult.Accepted.class);
        List<CanonicalEvent> values = result.values();
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private String reject(String json) {
        NormalizeResult<CanonicalEvent> result = normalizer.normalize(bytes(json));
        assertThat(result).isInstanceOf(NormalizeResult.Rejected.class);
        return ((NormalizeResult.Rejected<CanonicalEvent>) result).error();
    }

    private static Instant sec(long seconds) {
        return Instant.ofEpochSecond(seconds);
    }


    @Test
    void everyFixtureEventIsAccepted() {
        List<String> lines = Fixtures.stripe();
        assertThat(lines).hasSize(23);
        for (String line : lines) {
            NormalizeResult<CanonicalEvent> result = normalizer.normalize(bytes(line));
            assertThat(result).as(line.substring(0, 120)).isInstanceOf(NormalizeResult.Accepted.class);
            CanonicalEvent event = result.values().get(0);
            assertThat(event.getSourceSystem()).isEqualTo(SourceSystem.STRIPE);
            assertThat(event.getEventId()).startsWith("evt_");
            assertThat(event.getAccountId()).isNull();
        }
    }

    @Test
    void acmeInvoiceFinalized() {
        CanonicalEvent event = accept(Fixtures.stripeEvent("invoice.finalized", "in_Acme0001"));
        assertThat(event.getEventId()).isEqualTo("evt_e6888f18edb7adacaffba308");
        assertThat(event.getEventType()).isEqualTo("invoice.finalized");
        assertThat(event.getEventTime()).isEqualTo(sec(1768435500L));
        assertThat(event.getEventTime().toEpochMilli()).isEqualTo(1768435500000L);

        BillingInvoice invoice = (BillingInvoice) event.getPayload();
        assertThat(invoice.getInvoiceId()).isEqualTo("in_Acme0001");
        assertThat(invoice.getCustomerId()).isEqualTo("cus_AcmeCorp0001");
        assertThat(invoice.getLifecycle()).isEqualTo(InvoiceLifecycle.FINALIZED);
        assertThat(invoice.getSubscriptionId()).isEqualTo("sub_Acme0001");
        assertThat(invoice.getNumber()).isEqualTo("ACME-0001");
        assertThat(invoice.getStatus()).isEqualTo("open");
        assertThat(invoice.getBillingReason()).isEqualTo("subscription_create");
        assertThat(invoice.getCurrency()).isEqualTo("USD");
        assertThat(invoice.getEffectiveAt()).isEqualTo(sec(1768435500L));
        assertThat(invoice.getPeriodStart()).isEqualTo(sec(1768435200L));
        assertThat(invoice.getPeriodEnd()).isEqualTo(sec(1799971200L));
        assertThat(invoice.getSubtotalMinor()).isEqualTo(1_350_000L);
        assertThat(invoice.getDiscountMinor()).isZero();
        assertThat(invoice.getTaxMinor()).isEqualTo(111_375L);
        assertThat(invoice.getTotalMinor()).isEqualTo(1_461_375L);

        assertThat(invoice.getLines()).hasSize(2);
        InvoiceLine platform = invoice.getLines().get(0);
        assertThat(platform.getLineId()).isEqualTo("il_9c0ba52b244ad1");
        assertThat(platform.getProductId()).isEqualTo("prod_platform");
        assertThat(platform.getPriceId()).isEqualTo("price_674d99bd286f5f");
        assertThat(platform.getDescription()).isEqualTo("Platform");
        assertThat(platform.getQuantity()).isEqualTo(1L);
        assertThat(platform.getAmountMinor()).isEqualTo(1_200_000L);
        assertThat(platform.getDiscountMinor()).isZero();
        assertThat(platform.getTaxMinor()).isEqualTo(99_000L);
        assertThat(platform.getPeriodStart()).isEqualTo(sec(1768435200L));
        assertThat(platform.getPeriodEnd()).isEqualTo(sec(1799971200L));
        assertThat(platform.getProration()).isFalse();
        InvoiceLine onboarding = invoice.getLines().get(1);
        assertThat(onboarding.getProductId()).isEqualTo("prod_onboarding");
        assertThat(onboarding.getAmountMinor()).isEqualTo(150_000L);
        assertThat(onboarding.getTaxMinor()).isEqualTo(12_375L);
    }

    @Test
    void acmeInvoicePaidOnlyChangesLifecycle() {
        BillingInvoice invoice = (BillingInvoice) accept(Fixtures.stripeEvent("invoice.paid", "in_Acme0001")).getPayload();
        assertThat(invoice.getLifecycle()).isEqualTo(InvoiceLifecycle.PAID);
        assertThat(invoice.getStatus()).isEqualTo("paid");
        assertThat(invoice.getTotalMinor()).isEqualTo(1_461_375L);
    }

    @Test
    void bergmannPaymentBeforeInvoiceDecodesOnItsOwn() {
        List<String> lines = Fixtures.stripe();
        int paymentIndex = -1;
        int invoiceIndex = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"inpay_1e4a49a21fdebeef\"") && paymentIndex < 0) {
                paymentIndex = i;
            }
            if (lines.get(i).contains("\"invoice.finalized\"") && lines.get(i).contains("in_Bergmann01") && invoiceIndex < 0) {
                invoiceIndex = i;
            }
        }
        assertThat(paymentIndex).isLessThan(invoiceIndex); // the fixture delivers the payment first

        CanonicalEvent event = accept(lines.get(paymentIndex));
        assertThat(event.getEventType()).isEqualTo("invoice_payment.paid");
        InvoicePayment payment = (InvoicePayment) event.getPayload();
        assertThat(payment.getInvoicePaymentId()).isEqualTo("inpay_1e4a49a21fdebeef");
        assertThat(payment.getInvoiceId()).isEqualTo("in_Bergmann01");
        assertThat(payment.getAmountMinor()).isEqualTo(2_856_000L);
        assertThat(payment.getCurrency()).isEqualTo("EUR");
        assertThat(payment.getStatus()).isEqualTo("paid");
        assertThat(payment.getPaymentIntentId()).startsWith("pi_");
    }

    @Test
    void duplicateDeliveryKeepsTheEventId() {
        List<String> duplicates = Fixtures.stripe().stream().filter(l -> l.contains("evt_4548b1561d4b25674ba1ef8a")).toList();
        assertThat(duplicates).hasSize(2);
        CanonicalEvent first = accept(duplicates.get(0));
        CanonicalEvent second = accept(duplicates.get(1));
        assertThat(first).isEqualTo(second);
        BillingInvoice invoice = (BillingInvoice) first.getPayload();
        assertThat(invoice.getCurrency()).isEqualTo("EUR");
        assertThat(invoice.getTaxMinor()).isEqualTo(456_000L);
        assertThat(invoice.getTotalMinor()).isEqualTo(2_856_000L);
    }

    @Test
    void acmePaymentLinksInvoiceAndPaymentIntent() {
        InvoicePayment payment = (InvoicePayment) accept(Fixtures.stripeEvent("invoice_payment.paid", "inpay_e547de4f9fec164d")).getPayload();
        assertThat(payment.getInvoiceId()).isEqualTo("in_Acme0001");
        assertThat(payment.getPaymentIntentId()).isEqualTo("pi_Acme0001");
        assertThat(payment.getAmountMinor()).isEqualTo(1_461_375L);
        assertThat(payment.getCurrency()).isEqualTo("USD");
        assertThat(payment.getPaidAt()).isEqualTo(sec(1768435560L));
    }

    @Test
    void customerCarriesCrmAccountId() {
        CanonicalEvent event = accept(Fixtures.stripeEvent("customer.created", "cus_AcmeCorp0001"));
        BillingCustomer customer = (BillingCustomer) event.getPayload();
        assertThat(customer.getCustomerId()).isEqualTo("cus_AcmeCorp0001");
        assertThat(customer.getName()).isEqualTo("Acme Corp");
        assertThat(customer.getEmail()).as("the e-mail the Stripe customer has, billing@acme.example, is not carried on").isNull();
        assertThat(customer.getCrmAccountId()).isEqualTo("001C1AC32E5DD5537B");
        assertThat(customer.getDeleted()).isFalse();
        assertThat(event.getEventTime()).isEqualTo(sec(1768408800L));
    }

    @Test
    void customerDeletedSetsTheFlag() {
        String json = Fixtures.stripeEvent("customer.created", "cus_AcmeCorp0001").replace("customer.created", "customer.deleted");
        assertThat(((BillingCustomer) accept(json).getPayload()).getDeleted()).isTrue();
    }

    @Test
    void subscriptionCreated() {
        BillingSubscription sub = (BillingSubscription) accept(Fixtures.stripeEvent("customer.subscription.created", "sub_Acme0001")).getPayload();
        assertThat(sub.getSubscriptionId()).isEqualTo("sub_Acme0001");
        assertThat(sub.getCustomerId()).isEqualTo("cus_AcmeCorp0001");
        assertThat(sub.getChange()).isEqualTo(SubscriptionChange.CREATED);
        assertThat(sub.getStatus()).isEqualTo("active");
        assertThat(sub.getCurrency()).isEqualTo("USD");
        assertThat(sub.getCrmOpportunityId()).isEqualTo("006E38CD89DD1E2713");
        assertThat(sub.getStartDate()).isEqualTo(sec(1768435200L));
        assertThat(sub.getCanceledAt()).isNull();
        assertThat(sub.getItems()).hasSize(1);
        SubscriptionItem item = sub.getItems().get(0);
        assertThat(item.getItemId()).isEqualTo("si_d997ae5ac9ed44");
        assertThat(item.getProductId()).isEqualTo("prod_platform");
        assertThat(item.getPriceId()).isEqualTo("price_674d99bd286f5f");
        assertThat(item.getQuantity()).isEqualTo(1L);
        assertThat(item.getUnitAmountMinor()).isEqualTo(1_200_000L);
        assertThat(item.getInterval()).isEqualTo("year");
        assertThat(item.getIntervalCount()).isEqualTo(1);
        assertThat(item.getCurrentPeriodStart()).isEqualTo(sec(1768435200L));
        assertThat(item.getCurrentPeriodEnd()).isEqualTo(sec(1799971200L));
    }

    @Test
    void subscriptionDeletedWithCancellation() {
        String json = Fixtures.stripeEvent("customer.subscription.created", "sub_Acme0001")
                .replace("customer.subscription.created", "customer.subscription.deleted")
                .replace("\"status\": \"active\"", "\"status\": \"canceled\"")
                .replace("\"status\":\"active\"", "\"status\":\"canceled\"")
                .replace("\"start_date\"", "\"canceled_at\": 1780000000, \"start_date\"");
        BillingSubscription sub = (BillingSubscription) accept(json).getPayload();
        assertThat(sub.getChange()).isEqualTo(SubscriptionChange.DELETED);
        assertThat(sub.getStatus()).isEqualTo("canceled");
        assertThat(sub.getCanceledAt()).isEqualTo(sec(1780000000L));
    }

    @Test
    void creditNote() {
        CreditNote note = (CreditNote) accept(Fixtures.stripeEvent("credit_note.created", "cn_Dunmore0001")).getPayload();
        assertThat(note.getCreditNoteId()).isEqualTo("cn_Dunmore0001");
        assertThat(note.getInvoiceId()).isEqualTo("in_Dunmore001");
        assertThat(note.getCustomerId()).isEqualTo("cus_Dunmore0004");
        assertThat(note.getCurrency()).isEqualTo("USD");
        assertThat(note.getCreditType()).isEqualTo("pre_payment");
        assertThat(note.getStatus()).isEqualTo("issued");
        assertThat(note.getNumber()).isEqualTo("MORE0001");
        assertThat(note.getEffectiveAt()).isEqualTo(sec(1772704800L));
        assertThat(note.getSubtotalMinor()).isEqualTo(100_000L);
        assertThat(note.getTaxMinor()).isZero();
        assertThat(note.getTotalMinor()).isEqualTo(100_000L);
        assertThat(note.getLines()).singleElement().satisfies(line -> {
            assertThat(line.getLineId()).isEqualTo("cnli_882c6c23719270");
            assertThat(line.getInvoiceLineId()).isEqualTo("il_eb930be2d4bf8f");
            assertThat(line.getAmountMinor()).isEqualTo(100_000L);
            assertThat(line.getTaxMinor()).isZero();
            assertThat(line.getDescription()).isEqualTo("Credit");
        });
    }

    @Test
    void refund() {
        CanonicalEvent event = accept(Fixtures.stripeEvent("refund.created", "re_Dunmore0001"));
        Refund refund = (Refund) event.getPayload();
        assertThat(refund.getRefundId()).isEqualTo("re_Dunmore0001");
        assertThat(refund.getPaymentIntentId()).isEqualTo("pi_Dunmore001");
        assertThat(refund.getAmountMinor()).isEqualTo(50_000L);
        assertThat(refund.getCurrency()).isEqualTo("USD");
        assertThat(refund.getStatus()).isEqualTo("succeeded");
        assertThat(refund.getReason()).isEqualTo("requested_by_customer");
        assertThat(refund.getCreatedAt()).isEqualTo(sec(1781517600L));
    }

    @Test
    void voidedInvoiceWithoutParent() {
        BillingInvoice invoice = (BillingInvoice) accept(Fixtures.stripeEvent("invoice.voided", "in_ElmTrade01")).getPayload();
        assertThat(invoice.getLifecycle()).isEqualTo(InvoiceLifecycle.VOIDED);
        assertThat(invoice.getSubscriptionId()).isNull();
        assertThat(invoice.getStatus()).isEqualTo("void");
        assertThat(invoice.getTotalMinor()).isEqualTo(250_000L);
        assertThat(invoice.getLines()).singleElement().satisfies(l -> assertThat(l.getProductId()).isEqualTo("prod_onboarding"));
    }


    @Test
    void inclusiveTaxIsTakenOutOfTheLineAmount() {
        // 1200 gross including 20% VAT: 1000 net + 200 tax; total equals the gross
        String json = invoiceEvent("eur", 1200, 1200, "[]", "[" + tax(200, "inclusive") + "]",
                line("il_1", 1200, "[]", "[" + tax(200, "inclusive") + "]"));
        BillingInvoice invoice = (BillingInvoice) accept(json).getPayload();
        assertThat(invoice.getTaxMinor()).as("invoice tax is all tax, inclusive included").isEqualTo(200L);
        assertThat(invoice.getTotalMinor()).isEqualTo(1200L);
        InvoiceLine l = invoice.getLines().get(0);
        assertThat(l.getAmountMinor()).isEqualTo(1000L);
        assertThat(l.getTaxMinor()).isEqualTo(200L);
        assertThat(l.getAmountMinor() - l.getDiscountMinor() + l.getTaxMinor()).isEqualTo(invoice.getTotalMinor());
    }

    @Test
    void inclusiveTaxWithDiscount() {
        // 1200 gross, 120 discount → 1080 taxable gross incl. 180 VAT (20%); total 1080
        String json = invoiceEvent("eur", 1200, 1080, "[" + amount(120) + "]", "[" + tax(180, "inclusive") + "]",
                line("il_1", 1200, "[" + amount(120) + "]", "[" + tax(180, "inclusive") + "]"));
        BillingInvoice invoice = (BillingInvoice) accept(json).getPayload();
        InvoiceLine l = invoice.getLines().get(0);
        assertThat(l.getAmountMinor()).isEqualTo(1020L);
        assertThat(l.getDiscountMinor()).isEqualTo(120L);
        assertThat(l.getTaxMinor()).isEqualTo(180L);
        assertThat(l.getAmountMinor() - l.getDiscountMinor()).as("net revenue").isEqualTo(900L);
        assertThat(invoice.getDiscountMinor()).isEqualTo(120L);
        assertThat(invoice.getTaxMinor()).isEqualTo(180L);
        assertThat(l.getAmountMinor() - l.getDiscountMinor() + invoice.getTaxMinor()).isEqualTo(invoice.getTotalMinor());
    }

    @Test
    void exclusiveTaxWithDiscountsOnTwoLines() {
        // 10000 − 1000 discount + 10% tax on 9000 = 900; 5000 − 500 + 450; total 14850
        String json = invoiceEvent("usd", 15000, 14850, "[" + amount(1000) + "," + amount(500) + "]",
                "[" + tax(1350, "exclusive") + "]",
                line("il_1", 10000, "[" + amount(1000) + "]", "[" + tax(900, "exclusive") + "]"),
                line("il_2", 5000, "[" + amount(500) + "]", "[" + tax(450, "exclusive") + "]"));
        BillingInvoice invoice = (BillingInvoice) accept(json).getPayload();
        assertThat(invoice.getDiscountMinor()).isEqualTo(1500L);
        assertThat(invoice.getTaxMinor()).isEqualTo(1350L);
        assertThat(invoice.getTotalMinor()).isEqualTo(14850L);
        assertThat(invoice.getLines()).extracting(InvoiceLine::getAmountMinor).containsExactly(10000L, 5000L);
        assertThat(invoice.getLines()).extracting(InvoiceLine::getDiscountMinor).containsExactly(1000L, 500L);
        assertThat(invoice.getLines()).extracting(InvoiceLine::getTaxMinor).containsExactly(900L, 450L);
    }

    @Test
    void mixedExclusiveAndInclusiveLines() {
        // line 1: 1000 + 100 exclusive tax; line 2: 1100 gross incl 100 tax; total 2200
        String json = invoiceEvent("usd", 2100, 2200, "[]",
                "[" + tax(100, "exclusive") + "," + tax(100, "inclusive") + "]",
                line("il_1", 1000, "[]", "[" + tax(100, "exclusive") + "]"),
                line("il_2", 1100, "[]", "[" + tax(100, "inclusive") + "]"));
        BillingInvoice invoice = (BillingInvoice) accept(json).getPayload();
        assertThat(invoice.getTaxMinor()).isEqualTo(200L);
        assertThat(invoice.getLines()).extracting(InvoiceLine::getAmountMinor).containsExactly(1000L, 1000L);
        assertThat(invoice.getLines()).extracting(InvoiceLine::getTaxMinor).containsExactly(100L, 100L);
    }

    @Test
    void zeroDecimalCurrencyAmountsPassThrough() {
        String json = invoiceEvent("jpy", 150000, 165000, "[]", "[" + tax(15000, "exclusive") + "]",
                line("il_1", 150000, "[]", "[" + tax(15000, "exclusive") + "]"));
        BillingInvoice invoice = (BillingInvoice) accept(json).getPayload();
        assertThat(invoice.getCurrency()).isEqualTo("JPY");
        assertThat(invoice.getTotalMinor()).isEqualTo(165000L);
    }

    @Test
    void totalThatDoesNotAddUpIsRejectedWithTheFigures() {
        String json = invoiceEvent("usd", 1000, 1101, "[]", "[" + tax(100, "exclusive") + "]",
                line("il_1", 1000, "[]", "[" + tax(100, "exclusive") + "]"));
        assertThat(reject(json)).isEqualTo("stripe event evt_test (invoice.finalized): invoice does not add up:"
                + " total is 1101 but lines net of discounts (1000) plus tax (100) come to 1100");
    }

    @Test
    void invoiceTaxThatDisagreesWithTheLinesIsRejected() {
        String json = invoiceEvent("usd", 1000, 1100, "[]", "[" + tax(90, "exclusive") + "]",
                line("il_1", 1000, "[]", "[" + tax(100, "exclusive") + "]"));
        assertThat(reject(json)).contains("total_taxes sum to 90").contains("lines' taxes sum to 100");
    }

    @Test
    void invoiceDiscountThatDisagreesWithTheLinesIsRejected() {
        String json = invoiceEvent("usd", 1000, 900, "[" + amount(50) + "]", "[]",
                line("il_1", 1000, "[" + amount(100) + "]", "[]"));
        assertThat(reject(json)).contains("total_discount_amounts sum to 50").contains("discount_amounts sum to 100");
    }

    @Test
    void truncatedLineListIsRejected() {
        String json = invoiceEvent("usd", 1000, 1000, "[]", "[]", line("il_1", 1000, "[]", "[]"))
                .replace("\"has_more\":false", "\"has_more\":true");
        assertThat(reject(json)).contains("data.object.lines.has_more is true");
    }

    @Test
    void olderLineShapesAndProration() {
        String legacyLine = """
                {"id":"il_old","amount":500,"currency":"usd","quantity":2,"proration":true,
                 "period":{"start":1768435200,"end":1770000000},
                 "price":{"id":"price_old","product":"prod_seats"},
                 "discount_amounts":[],"tax_amounts":[{"amount":50,"inclusive":false}]}""";
        String json = invoiceEvent("usd", 500, 550, "[]", null, legacyLine)
                .replace("\"total_taxes\":null,", "\"total_tax_amounts\":[{\"amount\":50,\"inclusive\":false}],");
        BillingInvoice invoice = (BillingInvoice) accept(json).getPayload();
        assertThat(invoice.getTaxMinor()).isEqualTo(50L);
        InvoiceLine l = invoice.getLines().get(0);
        assertThat(l.getProductId()).isEqualTo("prod_seats");
        assertThat(l.getPriceId()).isEqualTo("price_old");
        assertThat(l.getQuantity()).isEqualTo(2L);
        assertThat(l.getTaxMinor()).isEqualTo(50L);
        assertThat(l.getProration()).isTrue();
    }

    @Test
    void basilProrationFromLineParent() {
        String prorated = line("il_p", 300, "[]", "[]").replace("\"period\"",
                "\"parent\":{\"type\":\"subscription_item_details\",\"subscription_item_details\":{\"proration\":true,\"subscription\":\"sub_1\"}},\"period\"");
        BillingInvoice invoice = (BillingInvoice) accept(invoiceEvent("usd", 300, 300, "[]", "[]", prorated)).getPayload();
        assertThat(invoice.getLines().get(0).getProration()).isTrue();
    }

    @Test
    void effectiveAtFallsBackToFinalizedAtThenCreated() {
        String json = invoiceEvent("usd", 100, 100, "[]", "[]", line("il_1", 100, "[]", "[]"));
        assertThat(((BillingInvoice) accept(json).getPayload()).getEffectiveAt()).isEqualTo(sec(1768435500L));
        String noEffective = json.replace("\"effective_at\":1768435500,", "\"effective_at\":null,");
        assertThat(((BillingInvoice) accept(noEffective).getPayload()).getEffectiveAt()).isEqualTo(sec(1768435400L));
        String neither = noEffective.replace("\"finalized_at\":1768435400", "\"finalized_at\":null");
        assertThat(((BillingInvoice) accept(neither).getPayload()).getEffectiveAt()).isEqualTo(sec(1768435300L));
    }


    @Test
    void notJson() {
        assertThat(reject("this is not json")).startsWith("stripe event: not valid JSON");
        NormalizeResult<CanonicalEvent> result = normalizer.normalize(bytes("{\"id\":"));
        assertThat(((NormalizeResult.Rejected<CanonicalEvent>) result).cause()).isNotNull();
    }

    @Test
    void emptyAndNull() {
        assertThat(reject("")).contains("empty record");
        assertThat(normalizer.normalize(null)).isInstanceOf(NormalizeResult.Rejected.class);
    }

    @Test
    void notAnObject() {
        assertThat(reject("[1,2,3]")).isEqualTo("stripe event: expected a JSON object but got array");
        assertThat(reject("42")).contains("expected a JSON object");
    }

    @Test
    void missingIdTypeOrDataObject() {
        assertThat(reject("{\"type\":\"invoice.paid\",\"created\":1,\"data\":{\"object\":{}}}")).isEqualTo("stripe event: id missing");
        assertThat(reject("{\"id\":\"evt_1\",\"created\":1,\"data\":{\"object\":{}}}")).isEqualTo("stripe event evt_1: type missing");
        assertThat(reject("{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"created\":1,\"data\":{}}"))
                .isEqualTo("stripe event evt_1 (invoice.paid): data.object missing");
        assertThat(reject("{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"created\":1,\"data\":{\"object\":\"in_1\"}}"))
                .isEqualTo("stripe event evt_1 (invoice.paid): data.object must be an object but is string \"in_1\"");
    }

    @Test
    void missingCurrencyNamesEventTypeAndPath() {
        ObjectNode event = (ObjectNode) Fixtures.tree(Fixtures.stripeEvent("invoice.finalized", "in_Acme0001"));
        ((ObjectNode) event.path("data").path("object")).remove("currency");
        assertThat(reject(event.toString()))
                .isEqualTo("stripe event evt_e6888f18edb7adacaffba308 (invoice.finalized): data.object.currency missing");
    }

    @Test
    void unknownButWellFormedCurrencyIsPassedOnForTheCoreToPark() {
        String json = Fixtures.stripeEvent("refund.created", "re_Dunmore0001").replace("\"usd\"", "\"zzz\"");
        assertThat(((Refund) accept(json).getPayload()).getCurrency()).isEqualTo("ZZZ");
        assertThat(reject(json.replace("\"zzz\"", "\"usdollar\""))).endsWith("data.object.currency 'usdollar' is not a three-letter currency code");
    }

    @Test
    void amountOfTheWrongType() {
        ObjectNode event = (ObjectNode) Fixtures.tree(Fixtures.stripeEvent("invoice.finalized", "in_Acme0001"));
        ((ObjectNode) event.path("data").path("object").path("lines").path("data").path(1)).put("amount", "150000");
        assertThat(reject(event.toString())).endsWith("data.object.lines.data[1].amount must be an integer but is string \"150000\"");
        ((ObjectNode) event.path("data").path("object").path("lines").path("data").path(1)).put("amount", 1500.5);
        assertThat(reject(event.toString())).contains("data.object.lines.data[1].amount must be an integer");
    }

    @Test
    void refundWithoutPaymentIntent() {
        ObjectNode event = (ObjectNode) Fixtures.tree(Fixtures.stripeEvent("refund.created", "re_Dunmore0001"));
        ((ObjectNode) event.path("data").path("object")).putNull("payment_intent");
        assertThat(reject(event.toString())).endsWith("(refund.created): data.object.payment_intent missing");
    }

    @Test
    void wrongObjectKind() {
        String json = Fixtures.stripeEvent("refund.created", "re_Dunmore0001").replace("refund.created", "invoice.paid");
        assertThat(reject(json)).contains("data.object.object is 'refund' but a invoice was expected");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThat(reject("{\"id\":\"evt_1\",\"id\":\"evt_2\"}")).contains("not valid JSON").contains("Duplicate field 'id'");
    }

    @Test
    void unknownTypeIsIgnored() {
        NormalizeResult<CanonicalEvent> result = normalizer.normalize(bytes(
                "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\",\"created\":1768435500,\"data\":{\"object\":{\"id\":\"ch_1\"}}}"));
        assertThat(result).isEqualTo(NormalizeResult.ignored("stripe event type charge.succeeded is not used by Ledgerline"));
        assertThat(result.values()).isEmpty();
    }

    @Test
    void creditNoteWithInclusiveTaxAndDiscountCreditsTheNetAmount() {
        // 1200 gross incl. tax, 120 discount credited back: 1080 gross credit of which 180 VAT
        CreditNote note = (CreditNote) accept(creditNoteEvent(1200, 1080, "[" + tax(180, "inclusive") + "]",
                "[" + amount(120) + "]", "[" + tax(180, "inclusive") + "]")).getPayload();
        assertThat(note.getTaxMinor()).isEqualTo(180L);
        assertThat(note.getTotalMinor()).isEqualTo(1080L);
        assertThat(note.getLines().get(0).getAmountMinor()).isEqualTo(900L);
        assertThat(note.getLines().get(0).getTaxMinor()).isEqualTo(180L);
    }

    @Test
    void creditNoteThatDoesNotAddUpIsRejected() {
        assertThat(reject(creditNoteEvent(1000, 1150, "[" + tax(100, "exclusive") + "]", "[]", "[" + tax(100, "exclusive") + "]")))
                .isEqualTo("stripe event evt_cn (credit_note.created): credit note does not add up: total is 1150"
                        + " but lines net of discounts (1000) plus tax (100) come to 1100");
        assertThat(reject(creditNoteEvent(1000, 1100, "[" + tax(100, "exclusive") + "]", "[]", "[]")))
                .contains("total_taxes sum to 100 but the lines' taxes sum to 0");
    }

    private static String creditNoteEvent(long lineAmount, long total, String totalTaxes, String lineDiscounts, String lineTaxes) {
        return "{\"id\":\"evt_cn\",\"type\":\"credit_note.created\",\"created\":1772704800,\"data\":{\"object\":{"
                + "\"id\":\"cn_1\",\"object\":\"credit_note\",\"invoice\":\"in_1\",\"customer\":\"cus_1\",\"currency\":\"eur\","
                + "\"type\":\"post_payment\",\"status\":\"issued\",\"created\":1772704800,\"subtotal\":" + lineAmount
                + ",\"total\":" + total + ",\"total_taxes\":" + totalTaxes + ",\"lines\":{\"has_more\":false,\"data\":[{"
                + "\"id\":\"cnli_1\",\"invoice_line_item\":\"il_1\",\"amount\":" + lineAmount + ",\"discount_amounts\":" + lineDiscounts
                + ",\"taxes\":" + lineTaxes + "}]}}}}";
    }

    // ---------------------------------------------------------------- builders for hand-written invoices

    private static String amount(long amount) {
        return "{\"amount\":" + amount + ",\"discount\":\"di_1\"}";
    }

    private static String tax(long amount, String behavior) {
        return "{\"amount\":" + amount + ",\"tax_behavior\":\"" + behavior + "\",\"taxable_amount\":0,\"type\":\"tax_rate_details\"}";
    }

    private static String line(String id, long amount, String discounts, String taxes) {
        return "{\"id\":\"" + id + "\",\"object\":\"line_item\",\"amount\":" + amount + ",\"currency\":\"usd\",\"quantity\":1,"
                + "\"period\":{\"start\":1768435200,\"end\":1799971200},"
                + "\"pricing\":{\"type\":\"price_details\",\"price_details\":{\"price\":\"price_1\",\"product\":\"prod_platform\"}},"
                + "\"discount_amounts\":" + discounts + ",\"taxes\":" + taxes + "}";
    }

    private static String invoiceEvent(String currency, long subtotal, long total, String discounts, String taxes, String... lines) {
        String json = "{\"id\":\"evt_test\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":1768435500,"
                + "\"type\":\"invoice.finalized\",\"data\":{\"object\":{\"id\":\"in_test\",\"object\":\"invoice\","
                + "\"customer\":\"cus_1\",\"currency\":\"" + currency + "\",\"status\":\"open\",\"created\":1768435300,"
                + "\"effective_at\":1768435500,\"subtotal\":" + subtotal + ",\"total\":" + total + ","
                + "\"total_discount_amounts\":" + discounts + ",\"total_taxes\":" + taxes + ","
                + "\"status_transitions\":{\"finalized_at\":1768435400},\"parent\":null,"
                + "\"lines\":{\"object\":\"list\",\"has_more\":false,\"data\":[" + String.join(",", lines) + "]}}}}";
        // line currency follows the invoice
        return json.replace("\"currency\":\"usd\",\"quantity\"", "\"currency\":\"" + currency + "\",\"quantity\"");
    }
}
