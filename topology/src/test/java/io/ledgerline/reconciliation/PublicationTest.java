package io.ledgerline.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.InvoiceView;
import io.ledgerline.contract.PublishedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A contract change compares with what the account's last change published, kept in its state: the same answer as
 * recomputing the state before it, after a restart as without one.
 */
class PublicationTest {

    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void keptFingerprintsAnswerAsTheRecomputedStateWould() {
        ContractState before = manualInvoice(1000);
        Map<String, Long> recomputed = Publication.publishedBy(before, T, t -> t, kind -> true);
        before.setPublished(Publication.of(before, T, t -> t, kind -> true).fingerprints());
        assertThat(Publication.publishedBy(before, T, t -> t, kind -> true)).isEqualTo(recomputed);
        assertThat(before.getPublished()).extracting(PublishedRecord::getKey)
                .containsExactly("drift:BILLED_NOT_BOOKED:reconciliation:in_1", "reconciliation:USD", "writeback:001A")
                .isSorted();
    }

    @Test
    void aLaterAsOfAloneChangesNothingAndAnEndedDriftIsNamed() {
        ContractState before = manualInvoice(1000);
        before.setPublished(Publication.of(before, T, t -> t, kind -> true).fingerprints());
        Map<String, Long> published = Publication.publishedBy(before, T, t -> t, kind -> true);

        Publication later = Publication.of(manualInvoice(1000), T.plusSeconds(3600), t -> t, kind -> true);
        assertThat(later.currencies()).allSatisfy(c -> assertThat(later.changed(c, published)).isFalse());
        assertThat(later.changedWritebacks(published)).isEmpty();
        assertThat(later.endedDrifts(published)).isEmpty();

        Publication voided = Publication.of(voided(manualInvoice(1000)), T, t -> t, kind -> true);
        assertThat(voided.endedDrifts(published)).containsExactly("BILLED_NOT_BOOKED:reconciliation:in_1");
        assertThat(voided.currencies()).allSatisfy(c -> assertThat(voided.changed(c, published)).isTrue());
        assertThat(voided.changedWritebacks(published)).hasSize(1);
    }

    /** An account billed by a manual invoice and nothing booked: a BILLED_NOT_BOOKED drift. */
    private static ContractState manualInvoice(long total) {
        return ContractState.newBuilder().setAccountId("001A").setInvoices(List.of(InvoiceView.newBuilder().setInvoiceId("in_1")
                .setCorrelationId("in_1").setStatus("open").setCurrency("USD").setEffectiveAt(T).setTotalMinor(total).setTaxMinor(0)
                .setPaidMinor(0).setCreditedMinor(0).setOutstandingMinor(total).setVoided(false).build())).build();
    }

    private static ContractState voided(ContractState state) {
        state.getInvoices().forEach(v -> v.setVoided(true));
        return state;
    }
}
