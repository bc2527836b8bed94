package io.ledgerline.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.contract.BillingStatus;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.CrmObjectType;
import io.ledgerline.contract.CrmWriteback;
import io.ledgerline.contract.LedgerBalance;
import io.ledgerline.contract.Reconciliation;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.names.Stores;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.AlertStatus;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlert;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.topology.TopologyHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation, drifts and the CRM write-back over the fixtures, on the TopologyTestDriver. Every figure is derived
 * here from the fixtures' own expected.json (computed independently of the pipeline), the opportunity amounts of the
 * CDC export, or the journal the topology wrote, never from the reconciliation code.
 */
class ReconciliationTopologyTest {

    private static final Instant BASIC_AS_OF = Instant.parse("2026-07-01T00:00:00Z");
    private static final Instant AMENDMENTS_AS_OF = Instant.parse("2026-12-02T00:00:00Z");
    private static final Path AMENDMENTS = Path.of("../fixtures/amendments");
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ACME = "001C1AC32E5DD5537B";
    static final String BERGMANN = "0013B0187CB3DBBF0E";
    static final String COBALT = "001346E48B34C3B719";
    static final String DUNMORE = "001BF16CA01647DA47";
    static final String ELM = "001284839C49DAA611";
    static final String FJORD = "001D8C5043CB38917F";
    static final String FJORD_OPPORTUNITY = "0069021FAE3460D3B6";

