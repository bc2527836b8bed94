package io.ledgerline.names;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Names of every topic Ledgerline reads or writes. The names are part of the contract with connectors, the ERP and analysts. */
public final class Topics {

    public static final String RAW_CRM_CDC = "raw.crm.salesforce.cdc";
    public static final String RAW_BILLING_EVENTS = "raw.billing.stripe.events";
    public static final String RAW_ERP_MASTERDATA = "raw.erp.masterdata";
    public static final String RAW_ERP_POSTING_RESULTS = "raw.erp.posting-results";

    /** Canonical business events keyed by CRM account. */
    public static final String CANONICAL_EVENTS = "q2c.canonical.events";
    /** Salesforce CPQ Contract records, keyed by CRM account (a topic of their own: see CrmContract.avsc). */
    public static final String CANONICAL_CRM_CONTRACTS = "q2c.canonical.crm-contracts";
    /** Canonical master data, broadcast to every partition so each task holds a full copy. */
    public static final String CANONICAL_MASTERDATA = "q2c.canonical.masterdata";

    /** Control: the pipeline clock's ticks (end of input in `process`), one record per partition. */
    public static final String CONTROL_CLOCK = "q2c.control.clock";
    /** Control: operator actions on exceptions (replay, dismiss), keyed by the exception's account so its owner applies them. */
    public static final String CONTROL_COMMANDS = "q2c.control.commands";

    public static final String CONTRACTS = "q2c.contracts";
    /** Revenue recognition schedule of every ratable invoice line, on every change. */
    public static final String REVENUE_SCHEDULES = "q2c.revenue-schedules";
    public static final String EXCEPTIONS = "q2c.exceptions";
    public static final String DEADLETTER = "q2c.deadletter";
    public static final String ALERTS_WORKFLOW = "q2c.alerts.workflow";
    public static final String ALERTS_LAG = "q2c.alerts.lag";
    /**
     * Booked, billed, collected, recognized, deferred, AR and posted amounts per account and currency, compacted, keyed
     * by {@code <accountId>:<currency>} (see {@code io.ledgerline.reconciliation.ReconciliationKeys}).
     */
    public static final String RECONCILIATION = "q2c.reconciliation";
    /** Billing status per Salesforce Opportunity and Account for the CRM's sink connector, keyed by Salesforce record id. */
    public static final String CRM_WRITEBACK = "crm.writeback";

    public static final String JOURNAL_PREFIX = "erp.journal.";
    /** Regex of every journal topic, as connectors and the GL-interface feed subscribe to them. */
    public static final String JOURNAL_PATTERN = "erp\\.journal\\..+";

    /**
     * The journal flattened into GL-interface rows for a JDBC sink (Connect JSON with schema, see
     * {@code io.ledgerline.glinterface.GlInterfaceRows}), written by {@code ledgerline gl-feed}, not by the topology:
     * one header record per entry keyed by entry id, and one line record per journal line keyed by
     * {@code <entryId>/<lineNo>}.
     */
    public static final String GL_INTERFACE_HEADERS = "erp.gl-interface.headers";
    public static final String GL_INTERFACE_LINES = "erp.gl-interface.lines";
    /**
     * Kafka Connect's dead-letter queue (errors.deadletterqueue.topic.name) for records a connector could not convert
     * or transform: the original bytes with the error in headers. Not {@link #DEADLETTER}, whose values are Avro.
     */
    public static final String CONNECT_DEADLETTER = "q2c.connect.deadletter";
    /** The licence topic that Confluent's own connectors (the Salesforce CDC source) require on the Connect cluster. */
    public static final String CONFLUENT_COMMAND = "_confluent-command";

    /**
     * The largest record Ledgerline writes or accepts on any of its topics: 8 MiB, against Kafka's 1 MiB default. A
     * Stripe invoice with all its lines expanded or a wide CRM record can pass 1 MiB, and a dead letter carries the
     * original bytes plus the error. Producers ({@code max.request.size}), topics ({@code max.message.bytes}) and
     * internal topics of Kafka Streams use this one figure; larger originals are kept as a prefix with their length
     * and SHA-256 (see {@code io.ledgerline.errors.DeadLetters}).
     */
    public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    /**
     * Settings every Ledgerline topic needs. Records carry business time as their timestamp (an invoice dated last
     * January), so the broker's time-based retention would delete them as soon as they are written, and a business time
     * ahead of the wall clock (a future-dated document) must not be refused (since Kafka 4.0 the broker refuses
     * timestamps more than 1 h ahead by default, which would fail the whole task); and records up to
     * {@link #MAX_RECORD_BYTES} must fit.
     */
    public static final java.util.Map<String, String> REQUIRED_TOPIC_CONFIG = java.util.Map.of(
            "retention.ms", "-1",
            "message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE),
            "max.message.bytes", Integer.toString(MAX_RECORD_BYTES));

    private Topics() {
    }

    /** The journal topic of one ERP, e.g. {@code erp.journal.netsuite}. */
    public static String journal(String erp) {
        if (erp == null || erp.isBlank()) {
            throw new IllegalArgumentException("an ERP name is required to route a journal entry");
        }
        return JOURNAL_PREFIX + erp.trim().toLowerCase(Locale.ROOT);
    }

    public static List<String> rawInputs() {
        return List.of(RAW_CRM_CDC, RAW_BILLING_EVENTS, RAW_ERP_MASTERDATA, RAW_ERP_POSTING_RESULTS);
    }

    public static List<String> canonical() {
        return List.of(CANONICAL_EVENTS, CANONICAL_CRM_CONTRACTS, CANONICAL_MASTERDATA, CONTROL_CLOCK, CONTROL_COMMANDS);
    }

    public static List<String> fixedOutputs() {
        return List.of(CONTRACTS, REVENUE_SCHEDULES, EXCEPTIONS, DEADLETTER, ALERTS_WORKFLOW, ALERTS_LAG, RECONCILIATION, CRM_WRITEBACK);
    }

    /** The topics of the GL-interface feed (not part of {@link #all}: the topology does not write them). */
    public static List<String> glInterface() {
        return List.of(GL_INTERFACE_HEADERS, GL_INTERFACE_LINES);
    }

    /** Topics of the Kafka Connect deployment that carry records (not Connect's own config/offset/status topics). */
    public static List<String> connect() {
        return List.of(CONNECT_DEADLETTER, CONFLUENT_COMMAND);
    }

    /** Every user topic the application needs, given the ERPs that legal entities post to. */
    public static List<String> all(Collection<String> erps) {
        return Stream.of(rawInputs().stream(), canonical().stream(), fixedOutputs().stream(),
                        erps.stream().map(Topics::journal))
                .flatMap(s -> s)
                .distinct()
                .toList();
    }
}
