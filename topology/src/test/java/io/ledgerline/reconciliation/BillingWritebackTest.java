package io.ledgerline.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.contract.BillingStatus;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.CrmObjectType;
import io.ledgerline.contract.CrmWriteback;
import io.ledgerline.contract.DisputeView;
import io.ledgerline.contract.InvoiceView;
import io.ledgerline.contract.OrderView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The billing status each combination of an opportunity's invoices means. */
class BillingWritebackTest {

    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void statusFollowsWhatIsPaidCreditedVoidedAndDisputed() {
        assertThat(status(invoice("in_1", 1000, 0, 0, false))).isEqualTo(BillingStatus.INVOICED);
        assertThat(status(invoice("in_1", 1000, 400, 0, false))).isEqualTo(BillingStatus.PARTIALLY_PAID);
        assertThat(status(invoice("in_1", 1000, 1000, 0, false))).isEqualTo(BillingStatus.PAID);
        assertThat(status(invoice("in_1", 1000, 600, 400, false))).isEqualTo(BillingStatus.PAID);
        assertThat(status(invoice("in_1", 1000, 0, 1000, false))).isEqualTo(BillingStatus.CREDITED);
        assertThat(status(invoice("in_1", 1000, 0, 0, true))).isEqualTo(BillingStatus.VOID);
        // a voided invoice beside a paid one: the paid one decides
        assertThat(status(invoice("in_1", 1000, 0, 0, true), invoice("in_2", 500, 500, 0, false))).isEqualTo(BillingStatus.PAID);
        InvoiceView disputed = invoice("in_1", 1000, 1000, 0, false);
        disputed.setDisputes(List.of(DisputeView.newBuilder().setDisputeId("dp_1").setStatus("needs_response").setAmountMinor(1000).build()));
        assertThat(status(disputed)).isEqualTo(BillingStatus.DISPUTED);
        disputed.setDisputes(List.of(DisputeView.newBuilder().setDisputeId("dp_1").setStatus("won").setAmountMinor(1000).build()));
        assertThat(status(disputed)).isEqualTo(BillingStatus.PAID);
    }

    @Test
    void anOpportunityAndItsAccountAreWrittenBackAndOnlyWhatChanged() {
        ContractState before = contract(invoice("in_1", 1000, 0, 0, false));
        ContractState after = contract(invoice("in_1", 1000, 1000, 0, false));
        List<CrmWriteback> changed = changed(before, after);
        assertThat(changed).extracting(CrmWriteback::getRecordId, CrmWriteback::getObjectType, CrmWriteback::getBillingStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("006A", CrmObjectType.Opportunity, BillingStatus.PAID),
                        org.assertj.core.groups.Tuple.tuple("001A", CrmObjectType.Account, BillingStatus.PAID));
        assertThat(changed.get(0).getBilledMinor()).isEqualTo(1000);
        assertThat(changed.get(0).getOutstandingMinor()).isZero();
        assertThat(changed(after, contract(invoice("in_1", 1000, 1000, 0, false)))).isEmpty();
        // once the state keeps what it published, the next change compares with that
        after.setPublished(Publication.of(after, T, t -> t, kind -> true).fingerprints());
        assertThat(after.getPublished()).extracting(io.ledgerline.contract.PublishedRecord::getKey)
                .contains("writeback:006A", "writeback:001A");
        assertThat(changed(after, contract(invoice("in_1", 1000, 1000, 0, false)))).isEmpty();
        assertThat(changed(after, contract(invoice("in_1", 1000, 400, 0, false)))).extracting(CrmWriteback::getBillingStatus)
                .containsExactly(BillingStatus.PARTIALLY_PAID, BillingStatus.PARTIALLY_PAID);
        // an opportunity that nothing bills has no status to write
        ContractState unbilled = contract();
        assertThat(BillingWriteback.of(unbilled)).isEmpty();
    }

    /** The write-back records {@code after} publishes that {@code before} had not. */
    private static List<CrmWriteback> changed(ContractState before, ContractState after) {
        return Publication.of(after, T, t -> t, kind -> true).changedWritebacks(Publication.publishedBy(before, T, t -> t, kind -> true));
    }

    private static BillingStatus status(InvoiceView... invoices) {
        return BillingWriteback.of(contract(invoices)).get("006A").getBillingStatus();
    }

    private static ContractState contract(InvoiceView... invoices) {
        return ContractState.newBuilder().setAccountId("001A")
                .setOrders(List.of(OrderView.newBuilder().setOpportunityId("006A").setAcceptedAt(T).setSubscriptionIds(List.of("sub_1")).build()))
                .setInvoices(List.of(invoices)).build();
    }

    private static InvoiceView invoice(String id, long total, long paid, long credited, boolean voided) {
        return InvoiceView.newBuilder().setInvoiceId(id).setSubscriptionId("sub_1").setCorrelationId("006A").setStatus(voided ? "void" : "open")
                .setCurrency("USD").setEffectiveAt(T).setTotalMinor(total).setTaxMinor(0).setPaidMinor(paid).setCreditedMinor(credited)
                .setOutstandingMinor(voided ? 0 : total - paid - credited).setVoided(voided).build();
    }
}
