package io.ledgerline.topology;

import io.ledgerline.names.Stores;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A long-running instance recognizes revenue by the wall clock, from a punctuator, and never twice. */
class WallClockRecognitionTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void monthsAreRecognizedAsTheClockPassesTheirEndAndOnlyOnce() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-10T00:00:00Z"));
        try (TopologyHarness harness = new TopologyHarness(clock.instant(), Duration.ofMinutes(1), clock)) {
            harness.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            harness.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            harness.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")).subList(0, 5));
            List<JournalEntry> entries = new ArrayList<>(harness.journal("netsuite"));

            harness.driver().advanceWallClockTime(Duration.ofMinutes(1));
            entries.addAll(harness.journal("netsuite"));
            assertThat(recognizedMonths(entries)).containsExactly("2026-01", "2026-02");

            clock.now = Instant.parse("2026-04-01T00:00:00Z");
            harness.driver().advanceWallClockTime(Duration.ofMinutes(1));
            harness.driver().advanceWallClockTime(Duration.ofMinutes(1));
            entries.addAll(harness.journal("netsuite"));
            assertThat(recognizedMonths(entries)).containsExactly("2026-01", "2026-02", "2026-03");
        }
    }

    @Test
    void processedEventIdsAreForgottenAfterTheRetentionButRedeliveryStillBooksNothingTwice() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-20T00:00:00Z"));
        try (TopologyHarness harness = new TopologyHarness(clock.instant(), Duration.ofMinutes(1), clock)) {
            List<String> acme = TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")).subList(0, 5);
            harness.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            harness.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            harness.billing(acme);
            List<JournalEntry> first = harness.journal("netsuite");
            org.apache.kafka.streams.state.KeyValueStore<String, String> seen = harness.driver().getKeyValueStore(Stores.PROCESSED_EVENTS);
            assertThat(seen.get("evt_e6888f18edb7adacaffba308")).isNotNull();

            harness.driver().advanceWallClockTime(Duration.ofDays(36));
            assertThat(seen.get("evt_e6888f18edb7adacaffba308")).as("forgotten after the retention").isNull();

            harness.billing(acme);
            assertThat(first).extracting(JournalEntry::getEntryType).contains(EntryType.INVOICE, EntryType.PAYMENT);
            assertThat(harness.journal("netsuite")).extracting(JournalEntry::getEntryType)
                    .as("a late redelivery books no second invoice or payment")
                    .doesNotContain(EntryType.INVOICE, EntryType.PAYMENT);
        }
    }

    private static List<String> recognizedMonths(List<JournalEntry> entries) {
        return entries.stream().filter(e -> e.getEntryType() == EntryType.REVENUE_RECOGNITION)
                .map(JournalEntry::getPostingPeriod).toList();
    }
}