    @Test
    void basicFixturesEveryFigure() throws IOException {
        JsonNode expected = JSON.readTree(TopologyHarness.BASIC.resolve("expected.json").toFile());
        try (TopologyHarness h = new TopologyHarness(BASIC_AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            h.tick(BASIC_AS_OF);
            Map<String, Reconciliation> latest = latest(h);
            assertThat(latest.keySet()).containsExactlyInAnyOrder(ACME + ":USD", BERGMANN + ":EUR", COBALT + ":EUR", DUNMORE + ":USD",
                    ELM + ":USD", FJORD + ":USD");
            List<JournalEntry> journal = new ArrayList<>(h.journal("netsuite"));
            journal.addAll(h.journal("sap"));
            JsonNode inv = expected.get("invoices");
            JsonNode pay = expected.get("payments");

            // booked: the Closed Won opportunities' Amount in the CDC export; billed: expected.json's totals less tax
            // (less Dunmore's credit note, no tax); collected: payments less Dunmore's refund
            figures(latest.get(ACME + ":USD"), 1_350_000, total(inv, "in_Acme0001") - tax(inv, "in_Acme0001"),
                    pay.get("inpay_e547de4f9fec164d").get("amount").asLong(), 0, 0, journal, ACME);
            figures(latest.get(BERGMANN + ":EUR"), 2_400_000, total(inv, "in_Bergmann01") - tax(inv, "in_Bergmann01"),
                    pay.get("inpay_1e4a49a21fdebeef").get("amount").asLong(), 0, 0, journal, BERGMANN);
            figures(latest.get(COBALT + ":EUR"), 1_200_000, total(inv, "in_Cobalt0001"),
                    pay.get("inpay_0ce3c614484c3198").get("amount").asLong(), 0, 0, journal, COBALT);
            long refund = expected.get("refunds").get("re_Dunmore0001").get("amount").asLong();
            figures(latest.get(DUNMORE + ":USD"), 600_000,
                    total(inv, "in_Dunmore001") - expected.get("credit_notes").get("cn_Dunmore0001").get("total").asLong(),
                    pay.get("inpay_106d8efc871fd0ce").get("amount").asLong() - refund, refund, 0, journal, DUNMORE);
            // Elm's only invoice is void: nothing billed, its entry and the reversal cancel out
            figures(latest.get(ELM + ":USD"), 0, 0, 0, 0, 0, journal, ELM);
            assertThat(latest.get(ELM + ":USD").getJournaledMinor()).isEqualTo(2 * total(inv, "in_ElmTrade01"));
            figures(latest.get(FJORD + ":USD"), 900_000, 0, 0, 0, 0, journal, FJORD);

            // the recognition of Acme's annual platform through June by days (167 of 365) plus onboarding at once
            assertThat(latest.get(ACME + ":USD").getRecognizedMinor()).isEqualTo(150_000 + Math.round(1_200_000 * 167 / 365.0));
            assertThat(latest.get(COBALT + ":EUR").getDeferredMinor()).isZero();
            // no posting results in this run: nothing is posted, every entry is unposted
            latest.values().forEach(r -> {
                assertThat(r.getPostedMinor()).isZero();
                assertThat(r.getUnpostedEntries()).isEqualTo((int) journal.stream().filter(e -> r.getAccountId().equals(e.getAccountId())).count());
            });
            assertThat(latest.get(ACME + ":USD").getLegalEntity()).isEqualTo("LE-US");
            assertThat(latest.get(BERGMANN + ":EUR").getLegalEntity()).isEqualTo("LE-DE");

            // the drifts: Fjord's opportunity is booked and never billed; nobody else has a drift other than not posted
            Reconciliation fjord = latest.get(FJORD + ":USD");
            assertThat(fjord.getDrifts()).extracting(d -> d.getKind() + " " + d.getSubjectId() + " " + d.getAmountMinor())
                    .containsExactly("BOOKED_NOT_BILLED " + FJORD_OPPORTUNITY + " 900000");
            assertThat(fjord.getDrifts().get(0).getDetail()).contains("Fjord - Platform", "no subscription names it");
            latest.values().stream().filter(r -> r != fjord).forEach(r ->
                    assertThat(r.getDrifts()).as(r.getAccountId()).allMatch(d -> d.getKind().equals("NOT_POSTED")));
            // every identity holds, at every record, and no exception is raised for one
            assertThat(h.read(Topics.RECONCILIATION, Reconciliation.class)).allMatch(Reconciliation::getIdentitiesHold);
            assertThat(h.exceptions()).isEmpty();

            // the alert: raised by the tick after the one that first saw it, a week after Closed Won
            List<WorkflowAlert> drifts = h.read(Topics.ALERTS_WORKFLOW, WorkflowAlert.class).stream()
                    .filter(a -> a.getStage().equals(Drifts.STAGE) && a.getKind() != WorkflowAlertKind.NOT_POSTED).toList();
            assertThat(drifts).extracting(WorkflowAlert::getAlertId, WorkflowAlert::getStatus, WorkflowAlert::getAmountMinor,
                            WorkflowAlert::getAccountId, WorkflowAlert::getThresholdSeconds)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("BOOKED_NOT_BILLED:reconciliation:" + FJORD_OPPORTUNITY,
                            AlertStatus.OPEN, 900_000L, FJORD, java.time.Duration.ofDays(7).toSeconds()));
        }
    }

    private static void figures(Reconciliation r, long booked, long billed, long collected, long refunded, long lost,
                                List<JournalEntry> journal, String accountId) {
        assertThat(r).as(accountId).isNotNull();
        assertThat(r.getBookedMinor()).as("booked " + accountId).isEqualTo(booked);
        assertThat(r.getBilledMinor()).as("billed " + accountId).isEqualTo(billed);
        assertThat(r.getCollectedMinor()).as("collected " + accountId).isEqualTo(collected);
        assertThat(r.getRefundedMinor()).as("refunded " + accountId).isEqualTo(refunded);
        assertThat(r.getDisputesLostMinor()).as("lost " + accountId).isEqualTo(lost);
        // recognized, deferred, AR and customer credit: the journal topic's lines of the account, summed here
        assertThat(r.getRecognizedMinor()).as("recognized " + accountId)
                .isEqualTo(net(journal, accountId, r.getCurrency(), "REVENUE") + net(journal, accountId, r.getCurrency(), "CONTRA_REVENUE"));
        assertThat(r.getDeferredMinor()).as("deferred " + accountId).isEqualTo(net(journal, accountId, r.getCurrency(), "DEFERRED_REVENUE"));
        assertThat(r.getArMinor()).as("AR " + accountId).isEqualTo(-net(journal, accountId, r.getCurrency(), "AR"));
        assertThat(r.getCustomerCreditMinor()).as("customer credit " + accountId)
                .isEqualTo(net(journal, accountId, r.getCurrency(), "CUSTOMER_CREDIT"));
        // the DESIGN.md identity, written out
        assertThat(r.getRecognizedMinor() + r.getDeferredMinor()).as("identity " + accountId).isEqualTo(billed - refunded - lost);
        assertThat(r.getIdentitiesHold()).isTrue();
        assertThat(r.getViolations()).isEmpty();
    }

