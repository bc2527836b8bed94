package io.ledgerline.ingest;

import java.time.Instant;
import java.util.List;

/**
 * Salesforce CDC lines of one CPQ customer, shaped as the connector writes them: new business, the Contract it
 * creates, an upgrade that amends the contract and a renewal of it. Each record's changes are listed in commit order.
 */
public final class CpqChanges {

    public static final String ACCOUNT = "001CPQ00000000001A";
    public static final String NEW_BUSINESS = "006CPQ00000000001A";
    public static final String UPGRADE = "006CPQ00000000002A";
    public static final String RENEWAL = "006CPQ00000000003A";
    public static final String CONTRACT = "800CPQ00000000001A";

    private CpqChanges() {
    }

    public static List<String> account() {
        return List.of(create("Account", ACCOUNT, "2026-01-02T09:00:00Z", 5001,
                "\"Name\":\"Harbor Systems\",\"BillingCountry\":\"United States\",\"Type\":\"Customer\""));
    }

    public static List<String> newBusiness() {
        return List.of(
                create("Opportunity", NEW_BUSINESS, "2026-01-05T10:00:00Z", 5002, "\"Name\":\"Harbor - Platform\",\"AccountId\":\""
                        + ACCOUNT + "\",\"StageName\":\"Prospecting\",\"Amount\":12000.0,\"CurrencyIsoCode\":\"USD\","
                        + "\"CloseDate\":\"2026-01-15\",\"Type\":\"New Business\""),
                update("Opportunity", NEW_BUSINESS, "2026-01-15T12:00:00Z", 5003, "\"StageName\":\"Closed Won\""));
    }

    /** The contract's fields as created: no EndDate, only the term. */
    public static final String CONTRACT_FIELDS = "\"AccountId\":\"" + ACCOUNT + "\",\"SBQQ__Opportunity__c\":\"" + NEW_BUSINESS
            + "\",\"ContractNumber\":\"00000101\",\"Status\":\"Draft\",\"StartDate\":\"2026-02-01\",\"ContractTerm\":12";

    /** CPQ contracts the won opportunity, then activates the contract. */
    public static List<String> contract() {
        return List.of(
                create("Contract", CONTRACT, "2026-01-16T08:00:00Z", 5004, CONTRACT_FIELDS),
                update("Contract", CONTRACT, "2026-01-20T08:00:00Z", 5005, "\"Status\":\"Activated\""));
    }

    /** An upgrade: its Amount is the change in contract value. */
    public static List<String> upgrade() {
        return List.of(
                create("Opportunity", UPGRADE, "2026-05-01T10:00:00Z", 5006, "\"Name\":\"Harbor - more seats\",\"AccountId\":\""
                        + ACCOUNT + "\",\"StageName\":\"Negotiation\",\"Amount\":3000.0,\"CurrencyIsoCode\":\"USD\","
                        + "\"CloseDate\":\"2026-05-10\",\"Type\":\"Existing Customer - Upgrade\",\"SBQQ__AmendedContract__c\":\""
                        + CONTRACT + "\""),
                update("Opportunity", UPGRADE, "2026-05-10T15:00:00Z", 5007, "\"StageName\":\"Closed Won\""));
    }

    public static List<String> renewal() {
        return List.of(
                create("Opportunity", RENEWAL, "2026-11-02T10:00:00Z", 5008, "\"Name\":\"Harbor - renewal 2027\",\"AccountId\":\""
                        + ACCOUNT + "\",\"StageName\":\"Prospecting\",\"Amount\":15000.0,\"CurrencyIsoCode\":\"USD\","
                        + "\"CloseDate\":\"2026-12-20\",\"Type\":\"Renewal\",\"SBQQ__RenewedContract__c\":\"" + CONTRACT + "\""),
                update("Opportunity", RENEWAL, "2026-12-20T16:00:00Z", 5009, "\"StageName\":\"Closed Won\""));
    }

    public static String create(String entity, String recordId, String committedAt, long replayId, String fields) {
        return change(entity, recordId, "CREATE", committedAt, replayId, "[]", fields);
    }

    /** An UPDATE carrying only the given fields, each named in changedFields. */
    public static String update(String entity, String recordId, String committedAt, long replayId, String fields) {
        String changed = fields.replaceAll("\"([A-Za-z_]+)\":(\"[^\"]*\"|[^,]+)", "\"$1\"");
        return change(entity, recordId, "UPDATE", committedAt, replayId, "[" + changed + "]", fields);
    }

    /** A GAP_UPDATE: the record changed, but the event carries no field values. */
    public static String gap(String entity, String recordId, String committedAt, long replayId) {
        return change(entity, recordId, "GAP_UPDATE", committedAt, replayId, "[]", "");
    }

    private static String change(String entity, String recordId, String changeType, String committedAt, long replayId,
                                 String changedFields, String fields) {
        return "{\"schema\":\"cpq\",\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"" + entity + "\",\"recordIds\":[\""
                + recordId + "\"],\"changeType\":\"" + changeType + "\",\"changeOrigin\":\"com/salesforce/api/soap/62.0\","
                + "\"transactionKey\":\"tx-" + replayId + "\",\"sequenceNumber\":1,\"commitTimestamp\":"
                + Instant.parse(committedAt).toEpochMilli() + ",\"commitNumber\":" + replayId + ",\"commitUser\":\"005A\","
                + "\"changedFields\":" + changedFields + ",\"nulledFields\":[],\"diffFields\":[]}"
                + (fields.isEmpty() ? "" : "," + fields) + "},\"event\":{\"replayId\":" + replayId + "}}";
    }
}
