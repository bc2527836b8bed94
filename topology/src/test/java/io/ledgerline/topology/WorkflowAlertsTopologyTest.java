package io.ledgerline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.AlertStatus;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlert;
import io.ledgerline.ops.WorkflowAlertKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Workflow SLA alerts and the ERP's posting results, on the basic fixtures, judged by the pipeline clock's ticks. */
class WorkflowAlertsTopologyTest {

    private static final Instant AS_OF = Instant.parse("2026-07-01T00:00:00Z");
    private static final String UNPROVISIONED = "0069021FAE3460D3B6";
    /** When that opportunity became Closed Won (its CDC commit timestamp). */
    private static final Instant UNPROVISIONED_WON = Instant.ofEpochMilli(1773334800000L);

    @Test
    void anOrderWithoutSubscriptionIsRaisedOnceAndTheOthersNever() {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            h.tick(AS_OF);
            List<WorkflowAlert> alerts = alerts(h);
            assertThat(alerts).extracting(WorkflowAlert::getKind).containsOnly(WorkflowAlertKind.ORDER_NOT_PROVISIONED,
                    WorkflowAlertKind.JOURNAL_NOT_POSTED);
            List<WorkflowAlert> orders = alerts.stream().filter(a -> a.getKind() == WorkflowAlertKind.ORDER_NOT_PROVISIONED).toList();
            // a second tick raises nothing again
            assertThat(orders).hasSize(1);
            WorkflowAlert order = orders.get(0);
            assertThat(order.getAlertId()).isEqualTo("ORDER_NOT_PROVISIONED:ledger:" + UNPROVISIONED);
            assertThat(order.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(order.getSubjectId()).isEqualTo(UNPROVISIONED);
            assertThat(order.getAccountId()).isEqualTo("001D8C5043CB38917F");
            assertThat(order.getAmountMinor()).isEqualTo(900_000L);
            assertThat(order.getSince()).isEqualTo(UNPROVISIONED_WON);
            assertThat(order.getOpenedAt()).isEqualTo(AS_OF);
            assertThat(order.getAgeSeconds()).isEqualTo(Duration.between(UNPROVISIONED_WON, AS_OF).toSeconds());
            assertThat(order.getThresholdSeconds()).isEqualTo(Duration.ofDays(3).toSeconds());
        }
    }

