package io.ledgerline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.Dispute;
import io.ledgerline.canonical.DisputeStep;
import io.ledgerline.canonical.InvoiceLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Stripe shapes of subscription changes, customer credit and disputes, read from the amendments fixture. */
class SubscriptionChangeEventsTest {

    private static final Path STRIPE = Path.of("../fixtures/amendments/stripe-events.jsonl");
    private final StripeEventNormalizer normalizer = new StripeEventNormalizer();

    private CanonicalEvent only(String type, String objectId) throws IOException {
        List<String> lines = Files.readAllLines(STRIPE, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"type\":\"" + type + "\"") && l.contains("\"id\":\"" + objectId + "\"")).toList();
        assertThat(lines).as("%s of %s in the fixture", type, objectId).hasSize(1);
        NormalizeResult<CanonicalEvent> result = normalizer.normalize(lines.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(NormalizeResult.Accepted.class);
        return ((NormalizeResult.Accepted<CanonicalEvent>) result).values().get(0);
    }

    @Test
    void aDisputeStepCarriesItsPaymentIntentTheWithdrawingFeeAndTheEventsTime() throws IOException {
        CanonicalEvent event = only("charge.dispute.funds_withdrawn", "dp_Delft0000001");
        Dispute d = (Dispute) event.getPayload();
        assertThat(d.getStep()).isEqualTo(DisputeStep.FUNDS_WITHDRAWN);
        assertThat(d.getPaymentIntentId()).isEqualTo("pi_Delft0000001");
        assertThat(d.getAmountMinor()).isEqualTo(1_200_000);
        assertThat(d.getCurrency()).isEqualTo("EUR");
        assertThat(d.getFeeMinor()).isEqualTo(1500);
        assertThat(d.getOccurredAt()).isEqualTo(event.getEventTime()).isEqualTo(Instant.ofEpochSecond(1776690005));

        Dispute reinstated = (Dispute) only("charge.dispute.funds_reinstated", "dp_Delft0000001").getPayload();
        assertThat(reinstated.getStep()).isEqualTo(DisputeStep.FUNDS_REINSTATED);
        // the dispute object lists every balance transaction so far; the fee is the withdrawal's, booked only by DISPUTE
        assertThat(reinstated.getFeeMinor()).isEqualTo(1500);
    }

    @Test
    void anInvoiceKeepsItsStartingBalanceAndAmountDueAndItsProrationLines() throws IOException {
        List<BillingInvoice> invoices = Files.readAllLines(STRIPE, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"type\":\"invoice.finalized\""))
                .map(l -> ((NormalizeResult.Accepted<CanonicalEvent>) normalizer.normalize(l.getBytes(StandardCharsets.UTF_8))).values().get(0))
                .map(e -> (BillingInvoice) e.getPayload()).toList();
        assertThat(invoices).anySatisfy(i -> {
            assertThat(i.getStartingBalanceMinor()).isNegative();
            assertThat(i.getAmountDueMinor()).isLessThan(i.getTotalMinor());
        });
        assertThat(invoices).anySatisfy(i -> assertThat(i.getTotalMinor()).isNegative());
        assertThat(invoices.stream().flatMap(i -> i.getLines().stream()).filter(InvoiceLine::getProration))
                .anySatisfy(l -> assertThat(l.getAmountMinor()).isNegative())
                .anySatisfy(l -> assertThat(l.getAmountMinor()).isPositive());
    }
}
