package io.ledgerline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.ExceptionStatusChange;
import io.ledgerline.ops.OperatorAction;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every wait is visible: raised at once or after the grace, released automatically, replayed or dismissed by an operator. */
class ExceptionQueueTopologyTest {

    private static final Instant AS_OF = Instant.parse("2026-06-30T23:59:59Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ONBOARDING_MAPPING = "\"productId\":\"prod_onboarding\"";

    private static List<String> masterDataWithout(String fragment) {
        return TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")).stream()
                .filter(l -> !l.contains(fragment)).toList();
    }

    private static List<JournalEntry> journal(TopologyHarness h) {
        return Stream.concat(h.journal("netsuite").stream(), h.journal("sap").stream()).toList();
    }

    private static Map<String, List<ExceptionStatus>> statuses(List<PipelineException> exceptions) {
        Map<String, List<ExceptionStatus>> out = new LinkedHashMap<>();
        exceptions.forEach(e -> out.computeIfAbsent(e.getExceptionId(), k -> new ArrayList<>()).add(e.getStatus()));
        return out;
    }

    private static List<JournalEntry> baseline() {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            return journal(h);
        }
    }

    private static void feedWithoutOnboardingMapping(TopologyHarness h) {
        h.masterData(masterDataWithout(ONBOARDING_MAPPING));
        h.cdc(TopologyHarness.lines(TopologyHarness.BASIC.resolve("salesforce-cdc.jsonl")));
        h.billing(TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")));
    }

    @Test
    void anUnmappedProductIsRaisedAtOnceAndReleasedWithTheSameEntriesWhenTheMappingArrives() {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            feedWithoutOnboardingMapping(h);
            List<PipelineException> raised = h.exceptions();
            assertThat(raised).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getStatus()).isEqualTo(ExceptionStatus.OPEN);
                assertThat(e.getReason()).isEqualTo("UNMAPPED_PRODUCT");
                assertThat(e.getWaitingFor()).isEqualTo("product_mapping:prod_onboarding");
                assertThat(e.getWaitingForKind()).isEqualTo("PRODUCT_MAPPING");
                assertThat(e.getAccountId()).isNotNull();
                assertThat(e.getLegalEntity()).isNotNull();
                assertThat(e.getInvoiceId()).startsWith("in_");
                assertThat(e.getMessage()).contains("prod_onboarding");
                assertThat(e.getHistory()).extracting(ExceptionStatusChange::getStatus).containsExactly(ExceptionStatus.OPEN);
            });

            h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")).stream()
                    .filter(l -> l.contains(ONBOARDING_MAPPING)).toList());
            h.endOfInput();

            List<PipelineException> released = h.exceptions();
            assertThat(released).hasSameSizeAs(raised).allSatisfy(e -> {
                assertThat(e.getStatus()).isEqualTo(ExceptionStatus.RELEASED);
                assertThat(e.getActor()).isEqualTo("ledgerline");
                assertThat(e.getHistory()).extracting(ExceptionStatusChange::getStatus)
                        .containsExactly(ExceptionStatus.OPEN, ExceptionStatus.RELEASED);
            });
            assertThat(sorted(journal(h))).isEqualTo(sorted(baseline()));
        }
    }

    @Test
    void aBillingCustomerWithoutCrosswalkIsRaisedOnlyOnceTheGraceHasPassed() throws Exception {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            h.exceptions();
            ObjectNode customer = stripeEvent("customer.created", "evt_orphan_customer", "2026-05-01T10:00:00Z");
            ((ObjectNode) customer.path("data").path("object")).put("id", "cus_Orphan").put("object", "customer")
                    .put("name", "Orphan Ltd").putObject("metadata");
            h.billing(List.of(JSON.writeValueAsString(customer)));

            h.tick(Instant.parse("2026-05-02T09:59:59Z"));
            assertThat(h.exceptions()).as("within the 24 h grace the wait is not an exception yet").isEmpty();

            h.tick(Instant.parse("2026-05-02T10:00:00Z"));
            List<PipelineException> raised = h.exceptions();
            assertThat(raised).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("UNRESOLVED_IDENTITY");
                assertThat(e.getStatus()).isEqualTo(ExceptionStatus.OPEN);
                assertThat(e.getWaitingFor()).isEqualTo("identity:customer:cus_Orphan");
                assertThat(e.getSource().getObjectId()).isEqualTo("cus_Orphan");
                assertThat(e.getMessage()).contains("cus_Orphan", "crm_account_id", "customer_crosswalk");
            });

            h.tick(AS_OF);
            assertThat(h.exceptions()).as("raised once").isEmpty();
        }
    }

    @Test
    void aRefundOfAPaymentThatNeverArrivesIsRaisedOnceTheGraceHasPassed() throws Exception {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            h.exceptions();
            ObjectNode refund = stripeEvent("refund.created", "evt_orphan_refund", "2026-06-01T08:00:00Z");
            ((ObjectNode) refund.path("data").path("object")).put("id", "re_Orphan").put("object", "refund")
                    .put("amount", 1200).put("currency", "usd").put("payment_intent", "pi_Unknown")
                    .put("status", "succeeded").put("created", Instant.parse("2026-06-01T08:00:00Z").getEpochSecond());
            h.billing(List.of(JSON.writeValueAsString(refund)));
            h.tick(AS_OF);
            assertThat(h.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("AWAITING_PAYMENT");
                assertThat(e.getWaitingFor()).isEqualTo("identity:payment-intent:pi_Unknown");
                assertThat(e.getAmountMinor()).isEqualTo(1200L);
                assertThat(e.getCurrency()).isEqualTo("USD");
            });
        }
    }

    @Test
    void anOperatorReplayOfAStillBlockedEventKeepsItOpenAndADismissRemovesItFromTheQueue() {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            feedWithoutOnboardingMapping(h);
            PipelineException open = h.exceptions().get(0);

            h.command(open.getAccountId(), command("cmd-1", open, OperatorAction.REPLAY, null));
            PipelineException replayed = lastOf(h.exceptions(), open.getExceptionId());
            assertThat(replayed.getStatus()).isEqualTo(ExceptionStatus.OPEN);
            assertThat(replayed.getHistory()).last().satisfies(c -> {
                assertThat(c.getCommandId()).isEqualTo("cmd-1");
                assertThat(c.getActor()).isEqualTo("ops@example.com");
                assertThat(c.getNote()).contains("still waiting", "prod_onboarding");
            });

            h.command(open.getAccountId(), command("cmd-2", open, OperatorAction.DISMISS, "duplicate invoice, voided in Stripe"));
            PipelineException dismissed = lastOf(h.exceptions(), open.getExceptionId());
            assertThat(dismissed.getStatus()).isEqualTo(ExceptionStatus.DISMISSED);
            assertThat(dismissed.getNote()).isEqualTo("duplicate invoice, voided in Stripe");
            assertThat(dismissed.getHistory()).extracting(ExceptionStatusChange::getStatus)
                    .containsExactly(ExceptionStatus.OPEN, ExceptionStatus.OPEN, ExceptionStatus.DISMISSED);

            h.command(open.getAccountId(), command("cmd-3", open, OperatorAction.REPLAY, null));
            assertThat(lastOf(h.exceptions(), open.getExceptionId()).getHistory()).last()
                    .satisfies(c -> assertThat(c.getNote()).contains("not applied", "DISMISSED"));

            h.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")).stream()
                    .filter(l -> l.contains(ONBOARDING_MAPPING)).toList());
            Map<String, List<ExceptionStatus>> after = statuses(h.exceptions());
            assertThat(after).doesNotContainKey(open.getExceptionId());
            assertThat(journal(h)).noneMatch(e -> e.getSource().getEventId().equals(open.getSource().getEventId()));
        }
    }

    @Test
    void anEventIdResentWithOtherContentIsAnExceptionNotASecondEntryAndNotSilentlyTheFirst() throws Exception {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            List<JournalEntry> before = journal(h);
            String refund = TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")).stream()
                    .filter(l -> l.contains("\"refund.created\"")).findFirst().orElseThrow();
            ObjectNode changed = (ObjectNode) JSON.readTree(refund);
            ((ObjectNode) changed.path("data").path("object")).put("amount", 49000);
            h.billing(List.of(refund, JSON.writeValueAsString(changed)));
            assertThat(journal(h)).as("nothing booked twice, nothing re-booked").isEmpty();
            assertThat(h.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("CONFLICTING_EVENT");
                assertThat(e.getStatus()).isEqualTo(ExceptionStatus.OPEN);
                assertThat(e.getAmountMinor()).isEqualTo(49000L);
                assertThat(e.getMessage()).contains("different content");
            });
            assertThat(before).isNotEmpty();
        }
    }

    @Test
    void aDocumentInAnUnknownCurrencyIsRaisedAtOnce() throws Exception {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            String manual = TopologyHarness.lines(TopologyHarness.BASIC.resolve("stripe-events.jsonl")).stream()
                    .filter(l -> l.contains("\"in_ElmTrade01\"") && l.contains("invoice.finalized")).findFirst().orElseThrow();
            String xyz = manual.replace("in_ElmTrade01", "in_ElmTrade99").replace("\"usd\"", "\"xyz\"")
                    .replace("evt_c6ccb445cf67beccc4b04fd6", "evt_xyz_invoice");
            journal(h);
            h.billing(List.of(xyz));
            assertThat(h.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("UNKNOWN_CURRENCY");
                assertThat(e.getCurrency()).isEqualTo("XYZ");
                assertThat(e.getInvoiceId()).isEqualTo("in_ElmTrade99");
            });
            assertThat(journal(h)).isEmpty();
        }
    }

    @Test
    void aBillingCustomerCrosswalkedToASecondAccountIsAnExceptionAndTheFirstLinkStays() {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            h.exceptions();
            h.masterData(List.of("{\"type\":\"customer_crosswalk\",\"crmAccountId\":\"001OTHER0000000000\","
                    + "\"billingCustomerId\":\"cus_AcmeCorp0001\",\"erpCustomerId\":\"C-9999\",\"legalEntity\":\"LE-US\"}"));
            assertThat(h.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("CONFLICTING_CROSSWALK");
                assertThat(e.getMessage()).contains("cus_AcmeCorp0001", "001OTHER0000000000", "001C1AC32E5DD5537B");
            });
        }
    }

    @Test
    void anOperatorCommandReachesTheIdentityLevelWhereAnEventWithoutAccountWaits() throws Exception {
        try (TopologyHarness h = new TopologyHarness(AS_OF)) {
            h.feed(TopologyHarness.BASIC);
            h.exceptions();
            ObjectNode customer = stripeEvent("customer.created", "evt_orphan_customer", "2026-05-01T10:00:00Z");
            ((ObjectNode) customer.path("data").path("object")).put("id", "cus_Orphan").put("object", "customer").putObject("metadata");
            h.billing(List.of(JSON.writeValueAsString(customer)));
            h.tick(AS_OF);
            PipelineException open = h.exceptions().get(0);
            assertThat(open.getAccountId()).isNull();

            OperatorCommand replay = OperatorCommand.newBuilder(command("cmd-i1", open, OperatorAction.REPLAY, null))
                    .setWaitingFor(open.getWaitingFor()).build();
            h.command(open.getSource().getObjectId(), replay);
            assertThat(lastOf(h.exceptions(), open.getExceptionId()).getHistory()).last()
                    .satisfies(c -> assertThat(c.getCommandId()).isEqualTo("cmd-i1"));

            OperatorCommand dismiss = OperatorCommand.newBuilder(command("cmd-i2", open, OperatorAction.DISMISS, "test customer"))
                    .setWaitingFor(open.getWaitingFor()).build();
            h.command(open.getSource().getObjectId(), dismiss);
            assertThat(lastOf(h.exceptions(), open.getExceptionId()).getStatus()).isEqualTo(ExceptionStatus.DISMISSED);
        }
    }

    private static PipelineException lastOf(List<PipelineException> records, String exceptionId) {
        List<PipelineException> mine = records.stream().filter(e -> e.getExceptionId().equals(exceptionId)).toList();
        assertThat(mine).isNotEmpty();
        return mine.get(mine.size() - 1);
    }

    private static OperatorCommand command(String id, PipelineException target, OperatorAction action, String note) {
        return OperatorCommand.newBuilder().setCommandId(id).setExceptionId(target.getExceptionId()).setAction(action)
                .setActor("ops@example.com").setNote(note).setRequestedAt(Instant.parse("2026-07-01T09:00:00Z")).build();
    }

    private static ObjectNode stripeEvent(String type, String id, String at) {
        ObjectNode event = JSON.createObjectNode().put("id", id).put("object", "event").put("api_version", "2025-03-31.basil")
                .put("created", Instant.parse(at).getEpochSecond()).put("type", type).put("livemode", false);
        event.putObject("data").putObject("object");
        return event;
    }

    private static List<String> sorted(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::toString).sorted().collect(Collectors.toList());
    }

}