    @Test
    void aConditionThatEndsBeforeItsThresholdIsNeverRaisedAndOneThatEndsLaterResolves() {
        Instant acmeWon = Instant.ofEpochMilli(1768408200000L);
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            // two days after Acme's order was won: within the threshold, nothing is raised
            h.tick(acmeWon.plus(Duration.ofDays(2)));
            assertThat(alerts(h)).isEmpty();
            // four days after: every order won by then is raised, once
            h.tick(acmeWon.plus(Duration.ofDays(4)));
            h.tick(acmeWon.plus(Duration.ofDays(5)));
            List<WorkflowAlert> open = alerts(h);
            assertThat(open).extracting(WorkflowAlert::getSubjectId).containsExactly("006E38CD89DD1E2713");
            // the subscriptions arrive: Acme's alert resolves under the same id; orders not yet raised end silently
            h.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
            List<WorkflowAlert> resolved = alerts(h);
            assertThat(resolved).extracting(WorkflowAlert::getAlertId, WorkflowAlert::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(open.get(0).getAlertId(), AlertStatus.RESOLVED));
            assertThat(resolved.get(0).getResolvedAt()).isNotNull();
        }
    }

    @Test
    void waitingInvoicesAndUnmatchedPaymentsAreRaisedAndResolveWhenWhatTheyWaitForArrives() {
        List<String> masterData = TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl"));
        String seats = masterData.stream().filter(l -> l.contains("\"productId\":\"prod_seats\"")).findFirst().orElseThrow();
        List<String> billing = TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl"));
        String dunmoreInvoice = billing.stream().filter(l -> l.contains("\"invoice.finalized\"") && l.contains("in_Dunmore001"))
                .findFirst().orElseThrow();
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            // Cobalt's invoice bills seats, which have no product mapping; Dunmore's invoice never came from billing
            h.masterData(masterData.stream().filter(l -> !l.equals(seats)).toList());
            h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            h.billing(billing.stream().filter(l -> !l.equals(dunmoreInvoice)).toList());
            h.tick(AS_OF);
            h.tick(AS_OF);
            Map<String, WorkflowAlert> open = new LinkedHashMap<>();
            alerts(h).stream().filter(a -> a.getKind() != WorkflowAlertKind.JOURNAL_NOT_POSTED).forEach(a -> open.put(a.getAlertId(), a));
            assertThat(open.keySet()).containsExactlyInAnyOrder(
                    "ORDER_NOT_PROVISIONED:ledger:" + UNPROVISIONED,
                    "INVOICE_NOT_JOURNALED:ledger:in_Cobalt0001",
                    "PAYMENT_UNMATCHED:ledger:inpay_0ce3c614484c3198",
                    "PAYMENT_UNMATCHED:identity-invoice:inpay_106d8efc871fd0ce",
                    // Dunmore's refund reaches its invoice through the payment: it waits at the invoice level too
                    "PAYMENT_UNMATCHED:identity-invoice:re_Dunmore0001");
            WorkflowAlert invoice = open.get("INVOICE_NOT_JOURNALED:ledger:in_Cobalt0001");
            assertThat(invoice.getMessage()).contains("UNMAPPED_PRODUCT", "prod_seats");
            assertThat(invoice.getThresholdSeconds()).isEqualTo(Duration.ofHours(4).toSeconds());
            assertThat(invoice.getAccountId()).isNotNull();
            assertThat(open.get("PAYMENT_UNMATCHED:identity-invoice:inpay_106d8efc871fd0ce").getMessage()).contains("in_Dunmore001");

            // the mapping and the invoice arrive: at the next tick every one of those alerts resolves under its id
            h.masterData(List.of(seats));
            h.billing(List.of(dunmoreInvoice));
            h.tick(AS_OF);
            assertThat(alerts(h)).filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED).extracting(WorkflowAlert::getAlertId)
                    .containsExactlyInAnyOrder("INVOICE_NOT_JOURNALED:ledger:in_Cobalt0001", "PAYMENT_UNMATCHED:ledger:inpay_0ce3c614484c3198",
                            "PAYMENT_UNMATCHED:identity-invoice:inpay_106d8efc871fd0ce", "PAYMENT_UNMATCHED:identity-invoice:re_Dunmore0001");
        }
    }

    @Test
    void onTheWallClockTheDemosTimersJudgeTheConditions() {
        Instant now = Instant.parse("2026-07-01T00:00:00Z");
        try (TopologyHarness h = new TopologyHarness(now, Duration.ofMinutes(1), java.time.Clock.fixed(now, ZoneOffset.UTC))) {
            h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            // the first timer sees the five Closed Won orders without a subscription, the second raises them
            h.driver().advanceWallClockTime(Duration.ofMinutes(1));
            assertThat(alerts(h)).isEmpty();
            h.driver().advanceWallClockTime(Duration.ofMinutes(1));
            assertThat(alerts(h)).extracting(WorkflowAlert::getSubjectId).containsExactlyInAnyOrder("006E38CD89DD1E2713",
                    "0062BFD425F089D38D", "006B098E9319B68A3C", "0061D87B6B9FC4163C", UNPROVISIONED);
            h.driver().advanceWallClockTime(Duration.ofMinutes(1));
            assertThat(alerts(h)).isEmpty();
        }
    }

    @Test
    void postingResultsCloseTheLoop() {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            h.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
            List<JournalEntry> entries = Stream.concat(h.journal("netsuite").stream(), h.journal("sap").stream()).toList();
            assertThat(entries).hasSizeGreaterThan(3);
            JournalEntry posted = entries.get(0);
            JournalEntry rejected = entries.get(1);
            // each result reaches its entry's account; one names an entry that was never journaled
            result(h, posted.getEntryId(), "POSTED", "NS-1001", null, "2026-03-01T10:00:00Z");
            result(h, posted.getEntryId(), "POSTED", "NS-1001", null, "2026-03-01T10:00:00Z"); // redelivered
            result(h, rejected.getEntryId(), "REJECTED", null, "period 2026-01 closed in the ERP", "2026-03-01T11:00:00Z");
            result(h, "stripe:invoice:in_nowhere:INVOICE:1", "POSTED", "NS-9", null, "2026-03-01T12:00:00Z");

            List<WorkflowAlert> atOnce = alerts(h);
            assertThat(atOnce).singleElement().satisfies(a -> {
                assertThat(a.getKind()).isEqualTo(WorkflowAlertKind.JOURNAL_NOT_POSTED);
                assertThat(a.getSubjectId()).isEqualTo(rejected.getEntryId());
                assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
                assertThat(a.getThresholdSeconds()).isZero();
                assertThat(a.getMessage()).contains("period 2026-01 closed in the ERP");
            });
            assertThat(h.exceptions()).filteredOn(e -> e.getReason().equals("ERP_REJECTED")).singleElement()
                    .satisfies(e -> assertThat(e.getMessage()).contains(rejected.getEntryId(), "period 2026-01 closed in the ERP"));

            ContractState contract = latestContract(h, posted.getAccountId());
            ErpPostingView view = contract.getErpPostings().stream().filter(p -> p.getEntryId().equals(posted.getEntryId())).findFirst().orElseThrow();
            assertThat(view.getStatus()).isEqualTo(ErpPostingStatus.POSTED);
            assertThat(view.getErpDocumentNumber()).isEqualTo("NS-1001");
            assertThat(view.getResults()).isEqualTo(1);

            // the first tick sees the conditions, the next raises those past their threshold
            h.tick(AS_OF);
            assertThat(alerts(h)).isEmpty();
            h.tick(AS_OF);
            List<WorkflowAlert> judged = alerts(h);
            // every other entry older than the threshold is raised, the posted one never, the rejected one not again
            Map<String, WorkflowAlert> byEntry = new LinkedHashMap<>();
            judged.forEach(a -> byEntry.put(a.getSubjectId(), a));
            assertThat(byEntry).doesNotContainKeys(posted.getEntryId(), rejected.getEntryId());
            for (JournalEntry e : entries.subList(2, entries.size())) {
                Instant postingDate = LocalDate.parse(e.getPostingDate()).atStartOfDay(ZoneOffset.UTC).toInstant();
                boolean due = !AS_OF.isBefore(postingDate.plus(Duration.ofHours(24)));
                assertThat(byEntry.containsKey(e.getEntryId())).as("alert for %s posted %s", e.getEntryId(), e.getPostingDate()).isEqualTo(due);
            }
            assertThat(h.exceptions()).filteredOn(e -> e.getReason().equals("AWAITING_JOURNAL_ENTRY")).singleElement()
                    .satisfies(e -> assertThat(e.getSource().getObjectId()).isEqualTo("stripe:invoice:in_nowhere:INVOICE:1"));

            // the ERP posts the rejected entry after all: its alert resolves and its exception is released
            result(h, rejected.getEntryId(), "POSTED", "NS-1002", null, "2026-03-02T09:00:00Z");
            assertThat(alerts(h)).singleElement().satisfies(a -> {
                assertThat(a.getSubjectId()).isEqualTo(rejected.getEntryId());
                assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            });
            assertThat(h.exceptions()).filteredOn(e -> e.getReason().equals("ERP_REJECTED")).singleElement()
                    .satisfies(e -> assertThat(e.getStatus()).isEqualTo(ExceptionStatus.RELEASED));

            // a second, different document number for a posted entry is recorded and raised, not dropped
            result(h, posted.getEntryId(), "POSTED", "NS-7777", null, "2026-03-05T10:00:00Z");
            assertThat(h.exceptions()).filteredOn(e -> e.getReason().equals("CONFLICTING_POSTING_RESULT")).singleElement()
                    .satisfies(e -> assertThat(e.getMessage()).contains("NS-7777", "NS-1001"));
            ErpPostingView after = latestContract(h, posted.getAccountId()).getErpPostings().stream()
                    .filter(p -> p.getEntryId().equals(posted.getEntryId())).findFirst().orElseThrow();
            assertThat(after.getResults()).isEqualTo(2);
        }
    }

    @Test
    void resultsOfOneInstantEndTheSameWhateverTheirArrivalOrder() {
        List<String> outcomes = new ArrayList<>();
        for (boolean postedFirst : List.of(true, false)) {
            try (TopologyHarness h = new TopologyHarness(AS_OF)) {
                h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
                h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
                h.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
                JournalEntry entry = h.journal("netsuite").get(0);
                Runnable posted = () -> result(h, entry.getEntryId(), "POSTED", "NS-1", null, "2026-03-01T10:00:00Z");
                Runnable rejected = () -> result(h, entry.getEntryId(), "REJECTED", null, "blocked", "2026-03-01T10:00:00Z");
                (postedFirst ? posted : rejected).run();
                (postedFirst ? rejected : posted).run();
                ErpPostingView view = latestContract(h, entry.getAccountId()).getErpPostings().stream()
                        .filter(p -> p.getEntryId().equals(entry.getEntryId())).findFirst().orElseThrow();
                List<String> open = h.exceptions().stream().filter(e -> e.getStatus() == ExceptionStatus.OPEN)
                        .map(PipelineException::getReason).sorted().toList();
                outcomes.add(view.getStatus() + " " + view.getResults() + " " + open);
            }
        }
        // a rejection counts after a posting of the same instant, and the contradiction is raised either way
        assertThat(outcomes).containsExactly("REJECTED 2 [CONFLICTING_POSTING_RESULT, ERP_REJECTED]",
                "REJECTED 2 [CONFLICTING_POSTING_RESULT, ERP_REJECTED]");
    }

    /**
     * The ledger links each source object once (a line's recognition of every month shares the line's link), so a
     * result for any month's entry reaches the account, and the links topic carries one record per object.
     */
    @Test
    void everyEntryOfASourceObjectIsRoutedByItsOneLink() {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            List<JournalEntry> entries = Stream.concat(h.journal("netsuite").stream(), h.journal("sap").stream()).toList();
            Map<String, List<JournalEntry>> bySource = entries.stream()
                    .collect(java.util.stream.Collectors.groupingBy(e -> io.ledgerline.posting.EntryIds.sourceOf(e.getEntryId())));
            List<JournalEntry> months = bySource.values().stream().filter(l -> l.size() > 2)
                    .filter(l -> l.get(0).getEntryType() == io.ledgerline.journal.EntryType.REVENUE_RECOGNITION).findFirst().orElseThrow();
            for (JournalEntry month : months) {
                result(h, month.getEntryId(), "POSTED", "NS-" + month.getPostingPeriod(), null, "2026-07-01T10:00:00Z");
            }
            ContractState contract = latestContract(h, months.get(0).getAccountId());
            for (JournalEntry month : months) {
                assertThat(contract.getErpPostings()).filteredOn(p -> p.getEntryId().equals(month.getEntryId())).singleElement()
                        .satisfies(p -> assertThat(p.getStatus()).as(month.getEntryId()).isEqualTo(ErpPostingStatus.POSTED));
            }
            assertThat(h.exceptions()).filteredOn(e -> e.getReason().equals("AWAITING_JOURNAL_ENTRY")).isEmpty();
            List<io.ledgerline.canonical.JournalEntryLink> links = h.read("ledgerline-test-journal-entry-links-repartition",
                    io.ledgerline.canonical.JournalEntryLink.class);
            assertThat(links).extracting(io.ledgerline.canonical.JournalEntryLink::getSource)
                    .as("one link per source object").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(bySource.keySet());
        }
    }

    /**
     * A result read before its entry exists (the line is linked by its first month, the month of the result is
     * recognized only at the next tick) waits for the entry and is applied when the entry is journaled.
     */
    @Test
    void aResultBeforeItsEntryWaitsForIt() {
        List<JournalEntry> months;
        try (TopologyHarness first = new TopologyHarness(AS_OF)) {
            first.feed(TopologyHarness.BASIC);
            months = Stream.concat(first.journal("netsuite").stream(), first.journal("sap").stream())
                    .filter(e -> e.getEntryType() == io.ledgerline.journal.EntryType.REVENUE_RECOGNITION)
                    .collect(java.util.stream.Collectors.groupingBy(e -> io.ledgerline.posting.EntryIds.sourceOf(e.getEntryId())))
                    .values().stream().filter(l -> l.size() > 2).findFirst().orElseThrow();
        }
        JournalEntry firstMonth = months.stream().min(java.util.Comparator.comparing(JournalEntry::getPostingPeriod)).orElseThrow();
        JournalEntry lastMonth = months.stream().max(java.util.Comparator.comparing(JournalEntry::getPostingPeriod)).orElseThrow();
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            h.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
            // the line's first month is recognized by a tick at its end, the last month not yet
            h.tick(java.time.LocalDate.parse(firstMonth.getPostingPeriod() + "-01").plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(Stream.concat(h.journal("netsuite").stream(), h.journal("sap").stream()).map(JournalEntry::getEntryId))
                    .contains(firstMonth.getEntryId()).doesNotContain(lastMonth.getEntryId());
            result(h, lastMonth.getEntryId(), "POSTED", "NS-LAST", null, "2026-07-01T10:00:00Z");
            assertThat(h.exceptions()).as("nothing raised while the entry is still to come").isEmpty();

            h.tick(AS_OF);
            ContractState contract = latestContract(h, lastMonth.getAccountId());
            assertThat(contract.getErpPostings()).filteredOn(p -> p.getEntryId().equals(lastMonth.getEntryId())).singleElement()
                    .satisfies(p -> {
                        assertThat(p.getStatus()).isEqualTo(ErpPostingStatus.POSTED);
                        assertThat(p.getErpDocumentNumber()).isEqualTo("NS-LAST");
                    });
            assertThat(h.exceptions()).filteredOn(e -> e.getReason().equals("AWAITING_JOURNAL_ENTRY")).isEmpty();
        }
    }

    private static void result(TopologyHarness h, String entryId, String status, String document, String reason, String at) {
        String json = "{\"entryId\":\"" + entryId + "\",\"status\":\"" + status + "\",\"erpDocumentNumber\":"
                + (document == null ? "null" : "\"" + document + "\"") + ",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"")
                + ",\"at\":\"" + at + "\"}";
        h.pipeRaw(Topics.RAW_ERP_POSTING_RESULTS, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The alerts of this class's kinds: the reconciliation drifts (stage reconciliation) are ReconciliationTopologyTest's. */
    private static List<WorkflowAlert> alerts(TopologyHarness h) {
        return new ArrayList<>(h.read(Topics.ALERTS_WORKFLOW, WorkflowAlert.class).stream()
                .filter(a -> !a.getStage().equals(io.ledgerline.reconciliation.Drifts.STAGE)).toList());
    }

    private static ContractState latestContract(TopologyHarness h, String accountId) {
        List<ContractState> states = h.contracts().stream().filter(c -> c.getAccountId().equals(accountId)).toList();
        assertThat(states).isNotEmpty();
        return states.get(states.size() - 1);
    }

}
