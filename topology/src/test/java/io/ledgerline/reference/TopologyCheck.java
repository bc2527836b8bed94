package io.ledgerline.reference;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.ops.DeadLetter;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.topology.TopologyHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a history through the real topology (TopologyTestDriver) and compares the outcome with the reference ledger. */
public final class TopologyCheck {

    private TopologyCheck() {
    }

    /** What the topology journaled for the history, delivered in the given order. */
    public record Outcome(List<JournalEntry> journal, List<DeadLetter> deadLetters, List<PipelineException> exceptions,
                          List<io.ledgerline.contract.Reconciliation> reconciliation) {
    }

    /**
     * The comparison of one run: {@code businessOrder} when the delivery kept business order within every invoice
     * ({@link HistoryGenerator#keepsBusinessOrder}), so the journal was compared entry for entry; {@code problems}
     * empty when the run passed.
     */
    public record Verdict(boolean businessOrder, Outcome outcome, String problems) {
    }

    public static Outcome run(History h, List<HistoryGenerator.Delivery> deliveries) {
        List<JournalEntry> journal = new ArrayList<>();
        try (TopologyHarness topology = new TopologyHarness(h.asOf())) {
            topology.masterData(HistoryJson.masterData(h));
            for (HistoryGenerator.Delivery d : deliveries) {
                if (d.channel() == HistoryGenerator.Channel.TICK) {
                    topology.tick(java.time.Instant.parse(d.line()));
                } else if (d.channel() == HistoryGenerator.Channel.CDC) {
                    topology.cdc(List.of(d.line()));
                } else {
                    topology.billing(List.of(d.line()));
                }
            }
            topology.endOfInput();
            for (String erp : h.erps()) {
                journal.addAll(topology.journal(erp));
            }
            return new Outcome(journal, topology.deadLetters(), topology.exceptions(),
                    topology.read(io.ledgerline.names.Topics.RECONCILIATION, io.ledgerline.contract.Reconciliation.class));
        }
    }

    /** Empty when the topology, fed {@link HistoryGenerator#deliveryInBusinessOrder}, journals the reference entry for entry. */
    public static String problems(History h) {
        return problems(h, HistoryGenerator.deliveryInBusinessOrder(h));
    }

    public static String problems(History h, List<HistoryGenerator.Delivery> deliveries) {
        return check(h, deliveries).problems();
    }