    /** Credits less debits of a role over the journal entries of an account in a currency. */
    static long net(List<JournalEntry> journal, String accountId, String currency, String role) {
        long net = 0;
        for (JournalEntry e : journal) {
            if (accountId.equals(e.getAccountId()) && currency.equals(e.getCurrency())) {
                for (JournalLine l : e.getLines()) {
                    if (l.getRole().equals(role)) {
                        net += l.getSide() == Side.CREDIT ? l.getAmountMinor() : -l.getAmountMinor();
                    }
                }
            }
        }
        return net;
    }

    private static long total(JsonNode invoices, String id) {
        return invoices.get(id).get("total").asLong();
    }

    private static long tax(JsonNode invoices, String id) {
        return invoices.get(id).get("tax").asLong();
    }

    @Test
    void amendmentsFixtureEveryFigure() throws IOException {
        JsonNode expected = JSON.readTree(AMENDMENTS.resolve("expected.json").toFile());
        try (TopologyHarness h = new TopologyHarness(AMENDMENTS_AS_OF)) {
            h.feed(AMENDMENTS);
            h.tick(AMENDMENTS_AS_OF);
            Map<String, Reconciliation> latest = latest(h);
            List<JournalEntry> journal = h.journal("netsuite");
            // expected per account and currency, from expected.json alone
            Map<String, long[]> want = new TreeMap<>(); // booked, billed, paid, lost
            expected.get("opportunities").properties().forEach(o -> {
                JsonNode opp = o.getValue();
                if ("Closed Won".equals(opp.get("StageName").asText())) {
                    long minor = Math.round(opp.get("Amount").asDouble() * 100);
                    want.computeIfAbsent(opp.get("AccountId").asText() + ":" + opp.get("CurrencyIsoCode").asText(), k -> new long[4])[0] += minor;
                }
            });
            Map<String, String> accountOfInvoice = new LinkedHashMap<>();
            expected.get("invoices").properties().forEach(i -> {
                JsonNode v = i.getValue();
                String key = v.get("account").asText() + ":" + v.get("currency").asText();
                accountOfInvoice.put(i.getKey(), key);
                want.computeIfAbsent(key, k -> new long[4])[1] += v.get("total").asLong() - v.get("tax").asLong();
            });
            expected.get("payments").properties().forEach(p -> want.get(accountOfInvoice.get(p.getValue().get("invoice").asText()))[2]
                    += p.getValue().get("amount").asLong());
            expected.get("disputes").properties().forEach(d -> {
                if ("lost".equals(d.getValue().get("outcome").asText())) {
                    want.get(accountOfInvoice.get(d.getValue().get("invoice").asText()))[3] += d.getValue().get("amount").asLong();
                }
            });
            assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
            want.forEach((key, w) -> {
                String account = key.substring(0, key.indexOf(':'));
                figures(latest.get(key), w[0], w[1], w[2] - w[3], 0, w[3], journal, account);
                assertThat(latest.get(key).getCustomerCreditMinor()).as("credit " + key)
                        .isEqualTo(expected.get("customer_credit_balance").get(account + "|" + latest.get(key).getCurrency()).asLong());
            });
            // the trial balance of the legal entity, per currency, is the sum of the accounts' figures
            JsonNode tb = expected.get("trial_balance");
            for (String currency : List.of("USD", "EUR")) {
                long recognized = -tb.path("LE-US|REVENUE|" + currency).path("amount").asLong() - tb.path("LE-US|CONTRA_REVENUE|" + currency).path("amount").asLong();
                long deferred = -tb.path("LE-US|DEFERRED_REVENUE|" + currency).path("amount").asLong();
                assertThat(latest.values().stream().filter(r -> r.getCurrency().equals(currency)).mapToLong(Reconciliation::getRecognizedMinor).sum())
                        .as("recognized " + currency).isEqualTo(recognized);
                assertThat(latest.values().stream().filter(r -> r.getCurrency().equals(currency)).mapToLong(Reconciliation::getDeferredMinor).sum())
                        .as("deferred " + currency).isEqualTo(deferred);
            }
            assertThat(h.read(Topics.RECONCILIATION, Reconciliation.class)).allMatch(Reconciliation::getIdentitiesHold);
            assertThat(h.exceptions()).isEmpty();
            // no drift but the periods not posted: the renewal's term starts 2027-01-15, after the as-of, and the
            // new-business bookings equal their subscriptions' year plus one-off lines (metered usage excluded)
            latest.values().forEach(r -> assertThat(r.getDrifts()).as(r.getAccountId()).allMatch(d -> d.getKind().equals("NOT_POSTED")));
            assertThat(h.read(Topics.ALERTS_WORKFLOW, WorkflowAlert.class)).noneMatch(a -> a.getStage().equals(Drifts.STAGE)
                    && a.getKind() != WorkflowAlertKind.NOT_POSTED);
        }
    }

