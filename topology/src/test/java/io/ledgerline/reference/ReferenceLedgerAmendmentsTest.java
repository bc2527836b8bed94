package io.ledgerline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates the reference ledger's subscription changes, customer credit, usage and disputes against a third,
 * independent implementation: fixtures/amendments/expected.json (computed by compute_expected.py from the written
 * rules). The fixture's lines are parsed by {@link HistoryJson#parse}, so this also checks that the parser reads
 * Stripe's proration, customer-balance and dispute shapes as someone else rendered them.
 */
class ReferenceLedgerAmendmentsTest {

    static final Path AMENDMENTS = Path.of("..", "fixtures", "amendments");
    static final Instant AS_OF = Instant.parse("2026-12-02T00:00:00Z");

    private static JsonNode expected;
    private static List<JournalEntry> journal;

    @BeforeAll
    static void post() throws IOException {
        expected = new ObjectMapper().readTree(AMENDMENTS.resolve("expected.json").toFile());
        History h = HistoryJson.parse(lines("erp-masterdata.jsonl"), lines("salesforce-cdc.jsonl"), lines("stripe-events.jsonl"),
                AS_OF);
        journal = ReferenceLedger.post(h);
        assertThat(LedgerInvariants.violations(h, journal)).isEmpty();
    }

    static List<String> lines(String file) throws IOException {
        return Files.readAllLines(AMENDMENTS.resolve(file), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void entryIdsAreTheFixtures() {
        TreeSet<String> want = new TreeSet<>();
        expected.get("entry_ids").forEach(n -> want.add(n.asText()));
        assertThat(new TreeSet<>(journal.stream().map(JournalEntry::getEntryId).toList())).isEqualTo(want);
    }

    @Test
    void balancesPerLegalEntityRoleCurrencyAndPeriodAreTheFixtures() {
        Map<String, String> want = new TreeMap<>();
        expected.get("balances").fields().forEachRemaining(e -> {
            long amount = e.getValue().get("amount").asLong();
            long functional = e.getValue().get("functional").asLong();
            if (amount != 0 || functional != 0) {
                want.put(e.getKey(), amount + " / " + functional);
            }
        });
        Map<String, long[]> sums = new TreeMap<>();
        for (JournalEntry e : journal) {
            for (JournalLine l : e.getLines()) {
                long sign = l.getSide() == Side.DEBIT ? 1 : -1;
                long[] s = sums.computeIfAbsent(e.getLegalEntity() + "|" + l.getRole() + "|" + e.getCurrency() + "|"
                        + e.getPostingPeriod(), k -> new long[2]);
                s[0] += sign * l.getAmountMinor();
                s[1] += sign * l.getFunctionalAmountMinor();
            }
        }
        Map<String, String> got = new TreeMap<>();
        sums.forEach((k, v) -> {
            if (v[0] != 0 || v[1] != 0) {
                got.put(k, v[0] + " / " + v[1]);
            }
        });
        assertThat(got).isEqualTo(want);
    }
}
