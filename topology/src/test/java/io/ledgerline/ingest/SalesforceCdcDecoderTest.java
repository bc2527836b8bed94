package io.ledgerline.ingest;

import static io.ledgerline.ingest.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SalesforceCdcDecoderTest {

    private final SalesforceCdcDecoder decoder = new SalesforceCdcDecoder();

    private CdcChange accept(String json) {
        NormalizeResult<CdcChange> result = decoder.decode(bytes(json));
        assertThat(result).isInstanceOf(NormalizeResult.Accepted.class);
        return result.values().get(0);
    }

    private String reject(String json) {
        NormalizeResult<CdcChange> result = decoder.decode(bytes(json));
        assertThat(result).isInstanceOf(NormalizeResult.Rejected.class);
        return ((NormalizeResult.Rejected<CdcChange>) result).error();
    }

    @Test
    void everyFixtureLineDecodes() {
        List<String> lines = Fixtures.salesforce();
        assertThat(lines).hasSize(16);
        for (String line : lines) {
            CdcChange change = accept(line);
            assertThat(change.entityName()).isIn("Account", "Opportunity");
            assertThat(change.recordIds()).hasSize(1);
            assertThat(change.isGap()).isFalse();
            assertThat(change.fields().has("ChangeEventHeader")).isFalse();
        }
    }

    @Test
    void contractChangeEventDecodesLikeAnyRecord() {
        CdcChange change = accept(CpqChanges.contract().get(0));
        assertThat(change.entityName()).isEqualTo("Contract");
        assertThat(change.recordIds()).containsExactly(CpqChanges.CONTRACT);
        assertThat(change.changeType()).isEqualTo("CREATE");
        assertThat(change.replayId()).isEqualTo(5004L);
        assertThat(change.fields().path("SBQQ__Opportunity__c").asText()).isEqualTo(CpqChanges.NEW_BUSINESS);
        assertThat(change.fields().path("ContractTerm").asInt()).isEqualTo(12);

        CdcChange update = accept(CpqChanges.contract().get(1));
        assertThat(update.changedFields()).containsExactly("Status");
    }

    @Test
    void accountCreate() {
        CdcChange change = accept(Fixtures.cdcEvent("Account", "CREATE", "001C1AC32E5DD5537B"));
        assertThat(change.entityName()).isEqualTo("Account");
        assertThat(change.recordIds()).containsExactly("001C1AC32E5DD5537B");
        assertThat(change.changeType()).isEqualTo("CREATE");
        assertThat(change.changedFields()).isEmpty();
        assertThat(change.nulledFields()).isEmpty();
        assertThat(change.commitTimestamp()).isEqualTo(1767603600000L);
        assertThat(change.transactionKey()).isEqualTo("b7d63e73-306c-0000-0000-df2101e68362");
        assertThat(change.sequenceNumber()).isEqualTo(1);
        assertThat(change.replayId()).isEqualTo(1007L);
        assertThat(change.fields().path("Name").asText()).isEqualTo("Acme Corp");
        assertThat(change.fields().path("BillingCountry").asText()).isEqualTo("United States");
    }

    @Test
    void opportunityUpdateCarriesOnlyChangedFields() {
        CdcChange change = accept(Fixtures.cdcEvent("Opportunity", "UPDATE", "006E38CD89DD1E2713"));
        assertThat(change.changeType()).isEqualTo("UPDATE");
        assertThat(change.changedFields()).containsExactly("StageName", "LastModifiedDate");
        assertThat(change.replayId()).isEqualTo(1021L);
        assertThat(change.commitTimestamp()).isEqualTo(1768408200000L);
        assertThat(change.fields().size()).isEqualTo(2);
        assertThat(change.fields().path("StageName").asText()).isEqualTo("Closed Won");
        assertThat(change.fields().has("AccountId")).isFalse();
    }

    @Test
    void opportunityAmountIsReadAsAnExactDecimal() {
        CdcChange change = accept(Fixtures.cdcEvent("Opportunity", "CREATE", "006E38CD89DD1E2713"));
        assertThat(change.fields().get("Amount").isBigDecimal()).isTrue();
        assertThat(change.fields().get("Amount").decimalValue()).isEqualByComparingTo("13500.0");
    }

    @Test
    void gapEventWithSeveralRecordIdsAndNoFields() {
        CdcChange change = accept(gap("GAP_OVERFLOW", "[\"006A\",\"006B\",\"006C\"]"));
        assertThat(change.isGap()).isTrue();
        assertThat(change.recordIds()).containsExactly("006A", "006B", "006C");
        assertThat(change.fields().isEmpty()).isTrue();
        assertThat(accept(gap("GAP_UPDATE", "[\"006A\"]")).isGap()).isTrue();
    }

    @Test
    void replayIdAsDigitString() {
        String json = Fixtures.cdcEvent("Account", "CREATE", "001C1AC32E5DD5537B").replace("\"replayId\":1007", "\"replayId\":\"1007\"");
        assertThat(accept(json).replayId()).isEqualTo(1007L);
    }

    @Test
    void invalidRecordsAreRejectedWithWhatAndWhere() {
        assertThat(reject("{]")).startsWith("salesforce cdc event: not valid JSON");
        assertThat(reject("\"x\"")).isEqualTo("salesforce cdc event: expected a JSON object but got string \"x\"");
        assertThat(reject("{\"payload\":{}}")).isEqualTo("salesforce cdc event: payload.ChangeEventHeader missing");
        assertThat(reject(gap("MERGE", "[\"001A\"]")))
                .isEqualTo("salesforce cdc event (Opportunity): payload.ChangeEventHeader.changeType 'MERGE' is not a CDC change type");
        assertThat(reject(gap("GAP_UPDATE", "[]")))
                .isEqualTo("salesforce cdc event (Opportunity): payload.ChangeEventHeader.recordIds is empty");
        assertThat(reject(gap("GAP_UPDATE", "[\"006A\"]").replace(",\"event\":{\"replayId\":2001}", "")))
                .isEqualTo("salesforce cdc event (Opportunity): event missing");
        assertThat(reject(gap("GAP_UPDATE", "[\"006A\"]").replace("\"commitTimestamp\":1768408200000,", "")))
                .isEqualTo("salesforce cdc event (Opportunity): payload.ChangeEventHeader.commitTimestamp missing");
        assertThat(reject(gap("GAP_UPDATE", "[\"006A\"]").replace("\"replayId\":2001", "\"replayId\":\"abc\"")))
                .contains("event.replayId must be an integer");
    }

    static String gap(String changeType, String recordIds) {
        return "{\"schema\":\"x\",\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"Opportunity\",\"recordIds\":" + recordIds
                + ",\"changeType\":\"" + changeType + "\",\"transactionKey\":\"t-1\",\"sequenceNumber\":1,"
                + "\"commitTimestamp\":1768408200000,\"commitNumber\":1,\"commitUser\":\"005A\","
                + "\"changedFields\":[],\"nulledFields\":[],\"diffFields\":[]}},\"event\":{\"replayId\":2001}}";
    }
}
