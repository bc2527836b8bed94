package io.ledgerline.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.common.SourceRef;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.contract.LedgerBalance;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.state.AlertCondition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What blocks a close, one rule at a time, on hand-made evidence. */
class CloseReadinessTest {

    private static final Instant T = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void readyWhenEveryEntryIsPostedNothingIsOpenAndTheTrialBalanceBalances() {
        CloseReadiness.Evidence e = new CloseReadiness.Evidence().add(account("001A", "LE-DE",
                List.of(posting("e1", "LE-DE", "2026-02", ErpPostingStatus.POSTED)), List.of(balance("LE-DE", "2026-02", 100, 100, 110, 110))));
        CloseReadiness.Status status = e.judge("LE-DE", "2026-02");
        assertThat(status.ready()).isTrue();
        assertThat(status.blockers()).isEmpty();
        assertThat(e.periods()).containsExactly("LE-DE|2026-02");
    }

    @Test
    void everyBlockerNamesWhatToLookAt() {
        CloseReadiness.Evidence e = new CloseReadiness.Evidence()
                .add(account("001A", "LE-DE", List.of(posting("e1", "LE-DE", "2026-02", ErpPostingStatus.SENT),
                                posting("e2", "LE-DE", "2026-02", ErpPostingStatus.REJECTED), posting("e3", "LE-DE", "2026-03", ErpPostingStatus.SENT)),
                        // functional currency off by one: the period does not balance
                        List.of(balance("LE-DE", "2026-02", 100, 100, 110, 109))))
                .add(account("001B", "LE-US", List.of(), List.of()))
                .add(exception("ex-de", "LE-DE", ExceptionStatus.OPEN))
                .add(exception("ex-closed", "LE-DE", ExceptionStatus.RELEASED))
                .add(exception("ex-nobody", null, ExceptionStatus.OPEN))
                .add(exception("ex-us", "LE-US", ExceptionStatus.OPEN))
                .add(alert("JOURNAL_NOT_POSTED:erp:e3", WorkflowAlertKind.JOURNAL_NOT_POSTED, "e3", "001A", true))
                .add(alert("NOT_POSTED:reconciliation:001A/LE-DE/2026-02/EUR", WorkflowAlertKind.NOT_POSTED, "001A/LE-DE/2026-02/EUR", "001A", true))
                .add(alert("BOOKED_NOT_BILLED:reconciliation:006A", WorkflowAlertKind.BOOKED_NOT_BILLED, "006A", "001A", true))
                .add(alert("BOOKED_NOT_BILLED:reconciliation:006B", WorkflowAlertKind.BOOKED_NOT_BILLED, "006B", "001B", true))
                .add(alert("BOOKED_NOT_BILLED:reconciliation:006C", WorkflowAlertKind.BOOKED_NOT_BILLED, "006C", "001A", false));
        CloseReadiness.Status status = e.judge("LE-DE", "2026-02");
        assertThat(status.status()).isEqualTo(CloseReadiness.BLOCKED);
        assertThat(status.blockers()).extracting(CloseReadiness.Blocker::kind, CloseReadiness.Blocker::id).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ENTRY_NOT_POSTED", "e1"),
                org.assertj.core.groups.Tuple.tuple("ENTRY_REJECTED", "e2"),
                org.assertj.core.groups.Tuple.tuple("OPEN_EXCEPTION", "ex-de"),
                // its customer is not known: it may be anyone's
                org.assertj.core.groups.Tuple.tuple("OPEN_EXCEPTION", "ex-nobody"),
                // the entity's alert and the period's, not another period's (e3 is March) nor one not raised yet
                org.assertj.core.groups.Tuple.tuple("OPEN_ALERT", "BOOKED_NOT_BILLED:reconciliation:006A"),
                org.assertj.core.groups.Tuple.tuple("OPEN_ALERT", "NOT_POSTED:reconciliation:001A/LE-DE/2026-02/EUR"),
                org.assertj.core.groups.Tuple.tuple("TRIAL_BALANCE", "LE-DE/2026-02/EUR"));
        assertThat(status.blockers().get(6).detail()).contains("functional debits 110 and credits 109 USD");
        assertThat(e.judge("LE-DE", "2026-03").blockers()).extracting(CloseReadiness.Blocker::id)
                .contains("e3", "JOURNAL_NOT_POSTED:erp:e3").doesNotContain("e1", "NOT_POSTED:reconciliation:001A/LE-DE/2026-02/EUR");
        assertThat(e.judge("LE-DE", "2026-04").blockers()).extracting(CloseReadiness.Blocker::kind).contains("NO_ENTRIES");
    }

    @Test
    void evidenceOfTwoInstancesMergesToTheSameAnswerAsOne() {
        ContractState a = account("001A", "LE-DE", List.of(posting("e1", "LE-DE", "2026-02", ErpPostingStatus.POSTED)),
                List.of(balance("LE-DE", "2026-02", 100, 60, 110, 66)));
        ContractState b = account("001B", "LE-DE", List.of(posting("e2", "LE-DE", "2026-02", ErpPostingStatus.POSTED)),
                List.of(balance("LE-DE", "2026-02", 0, 40, 0, 44)));
        CloseReadiness.Status merged = new CloseReadiness.Evidence().add(a).merge(new CloseReadiness.Evidence().add(b)).judge("LE-DE", "2026-02");
        CloseReadiness.Status one = new CloseReadiness.Evidence().add(a).add(b).judge("LE-DE", "2026-02");
        assertThat(merged).isEqualTo(one);
        assertThat(merged.ready()).isTrue();
    }

    private static ContractState account(String id, String entity, List<ErpPostingView> postings, List<LedgerBalance> balances) {
        return ContractState.newBuilder().setAccountId(id).setLegalEntity(entity).setErpPostings(postings).setLedgerBalances(balances).build();
    }

    private static ErpPostingView posting(String entryId, String entity, String period, ErpPostingStatus status) {
        return ErpPostingView.newBuilder().setEntryId(entryId).setEntryType("INVOICE").setCorrelationId("006A").setLegalEntity(entity)
                .setErp("sap").setPostingPeriod(period).setCurrency("EUR").setAmountMinor(100).setStatus(status)
                .setReason(status == ErpPostingStatus.REJECTED ? "blocked" : null).build();
    }

    private static LedgerBalance balance(String entity, String period, long debit, long credit, long functionalDebit, long functionalCredit) {
        return LedgerBalance.newBuilder().setLegalEntity(entity).setCurrency("EUR").setFunctionalCurrency("USD").setPeriod(period)
                .setEntryType("INVOICE").setRole("AR").setDebitMinor(debit).setCreditMinor(credit)
                .setFunctionalDebitMinor(functionalDebit).setFunctionalCreditMinor(functionalCredit).build();
    }

    private static PipelineException exception(String id, String entity, ExceptionStatus status) {
        return PipelineException.newBuilder().setExceptionId(id).setStatus(status).setReason("UNKNOWN_CROSSWALK").setMessage("m")
                .setLegalEntity(entity).setSource(new SourceRef("stripe", "invoice", "in_1", "evt_1")).setEventTime(T).build();
    }

    private static AlertCondition alert(String id, WorkflowAlertKind kind, String subject, String account, boolean open) {
        return AlertCondition.newBuilder().setAlertId(id).setKind(kind).setStage("reconciliation").setSubjectId(subject).setAccountId(account)
                .setSince(T).setMessage("m").setOpenedAt(open ? T : null).build();
    }
}
