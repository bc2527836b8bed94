package io.ledgerline.reconciliation;

import io.ledgerline.contract.CrmObjectType;

/** Keys and ids of what reconciliation writes, in one place so the topology, the API and the connectors agree. */
public final class ReconciliationKeys {

    /** The header a write-back record carries to say which Salesforce object it updates (Connect's HasHeaderKey). */
    public static final String OPPORTUNITY_HEADER = "ledgerline.writeback.opportunity";
    public static final String ACCOUNT_HEADER = "ledgerline.writeback.account";

    private ReconciliationKeys() {
    }

    /**
     * The key of an account's reconciliation in one currency on {@code q2c.reconciliation}: the account first, so the
     * records of one account sort together, and the currency, so compaction keeps the latest record of each.
     */
    public static String key(String accountId, String currency) {
        return accountId + ":" + currency;
    }

    public static String identityExceptionId(String accountId, String currency) {
        return "RECONCILIATION_IDENTITY:" + key(accountId, currency);
    }

    public static String writebackHeader(CrmObjectType type) {
        return type == CrmObjectType.Account ? ACCOUNT_HEADER : OPPORTUNITY_HEADER;
    }
}
