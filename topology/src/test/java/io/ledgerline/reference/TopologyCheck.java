package io.ledgerline.reference;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.DeadLetter;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.topology.TopologyHarness;
import java.util.ArrayList;
import java.util.List;

/** Runs a history through the real topology (TopologyTestDriver) and compares the outcome with the reference ledger. */
public final class TopologyCheck {

    private TopologyCheck() {
    }

    /** What the topology journaled for the history, delivered as {@link HistoryGenerator#delivery} orders it. */
    public record Outcome(List<JournalEntry> journal, List<DeadLetter> deadLetters, List<PipelineException> exceptions) {
    }

    public static Outcome run(History h) {
        return run(h, HistoryGenerator.delivery(h));
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
            return new Outcome(journal, topology.deadLetters(), topology.exceptions());
        }
    }

    /** Empty when the topology's journal equals the reference ledger, satisfies the invariants and nothing was dead-lettered or excepted. */
    public static String problems(History h) {
        return problems(h, HistoryGenerator.delivery(h));
    }

    public static String problems(History h, List<HistoryGenerator.Delivery> deliveries) {
        List<JournalEntry> expected = ReferenceLedger.post(h);
        Outcome actual = run(h, deliveries);
        StringBuilder problems = new StringBuilder();
        if (!JournalDiff.sameJournal(expected, actual.journal())) {
            problems.append(JournalDiff.describe(expected, actual.journal()));
        }
        List<String> violations = LedgerInvariants.violations(h, actual.journal());
        if (!violations.isEmpty()) {
            problems.append("ledger invariants violated by the topology's journal:\n");
            violations.forEach(v -> problems.append("  ").append(v).append('\n'));
        }
        if (!actual.deadLetters().isEmpty()) {
            problems.append("dead letters:\n");
            actual.deadLetters().forEach(d -> problems.append("  ").append(d).append('\n'));
        }
        if (!actual.exceptions().isEmpty()) {
            problems.append("exceptions:\n");
            actual.exceptions().forEach(x -> problems.append("  ").append(x).append('\n'));
        }
        return problems.toString();
    }
}
