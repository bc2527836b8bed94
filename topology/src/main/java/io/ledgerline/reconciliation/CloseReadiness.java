package io.ledgerline.reconciliation;

import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.contract.LedgerBalance;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.state.AlertCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a legal entity can close a period: every entry of the period journaled and posted by the ERP, no open
 * exception or alert for the entity, and the period's trial balance balanced in transaction and functional currency.
 * Judged from what the account ledger holds (contract states with their postings and journal sums, the exception
 * queue, the workflow conditions); the parts of a deployment are gathered with {@link Evidence#add} and
 * {@link Evidence#merge}, so each instance can contribute its own partitions. Pure: no Kafka.
 * <p>
 * What an alert or exception blocks: one about a journal entry (JOURNAL_NOT_POSTED, POSTED_AMOUNT_MISMATCH) or a
 * period (NOT_POSTED) blocks that entry's period; any other blocks every period of its account's entity. An
 * exception without a legal entity (a billing event whose customer is not known yet) blocks every entity, since it
 * may be any entity's; an alert of an account without an entity blocks none (nothing of it is journaled).
 */
public final class CloseReadiness {

    public static final String READY = "READY";
    public static final String BLOCKED = "BLOCKED";

    private static final Set<WorkflowAlertKind> ENTRY_ALERTS = Set.of(WorkflowAlertKind.JOURNAL_NOT_POSTED, WorkflowAlertKind.POSTED_AMOUNT_MISMATCH);

    private CloseReadiness() {
    }

    /** One thing that blocks the close, with the id to look it up by. */
    public record Blocker(String kind, String id, String detail) {
    }

    /** The answer for one legal entity and period. */
    public record Status(String legalEntity, String period, String status, List<Blocker> blockers) {
        public boolean ready() {
            return READY.equals(status);
        }
    }

    /** What the judgement reads, gathered from one or more instances' stores. */
    public static final class Evidence {
        private final Map<String, String> entityOfAccount = new HashMap<>();
        private final Map<String, ErpPostingView> entries = new LinkedHashMap<>();
        /** legal entity|period|currency|functional currency -> debit, credit, functional debit, functional credit */
        private final Map<String, long[]> trialBalance = new TreeMap<>();
        private final List<PipelineException> openExceptions = new ArrayList<>();
        private final List<AlertCondition> openAlerts = new ArrayList<>();

        public Evidence add(ContractState contract) {
            if (contract.getLegalEntity() != null) {
                entityOfAccount.put(contract.getAccountId(), contract.getLegalEntity());
            }
            contract.getErpPostings().forEach(p -> entries.put(p.getEntryId(), p));
            for (LedgerBalance b : contract.getLedgerBalances()) {
                long[] sums = trialBalance.computeIfAbsent(b.getLegalEntity() + "|" + b.getPeriod() + "|" + b.getCurrency() + "|"
                        + b.getFunctionalCurrency(), k -> new long[4]);
                sums[0] += b.getDebitMinor();
                sums[1] += b.getCreditMinor();
                sums[2] += b.getFunctionalDebitMinor();
                sums[3] += b.getFunctionalCreditMinor();
            }
            return this;
        }

        public Evidence add(PipelineException exception) {
            if (exception.getStatus() == ExceptionStatus.OPEN) {
                openExceptions.add(exception);
            }
            return this;
        }

        public Evidence add(AlertCondition condition) {
            if (condition.getOpenedAt() != null) {
                openAlerts.add(condition);
            }
            return this;
        }

        public Evidence merge(Evidence other) {
            entityOfAccount.putAll(other.entityOfAccount);
            entries.putAll(other.entries);
            other.trialBalance.forEach((k, v) -> {
                long[] sums = trialBalance.computeIfAbsent(k, x -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    sums[i] += v[i];
                }
            });
            openExceptions.addAll(other.openExceptions);
            openAlerts.addAll(other.openAlerts);
            return this;
        }

        /** Every legal entity and period that has journal entries, in order, as {@code LE|yyyy-MM}. */
        public Set<String> periods() {
            Set<String> out = new TreeSet<>();
            entries.values().forEach(p -> out.add(p.getLegalEntity() + "|" + p.getPostingPeriod()));
            trialBalance.keySet().forEach(k -> {
                String[] parts = k.split("\\|");
                out.add(parts[0] + "|" + parts[1]);
            });
            return out;
        }

        public Status judge(String legalEntity, String period) {
            List<Blocker> blockers = new ArrayList<>();
            entries.values().stream()
                    .filter(p -> p.getLegalEntity().equals(legalEntity) && p.getPostingPeriod().equals(period) && p.getStatus() != ErpPostingStatus.POSTED)
                    .sorted(Comparator.comparing(ErpPostingView::getEntryId))
                    .forEach(p -> blockers.add(new Blocker(p.getStatus() == ErpPostingStatus.REJECTED ? "ENTRY_REJECTED" : "ENTRY_NOT_POSTED",
                            p.getEntryId(), p.getEntryType() + " entry of " + p.getCurrency() + " " + p.getAmountMinor() + " sent to " + p.getErp()
                            + (p.getStatus() == ErpPostingStatus.REJECTED ? ", rejected: " + p.getReason() : ", not reported POSTED"))));
            openExceptions.stream()
                    .filter(x -> x.getLegalEntity() == null || x.getLegalEntity().equals(legalEntity))
                    .sorted(Comparator.comparing(PipelineException::getExceptionId))
                    .forEach(x -> blockers.add(new Blocker("OPEN_EXCEPTION", x.getExceptionId(), x.getReason() + ": " + x.getMessage())));
            openAlerts.stream()
                    .filter(a -> blocks(a, legalEntity, period))
                    .sorted(Comparator.comparing(AlertCondition::getAlertId))
                    .forEach(a -> blockers.add(new Blocker("OPEN_ALERT", a.getAlertId(), a.getMessage())));
            trialBalance.forEach((k, v) -> {
                String[] parts = k.split("\\|");
                if (parts[0].equals(legalEntity) && parts[1].equals(period) && (v[0] != v[1] || v[2] != v[3])) {
                    blockers.add(new Blocker("TRIAL_BALANCE", legalEntity + "/" + period + "/" + parts[2], String.format(Locale.ROOT,
                            "debits %d and credits %d %s, functional debits %d and credits %d %s", v[0], v[1], parts[2], v[2], v[3], parts[3])));
                }
            });
            boolean anything = periods().contains(legalEntity + "|" + period);
            if (!anything) {
                blockers.add(new Blocker("NO_ENTRIES", legalEntity + "/" + period, "no journal entry of " + legalEntity + " is in period " + period));
            }
            return new Status(legalEntity, period, blockers.isEmpty() ? READY : BLOCKED, blockers);
        }

        /** Every period with entries, judged. */
        public List<Status> judgeAll() {
            return periods().stream().map(p -> judge(p.substring(0, p.indexOf('|')), p.substring(p.indexOf('|') + 1))).toList();
        }

        private boolean blocks(AlertCondition a, String legalEntity, String period) {
            if (ENTRY_ALERTS.contains(a.getKind())) {
                ErpPostingView entry = entries.get(a.getSubjectId());
                return entry != null && entry.getLegalEntity().equals(legalEntity) && entry.getPostingPeriod().equals(period);
            }
            if (a.getKind() == WorkflowAlertKind.NOT_POSTED) {
                // subject <accountId>/<legal entity>/<period>/<currency>
                String[] parts = a.getSubjectId().split("/");
                return parts.length == 4 && parts[1].equals(legalEntity) && parts[2].equals(period);
            }
            return Optional.ofNullable(a.getAccountId()).map(entityOfAccount::get).filter(legalEntity::equals).isPresent();
        }
    }
}
