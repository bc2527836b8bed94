package io.ledgerline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.ClockTick;
import io.ledgerline.cli.GenerateCommand;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.names.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tick over more due invoices than one slice recognizes them all: the ledger recognizes a bounded slice per record
 * and sends the rest to its own clock partition as a tick to resume, until none is left. The books are those of the
 * same history recognized copy by copy: every copy of the basic history recognizes what the basic history does.
 */
class SlicedRecognitionTest {

    private static final Instant AS_OF = Instant.parse("2026-07-01T00:00:00Z");
    private static final int COPIES = 120;

    @TempDir
    Path copies;

    @Test
    void aTickOverMoreDueInvoicesThanASliceRecognizesThemAllAsOneTickWould() throws Exception {
        Map<String, Long> basic;
        long basicRecognitions;
        try (TopologyHarness harness = new TopologyHarness(AS_OF)) {
            harness.feed(TopologyHarness.BASIC);
            List<JournalEntry> journal = journal(harness);
            basic = balancesPerRole(journal);
            basicRecognitions = journal.stream().filter(e -> e.getEntryType() == EntryType.REVENUE_RECOGNITION).count();
            assertThat(resumptions(harness)).as("the basic history fits one slice").isZero();
        }
        assertThat(basicRecognitions).isPositive();

        GenerateCommand.generate(COPIES, copies, line -> { });
        try (TopologyHarness harness = new TopologyHarness(AS_OF)) {
            harness.feed(copies);
            List<JournalEntry> journal = journal(harness);
            assertThat(resumptions(harness)).as("ticks to resume the recognition").isPositive();
            assertThat(journal.stream().filter(e -> e.getEntryType() == EntryType.REVENUE_RECOGNITION).count())
                    .as("recognition entries").isEqualTo(COPIES * basicRecognitions);
            Map<String, Long> scaled = new TreeMap<>();
            basic.forEach((k, v) -> scaled.put(k, v * COPIES));
            assertThat(balancesPerRole(journal)).as("balances per role, currency and period").isEqualTo(scaled);
        }
    }

    private static List<JournalEntry> journal(TopologyHarness harness) {
        List<JournalEntry> all = new java.util.ArrayList<>(harness.journal("netsuite"));
        all.addAll(harness.journal("sap"));
        return all;
    }

    private static long resumptions(TopologyHarness harness) {
        return harness.read(Topics.CONTROL_CLOCK, ClockTick.class).stream().filter(t -> t.getResume() != null).count();
    }

    private static Map<String, Long> balancesPerRole(List<JournalEntry> journal) {
        Map<String, Long> out = new TreeMap<>();
        for (JournalEntry e : journal) {
            for (JournalLine l : e.getLines()) {
                long sign = l.getSide() == Side.DEBIT ? 1 : -1;
                out.merge(e.getLegalEntity() + " " + l.getRole() + " " + e.getCurrency() + " " + e.getPostingPeriod(),
                        sign * l.getAmountMinor(), Long::sum);
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }
}