    /**
     * Whatever the delivery order: every entry balances in transaction and functional currency, the balances per
     * legal entity, account, role, currency and posting period equal the reference ledger's, nothing is dead-lettered
     * and no exception is left OPEN (none is raised at all without a clock tick before the end of input; a tick may
     * raise a wait past its grace, released when what it waits for arrives). When the delivery kept business order
     * within every invoice, also: the journal equals the reference entry for entry and satisfies the ledger
     * invariants.
     */
    public static Verdict check(History h, List<HistoryGenerator.Delivery> deliveries) {
        List<JournalEntry> expected = ReferenceLedger.post(h);
        boolean businessOrder = HistoryGenerator.keepsBusinessOrder(h, deliveries);
        boolean ticked = deliveries.stream().anyMatch(d -> d.channel() == HistoryGenerator.Channel.TICK);
        Outcome actual = run(h, deliveries);
        StringBuilder problems = new StringBuilder();
        List<String> unbalanced = actual.journal().stream().filter(e -> !balances(e)).map(JournalEntry::getEntryId).toList();
        if (!unbalanced.isEmpty()) {
            problems.append("entries that do not balance: ").append(unbalanced).append('\n');
        }
        Map<String, Long> expectedBalances = balances(expected);
        Map<String, Long> actualBalances = balances(actual.journal());
        if (!expectedBalances.equals(actualBalances)) {
            problems.append("balances differ (legal entity, account, role, period, currency: reference | topology):\n");
            TreeMap<String, long[]> both = new TreeMap<>();
            expectedBalances.forEach((k, v) -> both.computeIfAbsent(k, x -> new long[2])[0] = v);
            actualBalances.forEach((k, v) -> both.computeIfAbsent(k, x -> new long[2])[1] = v);
            both.forEach((k, v) -> {
                if (v[0] != v[1]) {
                    problems.append("  ").append(k).append(": ").append(v[0]).append(" | ").append(v[1]).append('\n');
                }
            });
        }
        if (businessOrder) {
            if (!JournalDiff.sameJournal(expected, actual.journal())) {
                problems.append("delivered in business order within every invoice, but ")
                        .append(JournalDiff.describe(expected, actual.journal()));
            }
            List<String> violations = LedgerInvariants.violations(h, actual.journal());
            if (!violations.isEmpty()) {
                problems.append("ledger invariants violated by the topology's journal:\n");
                violations.forEach(v -> problems.append("  ").append(v).append('\n'));
            }
        }
        if (!actual.deadLetters().isEmpty()) {
            problems.append("dead letters:\n");
            actual.deadLetters().forEach(d -> problems.append("  ").append(d).append('\n'));
        }
        // the reconciliation identities hold after every change, whatever the arrival order: never an exception, and
        // every account's latest record in each currency says so
        actual.exceptions().stream().filter(x -> x.getReason().equals("RECONCILIATION_IDENTITY")).findFirst()
                .ifPresent(x -> problems.append("a reconciliation identity failed: ").append(x.getMessage()).append('\n'));
        Map<String, io.ledgerline.contract.Reconciliation> latest = new TreeMap<>();
        actual.reconciliation().forEach(r -> latest.put(r.getAccountId() + ":" + r.getCurrency(), r));
        latest.values().stream().filter(r -> !r.getIdentitiesHold() || r.getRecognizedMinor() + r.getDeferredMinor()
                        != r.getBilledMinor() - r.getRefundedMinor() - r.getDisputesLostMinor())
                .forEach(r -> problems.append("reconciliation of ").append(r.getAccountId()).append(' ').append(r.getCurrency())
                        .append(" does not hold: ").append(r.getViolations()).append('\n'));
        if (latest.isEmpty() && !h.invoices().isEmpty()) {
            problems.append("no reconciliation record for a history with invoices\n");
        }
        Map<String, PipelineException> last = new TreeMap<>();
        actual.exceptions().forEach(x -> last.put(x.getExceptionId(), x));
        List<PipelineException> raised = ticked
                ? last.values().stream().filter(x -> "OPEN".equals(x.getStatus().name())).toList()
                : actual.exceptions();
        if (!raised.isEmpty()) {
            problems.append(ticked ? "exceptions left open:\n" : "exceptions:\n");
            raised.forEach(x -> problems.append("  ").append(x).append('\n'));
        }
        return new Verdict(businessOrder, actual, problems.toString());
    }

    static boolean balances(JournalEntry e) {
        long amount = 0;
        long functional = 0;
        for (JournalLine l : e.getLines()) {
            long sign = l.getSide() == Side.DEBIT ? 1 : -1;
            amount += sign * l.getAmountMinor();
            functional += sign * l.getFunctionalAmountMinor();
        }
        return amount == 0 && functional == 0;
    }

    /** Signed (debit positive) balance per legal entity, account, role, posting period and currency (transaction and functional). */
    static Map<String, Long> balances(List<JournalEntry> journal) {
        Map<String, Long> out = new TreeMap<>();
        for (JournalEntry e : journal) {
            for (JournalLine l : e.getLines()) {
                long sign = l.getSide() == Side.DEBIT ? 1 : -1;
                String key = e.getLegalEntity() + " " + l.getAccountCode() + " " + l.getRole() + " " + e.getPostingPeriod();
                out.merge(key + " " + e.getCurrency(), sign * l.getAmountMinor(), Long::sum);
                out.merge(key + " " + e.getFunctionalCurrency() + " functional", sign * l.getFunctionalAmountMinor(), Long::sum);
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }
}