    @Test
    void theCrmIsToldEachPaidOpportunityOnceAndAReplayChangesNothing() {
        try (TopologyHarness h = new TopologyHarness(BASIC_AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            h.tick(BASIC_AS_OF);
            List<CrmWriteback> written = h.read(Topics.CRM_WRITEBACK, CrmWriteback.class);
            // the four paid invoices' opportunities (Dunmore's short payment clears what its credit note left)
            Map<String, Long> paidOnce = new TreeMap<>();
            written.stream().filter(w -> w.getObjectType() == CrmObjectType.Opportunity && w.getBillingStatus() == BillingStatus.PAID)
                    .forEach(w -> paidOnce.merge(w.getRecordId(), 1L, Long::sum));
            assertThat(paidOnce).containsExactlyInAnyOrderEntriesOf(Map.of("006E38CD89DD1E2713", 1L, "0062BFD425F089D38D", 1L,
                    "006B098E9319B68A3C", 1L, "0061D87B6B9FC4163C", 1L));
            Map<String, CrmWriteback> last = new TreeMap<>();
            written.forEach(w -> last.put(w.getRecordId(), w));
            assertThat(last).doesNotContainKey(FJORD_OPPORTUNITY);
            CrmWriteback dunmore = last.get("0061D87B6B9FC4163C");
            assertThat(dunmore.getBilledMinor()).isEqualTo(600_000);
            assertThat(dunmore.getPaidMinor()).isEqualTo(500_000);
            assertThat(dunmore.getOutstandingMinor()).isZero();
            assertThat(dunmore.getInvoiceIds()).containsExactly("in_Dunmore001");
            assertThat(dunmore.getLastChange()).isEqualTo(Instant.parse("2026-03-06T10:00:00Z"));
            CrmWriteback elm = last.get(ELM);
            assertThat(elm.getObjectType()).isEqualTo(CrmObjectType.Account);
            assertThat(elm.getBillingStatus()).isEqualTo(BillingStatus.VOID);
            assertThat(last.get(ACME).getBillingStatus()).isEqualTo(BillingStatus.PAID);
            // each record only when it changed: two records in a row for one id always differ
            Map<String, CrmWriteback> previous = new LinkedHashMap<>();
            for (CrmWriteback w : written) {
                assertThat(w).as("a repeated record for " + w.getRecordId()).isNotEqualTo(previous.put(w.getRecordId(), w));
            }

            latest(h); // read what the first delivery wrote
            // every Stripe event and CRM change again (an at-least-once redelivery), and a tick: nothing changes
            h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            h.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
            h.tick(BASIC_AS_OF);
            assertThat(h.read(Topics.CRM_WRITEBACK, CrmWriteback.class)).isEmpty();
            assertThat(h.read(Topics.RECONCILIATION, Reconciliation.class)).isEmpty();
        }
    }

    @Test
    void aViolatedIdentityIsAnExceptionReleasedWhenTheFiguresAgreeAgain() {
        try (TopologyHarness h = new TopologyHarness(BASIC_AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            assertThat(h.exceptions()).isEmpty();
            // a journal that lost 1,000.00 of Acme's revenue: what a missing or doubled entry would do
            KeyValueStore<String, ContractState> contracts = h.driver().getKeyValueStore(Stores.CONTRACTS);
            ContractState acme = contracts.get(ACME);
            ContractState good = ContractState.newBuilder(acme).build();
            List<LedgerBalance> tampered = new ArrayList<>();
            for (LedgerBalance b : acme.getLedgerBalances()) {
                LedgerBalance copy = LedgerBalance.newBuilder(b).build();
                if (copy.getRole().equals("REVENUE") && copy.getEntryType().equals("INVOICE")) {
                    copy.setCreditMinor(copy.getCreditMinor() - 100_000);
                }
                tampered.add(copy);
            }
            contracts.put(ACME, ContractState.newBuilder(acme).setLedgerBalances(tampered).build());
            h.cdc(List.of(accountRename("Acme Corporation")));
            List<PipelineException> raised = h.exceptions();
            assertThat(raised).hasSize(1);
            PipelineException x = raised.get(0);
            assertThat(x.getExceptionId()).isEqualTo("RECONCILIATION_IDENTITY:" + ACME + ":USD");
            assertThat(x.getReason()).isEqualTo("RECONCILIATION_IDENTITY");
            assertThat(x.getStatus()).isEqualTo(ExceptionStatus.OPEN);
            assertThat(x.getAccountId()).isEqualTo(ACME);
            assertThat(x.getLegalEntity()).isEqualTo("LE-US");
            assertThat(x.getCurrency()).isEqualTo("USD");
            assertThat(x.getAmountMinor()).isEqualTo(-100_000L);
            assertThat(x.getMessage()).contains("difference -100000");
            // another change while it is still wrong raises nothing again
            h.cdc(List.of(accountRename("Acme Corp.")));
            assertThat(h.exceptions()).isEmpty();

            ContractState current = contracts.get(ACME);
            contracts.put(ACME, ContractState.newBuilder(current).setLedgerBalances(good.getLedgerBalances()).build());
            h.cdc(List.of(accountRename("Acme Corp")));
            List<PipelineException> released = h.exceptions();
            assertThat(released).extracting(PipelineException::getExceptionId, PipelineException::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("RECONCILIATION_IDENTITY:" + ACME + ":USD", ExceptionStatus.RELEASED));
            assertThat(latest(h).get(ACME + ":USD").getIdentitiesHold()).isTrue();
        }
    }

    @Test
    void theErpPostingAnotherAmountIsAnAlertUntilItPostsTheJournaledOne() {
        String entry = "stripe:invoice:in_Acme0001:INVOICE:1";
        try (TopologyHarness h = new TopologyHarness(BASIC_AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            latest(h);
            h.pipeRaw(Topics.RAW_ERP_POSTING_RESULTS, ("{\"entryId\":\"" + entry + "\",\"status\":\"POSTED\",\"erpDocumentNumber\":\"NS-100\","
                    + "\"reason\":null,\"at\":\"2026-01-16T09:00:00Z\",\"amountMinor\":1461000}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Reconciliation acme = latest(h).get(ACME + ":USD");
            // posted: the AR the entry moved, as journaled; the ERP's own amount is the drift
            assertThat(acme.getPostedMinor()).isEqualTo(1_461_375);
            assertThat(acme.getDrifts()).filteredOn(d -> d.getKind().equals("POSTED_AMOUNT_MISMATCH"))
                    .extracting(d -> d.getSubjectId() + " " + d.getAmountMinor()).containsExactly(entry + " -375");
            h.tick(BASIC_AS_OF);
            h.tick(BASIC_AS_OF);
            String alertId = "POSTED_AMOUNT_MISMATCH:reconciliation:" + entry;
            assertThat(h.read(Topics.ALERTS_WORKFLOW, WorkflowAlert.class)).filteredOn(a -> a.getAlertId().equals(alertId))
                    .extracting(WorkflowAlert::getStatus, WorkflowAlert::getAmountMinor, WorkflowAlert::getSeverity)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertStatus.OPEN, -375L, io.ledgerline.ops.AlertSeverity.CRITICAL));
            // the CRM learns the ERP's document number
            List<CrmWriteback> writeback = h.read(Topics.CRM_WRITEBACK, CrmWriteback.class);
            assertThat(writeback).filteredOn(w -> w.getRecordId().equals("006E38CD89DD1E2713")).last()
                    .satisfies(w -> assertThat(w.getErpDocumentNumbers()).containsExactly("NS-100"));

            // the ERP corrects its posting (a later result, same document, the journaled amount): resolved
            h.pipeRaw(Topics.RAW_ERP_POSTING_RESULTS, ("{\"entryId\":\"" + entry + "\",\"status\":\"POSTED\",\"erpDocumentNumber\":\"NS-100\","
                    + "\"reason\":null,\"at\":\"2026-01-17T09:00:00Z\",\"amountMinor\":1461375}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(h.read(Topics.ALERTS_WORKFLOW, WorkflowAlert.class)).filteredOn(a -> a.getAlertId().equals(alertId))
                    .extracting(WorkflowAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            assertThat(latest(h).get(ACME + ":USD").getDrifts()).noneMatch(d -> d.getKind().equals("POSTED_AMOUNT_MISMATCH"));
        }
    }

    @Test
    void aPeriodNotPostedIsWatchedWithAStoreWriteWhenItBeginsNotOncePerEntry() {
        try (TopologyHarness h = new TopologyHarness(BASIC_AS_OF)) {
            h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
            h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
            h.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
            String key = "NOT_POSTED:reconciliation:" + ACME + "/LE-US/2026-01/USD";
            List<String> writes = h.driver().createOutputTopic("ledgerline-test-" + Stores.LEDGER_ALERTS + "-changelog",
                            new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())
                    .readKeyValuesToList().stream().map(kv -> kv.key).filter(key::equals).toList();
            // Acme's January has its invoice and its payment journaled (and, at the tick, its recognition): one write
            assertThat(writes).hasSize(1);
            Reconciliation acme = latest(h).get(ACME + ":USD");
            assertThat(acme.getDrifts()).filteredOn(d -> d.getSubjectId().equals(ACME + "/LE-US/2026-01/USD"))
                    .singleElement().satisfies(d -> {
                        assertThat(d.getAmountMinor()).isEqualTo(2 * 1_461_375L);
                        assertThat(d.getDetail()).contains("stripe:invoice:in_Acme0001:INVOICE:1", "stripe:invoice_payment:inpay_e547de4f9fec164d:PAYMENT:1");
                    });
        }
    }

    /** A Salesforce CDC UPDATE of Acme's name, in the connector's shape. */
    /** Renames made later get later replay ids, as Salesforce gives them: a change never seems older than an earlier one. */
    private static final java.util.concurrent.atomic.AtomicLong RENAMES = new java.util.concurrent.atomic.AtomicLong(900000);

    private static String accountRename(String name) {
        String create = TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")).get(0);
        return create.replace("\"changeType\":\"CREATE\"", "\"changeType\":\"UPDATE\"").replace("Acme Corp\"", name + "\"")
                .replaceAll("\"replayId\":\\s*\\d+", "\"replayId\":" + RENAMES.incrementAndGet())
                .replaceAll("\"transactionKey\":\"[^\"]*\"", "\"transactionKey\":\"tx-" + name.hashCode() + "\"");
    }

    static Map<String, Reconciliation> latest(TopologyHarness h) {
        Map<String, Reconciliation> out = new TreeMap<>();
        h.read(Topics.RECONCILIATION, Reconciliation.class).forEach(r -> out.put(r.getAccountId() + ":" + r.getCurrency(), r));
        return out;
    }
}
