package io.ledgerline.names;

/** Names of every state store. Public so tests and the query layer name the same stores as the topology. */
public final class Stores {

    /** Salesforce record state materialized from CDC deltas, by record id. */
    public static final String CRM_RECORDS = "crm-record-state";

    /** Identity links (child reference to parent reference) and events parked until their link arrives, per level. */
    public static String identityLinks(String level) {
        return "identity-links-" + level;
    }

    public static String identityParked(String level) {
        return "identity-parked-" + level;
    }

    /** Per-task copy of the ERP master data (it is broadcast to every partition). */
    public static final String MASTER_DATA = "ledger-masterdata";
    /** Source event ids already processed, for deduplication of at-least-once deliveries. */
    public static final String PROCESSED_EVENTS = "ledger-processed-events";
    /** Events waiting for master data, their invoice or their subscription. */
    public static final String PARKED_EVENTS = "ledger-parked-events";
    /** Booked invoices: the entry, the rate and what has been settled. */
    public static final String INVOICES = "ledger-invoices";
    /** Timeline of each quote-to-cash transaction by correlation id, the source of GET /transactions/{id}. */
    public static final String TRANSACTIONS = "ledger-transactions";
    /** Payment intent to invoice, so refunds find what they refund. */
    public static final String PAYMENT_INTENTS = "ledger-payment-intents";
    /** The exception queue of the core: the latest record of every exception, by exception id. */
    public static final String EXCEPTIONS = "ledger-exceptions";

    /** The exceptions of one identity level (events whose account is not known yet), by exception id. */
    public static String identityExceptions(String level) {
        return "identity-exceptions-" + level;
    }

    /** Every store that holds exceptions, for queries across the whole queue. */
    public static java.util.List<String> exceptionStores() {
        return java.util.List.of(EXCEPTIONS, identityExceptions("payment-intent"), identityExceptions("invoice"), identityExceptions("customer"),
                identityExceptions("journal-entry"));
    }

    /** The workflow conditions the core watches (orders, waits, postings), by alert id. */
    public static final String LEDGER_ALERTS = "ledger-workflow-alerts";

    /** Every store that holds workflow conditions, for close readiness across the whole pipeline. */
    public static java.util.List<String> alertStores() {
        return java.util.List.of(LEDGER_ALERTS, identityAlerts("payment-intent"), identityAlerts("invoice"), identityAlerts("customer"),
                identityAlerts("journal-entry"));
    }

    /** The workflow conditions one identity level watches (its waits), by alert id. */
    public static String identityAlerts(String level) {
        return "identity-workflow-alerts-" + level;
    }

    /** Enriched contract state per account, the source of q2c.contracts and GET /accounts/{id}. */
    public static final String CONTRACTS = "ledger-contracts";

    private Stores() {
    }
}
