package io.ledgerline.ingest;

import static io.ledgerline.ingest.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CrmAccount;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CrmSyncGap;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.state.CrmRecordState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrmRecordMergerTest {

    private static final String ACME = "001C1AC32E5DD5537B";
    private static final String ACME_OPP = "006E38CD89DD1E2713";

    private final SalesforceCdcDecoder decoder = new SalesforceCdcDecoder();
    private final CrmRecordMerger merger = new CrmRecordMerger();

    private CdcChange decode(String json) {
        return decoder.decode(bytes(json)).values().get(0);
    }

    private CrmMerge apply(CrmRecordState previous, String json, String recordId) {
        return merger.merge(previous, decode(json), recordId);
    }

    @Test
    void accountCreateEmitsCrmAccountKeyedByItself() {
        CrmMerge merge = apply(null, Fixtures.cdcEvent("Account", "CREATE", ACME), ACME);
        assertThat(merge.state().getEntityName()).isEqualTo("Account");
        assertThat(merge.state().getRecordId()).isEqualTo(ACME);
        assertThat(merge.state().getCreated()).isTrue();
        assertThat(merge.state().getStale()).isFalse();
        assertThat(merge.state().getLastCommitTimestamp()).isEqualTo(1767603600000L);
        assertThat(Fixtures.tree(merge.state().getFieldsJson()).path("Name").asText()).isEqualTo("Acme Corp");

        CanonicalEvent event = merge.event().orElseThrow();
        assertThat(event.getEventId()).isEqualTo("sfdc:Account:1007:" + ACME);
        assertThat(event.getEventType()).isEqualTo("Account.CREATE");
        assertThat(event.getSourceSystem()).isEqualTo(SourceSystem.SALESFORCE);
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1767603600000L));
        assertThat(event.getAccountId()).isEqualTo(ACME);
        CrmAccount account = (CrmAccount) event.getPayload();
        assertThat(account.getAccountId()).isEqualTo(ACME);
        assertThat(account.getName()).isEqualTo("Acme Corp");
        assertThat(account.getBillingCountry()).isEqualTo("United States");
        assertThat(account.getAccountType()).isEqualTo("Customer");
        assertThat(account.getChangeType()).isEqualTo("CREATE");
        assertThat(account.getDeleted()).isFalse();
    }

    @Test
    void opportunityStageUpdateMergesOntoCreateState() {
        CrmMerge created = apply(null, Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP), ACME_OPP);
        CrmOpportunity prospect = (CrmOpportunity) created.event().orElseThrow().getPayload();
        assertThat(prospect.getClosedWon()).isFalse();
        assertThat(prospect.getStageName()).isEqualTo("Prospecting");

        CrmMerge updated = apply(created.state(), Fixtures.cdcEvent("Opportunity", "UPDATE", ACME_OPP), ACME_OPP);
        CanonicalEvent event = updated.event().orElseThrow();
        assertThat(event.getEventId()).isEqualTo("sfdc:Opportunity:1021:" + ACME_OPP);
        assertThat(event.getEventType()).isEqualTo("Opportunity.UPDATE");
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1768408200000L));
        assertThat(event.getAccountId()).isEqualTo(ACME);
        CrmOpportunity opp = (CrmOpportunity) event.getPayload();
        assertThat(opp.getOpportunityId()).isEqualTo(ACME_OPP);
        assertThat(opp.getAccountId()).isEqualTo(ACME);
        assertThat(opp.getClosedWon()).isTrue();
        assertThat(opp.getStageName()).isEqualTo("Closed Won");
        assertThat(opp.getAmountMinor()).isEqualTo(1_350_000L);
        assertThat(opp.getCurrency()).isEqualTo("USD");
        assertThat(opp.getName()).isEqualTo("Acme - Platform 2026");
        assertThat(opp.getCloseDate()).isEqualTo("2026-01-14");
        assertThat(opp.getOpportunityType()).isEqualTo("New Business");
        assertThat(opp.getChangeType()).isEqualTo("UPDATE");
        assertThat(opp.getChangedFields()).containsExactly("StageName", "LastModifiedDate");

        assertThat(updated.state().getCreated()).isTrue();
        assertThat(updated.state().getLastCommitTimestamp()).isEqualTo(1768408200000L);
        assertThat(Fixtures.tree(updated.state().getFieldsJson()).path("LastModifiedDate").asText()).isEqualTo("2026-01-14T16:30:00.000Z");
        assertThat(Fixtures.tree(updated.state().getFieldsJson()).path("Amount").decimalValue()).isEqualByComparingTo("13500.0");
    }

    @Test
    void everyFixtureOpportunityEndsClosedWonWithItsAmount() {
        String[][] expected = {
                {"006E38CD89DD1E2713", "001C1AC32E5DD5537B", "1350000", "USD"},
                {"0062BFD425F089D38D", "0013B0187CB3DBBF0E", "2400000", "EUR"},
                {"006B098E9319B68A3C", "001346E48B34C3B719", "1200000", "EUR"},
                {"0061D87B6B9FC4163C", "001BF16CA01647DA47", "600000", "USD"},
                {"0069021FAE3460D3B6", "001D8C5043CB38917F", "900000", "USD"}};
        for (String[] row : expected) {
            CrmMerge created = apply(null, Fixtures.cdcEvent("Opportunity", "CREATE", row[0]), row[0]);
            CrmOpportunity opp = (CrmOpportunity) apply(created.state(), Fixtures.cdcEvent("Opportunity", "UPDATE", row[0]), row[0])
                    .event().orElseThrow().getPayload();
            assertThat(opp.getClosedWon()).isTrue();
            assertThat(opp.getAccountId()).isEqualTo(row[1]);
            assertThat(opp.getAmountMinor()).isEqualTo(Long.parseLong(row[2]));
            assertThat(opp.getCurrency()).isEqualTo(row[3]);
        }
    }

    @Test
    void opportunityWithoutAccountIdAccumulatesSilently() {
        CrmMerge first = apply(null, Fixtures.cdcEvent("Opportunity", "UPDATE", ACME_OPP), ACME_OPP);
        assertThat(first.event()).isEmpty();
        assertThat(first.state().getCreated()).isFalse();
        assertThat(Fixtures.tree(first.state().getFieldsJson()).path("StageName").asText()).isEqualTo("Closed Won");

        String withAccount = update("Opportunity", ACME_OPP, 1768408300000L, 1030, "[\"AccountId\"]", "[]", "\"AccountId\":\"" + ACME + "\"");
        CrmOpportunity opp = (CrmOpportunity) apply(first.state(), withAccount, ACME_OPP).event().orElseThrow().getPayload();
        assertThat(opp.getAccountId()).isEqualTo(ACME);
        assertThat(opp.getClosedWon()).isTrue();
        assertThat(opp.getAmountMinor()).isNull();
        assertThat(opp.getCurrency()).isNull();
    }

    @Test
    void nulledFieldsAndNullMeaningUnchanged() {
        CrmMerge created = apply(null, Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP), ACME_OPP);
        // Amount is nulled; Name arrives as JSON null, which in CDC means "not changed"
        String json = update("Opportunity", ACME_OPP, 1768408300000L, 1030, "[\"Amount\"]", "[\"Amount\"]", "\"Name\":null");
        CrmMerge merged = apply(created.state(), json, ACME_OPP);
        CrmOpportunity opp = (CrmOpportunity) merged.event().orElseThrow().getPayload();
        assertThat(opp.getAmountMinor()).isNull();
        assertThat(opp.getName()).isEqualTo("Acme - Platform 2026");
        assertThat(opp.getCurrency()).isEqualTo("USD");
        assertThat(Fixtures.tree(merged.state().getFieldsJson()).get("Amount").isNull()).isTrue();
    }

    @Test
    void gapMarksStaleAndEmitsCrmSyncGapUntilReSync() {
        CrmMerge created = apply(null, Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP), ACME_OPP);
        CdcChange gap = decode(SalesforceCdcDecoderTest.gap("GAP_UPDATE", "[\"" + ACME_OPP + "\"]"));
        CrmMerge afterGap = merger.merge(created.state(), gap, ACME_OPP);

        assertThat(afterGap.state().getStale()).isTrue();
        assertThat(afterGap.state().getFieldsJson()).isEqualTo(created.state().getFieldsJson());
        CanonicalEvent event = afterGap.event().orElseThrow();
        assertThat(event.getEventId()).isEqualTo("sfdc:Opportunity:2001:" + ACME_OPP);
        assertThat(event.getEventType()).isEqualTo("Opportunity.GAP_UPDATE");
        assertThat(event.getAccountId()).isEqualTo(ACME);
        assertThat(event.getPayload()).isEqualTo(CrmSyncGap.newBuilder()
                .setEntityName("Opportunity").setRecordId(ACME_OPP).setChangeType("GAP_UPDATE").build());

        // the next CREATE is the re-sync: fresh again, fields replaced
        String resync = Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP)
                .replace("\"commitTimestamp\":1767693600000", "\"commitTimestamp\":1768500000000")
                .replace("\"StageName\":\"Prospecting\"", "\"StageName\":\"Closed Won\"");
        CrmMerge afterResync = apply(afterGap.state(), resync, ACME_OPP);
        assertThat(afterResync.state().getStale()).isFalse();
        assertThat(((CrmOpportunity) afterResync.event().orElseThrow().getPayload()).getClosedWon()).isTrue();
    }

    @Test
    void gapOnUnknownRecordsHasNoAccountAndOnAccountsIsKeyedByTheAccount() {
        CdcChange overflow = decode(SalesforceCdcDecoderTest.gap("GAP_OVERFLOW", "[\"006A\",\"006B\"]"));
        for (String id : overflow.recordIds()) {
            CrmMerge merge = merger.merge(null, overflow, id);
            assertThat(merge.state().getStale()).isTrue();
            assertThat(merge.state().getCreated()).isFalse();
            assertThat(merge.event().orElseThrow().getAccountId()).isNull();
            assertThat(((CrmSyncGap) merge.event().orElseThrow().getPayload()).getRecordId()).isEqualTo(id);
        }
        CdcChange accountGap = decode(SalesforceCdcDecoderTest.gap("GAP_CREATE", "[\"" + ACME + "\"]").replace("\"Opportunity\"", "\"Account\""));
        CanonicalEvent event = merger.merge(null, accountGap, ACME).event().orElseThrow();
        assertThat(event.getAccountId()).isEqualTo(ACME);
        assertThat(event.getPayload()).isInstanceOf(CrmSyncGap.class);
    }

    @Test
    void deleteAndUndelete() {
        CrmMerge created = apply(null, Fixtures.cdcEvent("Account", "CREATE", ACME), ACME);
        String delete = update("Account", ACME, 1767700000000L, 1500, "[]", "[]", "").replace("\"UPDATE\"", "\"DELETE\"");
        CrmMerge deleted = apply(created.state(), delete, ACME);
        CrmAccount account = (CrmAccount) deleted.event().orElseThrow().getPayload();
        assertThat(account.getDeleted()).isTrue();
        assertThat(account.getChangeType()).isEqualTo("DELETE");
        assertThat(account.getName()).isEqualTo("Acme Corp");

        String undelete = update("Account", ACME, 1767800000000L, 1600, "[]", "[]", "\"Name\":\"Acme Corp\"").replace("\"UPDATE\"", "\"UNDELETE\"");
        CrmAccount restored = (CrmAccount) apply(deleted.state(), undelete, ACME).event().orElseThrow().getPayload();
        assertThat(restored.getDeleted()).isFalse();
        assertThat(restored.getChangeType()).isEqualTo("UNDELETE");
    }

    @Test
    void olderRedeliveredChangeIsNotApplied() {
        CrmMerge created = apply(null, Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP), ACME_OPP);
        CrmMerge updated = apply(created.state(), Fixtures.cdcEvent("Opportunity", "UPDATE", ACME_OPP), ACME_OPP);
        CrmMerge replayedCreate = apply(updated.state(), Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP), ACME_OPP);
        assertThat(replayedCreate.state()).isEqualTo(updated.state());
        assertThat(replayedCreate.event()).isEmpty();
        // the same UPDATE redelivered is idempotent and keeps its event id
        CrmMerge again = apply(updated.state(), Fixtures.cdcEvent("Opportunity", "UPDATE", ACME_OPP), ACME_OPP);
        assertThat(again.state()).isEqualTo(updated.state());
        assertThat(again.event().orElseThrow().getEventId()).isEqualTo(updated.event().orElseThrow().getEventId());
    }

    @Test
    void otherEntitiesKeepStateButEmitNothing() {
        String contact = Fixtures.cdcEvent("Account", "CREATE", ACME).replace("\"entityName\":\"Account\"", "\"entityName\":\"Contact\"");
        CrmMerge merge = apply(null, contact, "003X");
        assertThat(merge.event()).isEmpty();
        assertThat(merge.state().getEntityName()).isEqualTo("Contact");
        assertThat(merge.state().getCreated()).isTrue();
    }

    @Test
    void zeroAndThreeDecimalCurrencies() {
        String jpy = Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP)
                .replace("\"Amount\":13500.0", "\"Amount\":1234567.5").replace("\"USD\"", "\"jpy\"");
        CrmOpportunity opp = (CrmOpportunity) apply(null, jpy, ACME_OPP).event().orElseThrow().getPayload();
        assertThat(opp.getCurrency()).isEqualTo("JPY");
        assertThat(opp.getAmountMinor()).isEqualTo(1_234_568L);

        String bhd = jpy.replace("\"jpy\"", "\"BHD\"").replace("\"Amount\":1234567.5", "\"Amount\":12.3456");
        CrmOpportunity dinar = (CrmOpportunity) apply(null, bhd, ACME_OPP).event().orElseThrow().getPayload();
        assertThat(dinar.getAmountMinor()).isEqualTo(12_346L);

        String unknown = jpy.replace("\"jpy\"", "\"zzz\"");
        CrmOpportunity odd = (CrmOpportunity) apply(null, unknown, ACME_OPP).event().orElseThrow().getPayload();
        assertThat(odd.getCurrency()).isEqualTo("ZZZ");
        assertThat(odd.getAmountMinor()).isNull();
    }

    @Test
    void corruptStoredStateIsTreatedAsStale() {
        CrmRecordState corrupt = CrmRecordState.newBuilder().setEntityName("Opportunity").setRecordId(ACME_OPP)
                .setFieldsJson("not json").setCreated(true).setStale(false).setLastCommitTimestamp(0L).build();
        CrmMerge merge = apply(corrupt, Fixtures.cdcEvent("Opportunity", "UPDATE", ACME_OPP), ACME_OPP);
        assertThat(merge.state().getStale()).isTrue();
        assertThat(merge.event()).isEmpty(); // AccountId lost with the state
    }

    @Test
    void contractCreateYieldsItsStateKeyedByItsAccountAndNoCanonicalEvent() {
        String id = CpqChanges.CONTRACT;
        CrmMerge created = apply(null, CpqChanges.contract().get(0), id);
        assertThat(created.event()).isEmpty();
        assertThat(created.emitsNothing()).isFalse();
        CrmContract contract = created.contract().orElseThrow();
        assertThat(contract.getEventId()).isEqualTo("sfdc:Contract:5004:" + id);
        assertThat(contract.getEventTime()).isEqualTo(Instant.parse("2026-01-16T08:00:00Z"));
        assertThat(contract.getContractId()).isEqualTo(id);
        assertThat(contract.getAccountId()).isEqualTo(CpqChanges.ACCOUNT);
        assertThat(contract.getOriginatingOpportunityId()).isEqualTo(CpqChanges.NEW_BUSINESS);
        assertThat(contract.getContractNumber()).isEqualTo("00000101");
        assertThat(contract.getStatus()).isEqualTo("Draft");
        assertThat(contract.getStartDate()).isEqualTo("2026-02-01");
        assertThat(contract.getEndDate()).as("StartDate + ContractTerm months - 1 day").isEqualTo("2027-01-31");
        assertThat(contract.getChangeType()).isEqualTo("CREATE");
        assertThat(contract.getDeleted()).isFalse();

        CrmContract activated = apply(created.state(), CpqChanges.contract().get(1), id).contract().orElseThrow();
        assertThat(activated.getStatus()).isEqualTo("Activated");
        assertThat(activated.getOriginatingOpportunityId()).isEqualTo(CpqChanges.NEW_BUSINESS);
        assertThat(activated.getEndDate()).isEqualTo("2027-01-31");
    }

    @Test
    void contractEndDateWhenDeliveredWinsAndDeleteMarksIt() {
        String id = CpqChanges.CONTRACT;
        String json = CpqChanges.create("Contract", id, "2026-01-16T08:00:00Z", 7001, "\"AccountId\":\"" + ACME
                + "\",\"StartDate\":\"2026-03-15\",\"EndDate\":\"2026-09-14\",\"ContractTerm\":\"six\"");
        CrmMerge created = apply(null, json, id);
        assertThat(created.contract().orElseThrow().getEndDate()).isEqualTo("2026-09-14");
        assertThat(created.contract().orElseThrow().getOriginatingOpportunityId()).isNull();

        String delete = CpqChanges.create("Contract", id, "2026-02-01T08:00:00Z", 7002, "\"AccountId\":null")
                .replace("\"CREATE\"", "\"DELETE\"");
        assertThat(apply(created.state(), delete, id).contract().orElseThrow().getDeleted()).isTrue();
    }

    @Test
    void contractWithoutAccountAccumulatesAndItsGapIsACanonicalGapEvent() {
        String id = CpqChanges.CONTRACT;
        CrmMerge first = apply(null, CpqChanges.contract().get(1), id);
        assertThat(first.emitsNothing()).isTrue();

        CrmMerge created = apply(null, CpqChanges.contract().get(0), id);
        CdcChange gap = decode(SalesforceCdcDecoderTest.gap("GAP_UPDATE", "[\"" + id + "\"]").replace("Opportunity", "Contract")
                .replace("1768408200000", "1770000000000")); // after the contract's CREATE
        CrmMerge afterGap = merger.merge(created.state(), gap, id);
        assertThat(afterGap.state().getStale()).isTrue();
        assertThat(afterGap.contract()).isEmpty();
        CanonicalEvent event = afterGap.event().orElseThrow();
        assertThat(event.getAccountId()).isEqualTo(CpqChanges.ACCOUNT);
        assertThat(((CrmSyncGap) event.getPayload()).getEntityName()).isEqualTo("Contract");
    }

    @Test
    void amendmentsAndRenewalsNameTheirContract() {
        CrmOpportunity upgrade = (CrmOpportunity) apply(null, CpqChanges.upgrade().get(0), CpqChanges.UPGRADE).event().orElseThrow().getPayload();
        assertThat(upgrade.getAmendedContractId()).isEqualTo(CpqChanges.CONTRACT);
        assertThat(upgrade.getRenewedContractId()).isNull();
        assertThat(upgrade.getOpportunityType()).isEqualTo("Existing Customer - Upgrade");
        assertThat(upgrade.getAmountMinor()).isEqualTo(300_000L);

        CrmOpportunity renewal = (CrmOpportunity) apply(null, CpqChanges.renewal().get(0), CpqChanges.RENEWAL).event().orElseThrow().getPayload();
        assertThat(renewal.getRenewedContractId()).isEqualTo(CpqChanges.CONTRACT);
        assertThat(renewal.getAmendedContractId()).isNull();

        CrmOpportunity plain = (CrmOpportunity) apply(null, Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP), ACME_OPP)
                .event().orElseThrow().getPayload();
        assertThat(plain.getAmendedContractId()).isNull();
        assertThat(plain.getRenewedContractId()).isNull();
    }

    @Test
    void anUpdateBeforeItsCreateIsMergedWithItWhenTheCreateArrives() {
        // replayed export files have no keys: an opportunity's CREATE and its Closed Won UPDATE can sit in different
        // partitions and reach the merge in either order
        String create = Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP);
        String won = Fixtures.cdcEvent("Opportunity", "UPDATE", ACME_OPP);
        CrmMerge inOrder = apply(apply(null, create, ACME_OPP).state(), won, ACME_OPP);

        CrmMerge early = apply(null, won, ACME_OPP);
        assertThat(early.event()).as("no account yet").isEmpty();
        CrmMerge late = apply(early.state(), create, ACME_OPP);

        assertThat(Fixtures.tree(late.state().getFieldsJson())).isEqualTo(Fixtures.tree(inOrder.state().getFieldsJson()));
        CanonicalEvent event = late.event().orElseThrow();
        CrmOpportunity opportunity = (CrmOpportunity) event.getPayload();
        assertThat(opportunity.getClosedWon()).as("the later UPDATE's stage stands").isTrue();
        assertThat(opportunity.getAccountId()).isEqualTo(ACME);
        assertThat(opportunity.getAmountMinor()).isEqualTo(((CrmOpportunity) inOrder.event().orElseThrow().getPayload()).getAmountMinor());
        assertThat(event.getEventTime()).as("dated by its latest change").isEqualTo(inOrder.event().orElseThrow().getEventTime());
    }

    @Test
    void everyArrivalOrderOfARecordsChangesMergesToTheSameRecord() {
        List<String> changes = List.of(
                Fixtures.cdcEvent("Opportunity", "CREATE", ACME_OPP),
                update("Opportunity", ACME_OPP, 1768000000000L, 1020, "[\"Amount\"]", "[]", "\"Amount\":20000.0"),
                update("Opportunity", ACME_OPP, 1768100000000L, 1021, "[\"StageName\"]", "[]", "\"StageName\":\"Closed Won\""),
                update("Opportunity", ACME_OPP, 1768200000000L, 1022, "[\"Name\",\"Amount\"]", "[\"Amount\"]", "\"Name\":\"Acme - Renamed\""));
        String expected = null;
        for (List<String> order : permutations(changes)) {
            CrmRecordState state = null;
            for (String change : order) {
                state = apply(state, change, ACME_OPP).state();
            }
            String merged = state.getFieldsJson();
            if (expected == null) {
                expected = merged;
                assertThat(Fixtures.tree(merged).path("StageName").asText()).isEqualTo("Closed Won");
                assertThat(Fixtures.tree(merged).path("Name").asText()).isEqualTo("Acme - Renamed");
                assertThat(Fixtures.tree(merged).get("Amount").isNull()).as("nulled by the last change").isTrue();
            }
            // the same bytes, not only the same fields: the stored state does not depend on arrival order either
            assertThat(merged).as("merged from %s", order.stream().map(c -> c.contains("\"CREATE\"") ? "CREATE" : c.substring(c.indexOf("replayId") + 10, c.indexOf("replayId") + 14)).toList())
                    .isEqualTo(expected);
        }
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<String> rest = new java.util.ArrayList<>(items);
            String first = rest.remove(i);
            for (List<String> tail : permutations(rest)) {
                List<String> order = new java.util.ArrayList<>();
                order.add(first);
                order.addAll(tail);
                out.add(order);
            }
        }
        return out;
    }

    private static String update(String entity, String recordId, long commit, long replayId, String changed, String nulled, String fields) {
        return "{\"schema\":\"x\",\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"" + entity + "\",\"recordIds\":[\"" + recordId
                + "\"],\"changeType\":\"UPDATE\",\"transactionKey\":\"t\",\"sequenceNumber\":1,\"commitTimestamp\":" + commit
                + ",\"changedFields\":" + changed + ",\"nulledFields\":" + nulled + ",\"diffFields\":[]}"
                + (fields.isEmpty() ? "" : "," + fields) + "},\"event\":{\"replayId\":" + replayId + "}}";
    }
}
