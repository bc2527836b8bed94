package io.ledgerline.topology;

import io.ledgerline.names.Topics;
import io.ledgerline.names.Stores;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.ClockTick;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.canonical.JournalEntryLink;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.CrmWriteback;
import io.ledgerline.contract.Reconciliation;
import io.ledgerline.contract.RevenueSchedule;
import io.ledgerline.contract.TransactionTimeline;
import io.ledgerline.core.AccountLedgerProcessor;
import io.ledgerline.crm.CrmRecordProcessor;
import io.ledgerline.identity.CrosswalkLink;
import io.ledgerline.identity.IdentityLevel;
import io.ledgerline.identity.IdentityResolver;
import io.ledgerline.ingest.CdcChange;
import io.ledgerline.ingest.Decoded;
import io.ledgerline.ingest.ErpMasterDataNormalizer;
import io.ledgerline.ingest.PostingResultNormalizer;
import io.ledgerline.ingest.RawDecodeProcessor;
import io.ledgerline.ingest.SalesforceCdcDecoder;
import io.ledgerline.ingest.StripeEventNormalizer;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.DeadLetter;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlert;
import io.ledgerline.state.AlertCondition;
import io.ledgerline.serdes.SerdeCatalog;
import io.ledgerline.state.CrmRecordState;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.ParkedEvent;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Wires the whole data path in one place. Reading top to bottom:
 * <ol>
 *   <li><b>ingest</b>: raw connector records are decoded into canonical events; undecodable ones become dead letters;</li>
 *   <li><b>CRM state</b>: Salesforce CDC deltas are merged into full records, keyed by account (CPQ Contracts on a
 *       topic of their own);</li>
 *   <li><b>identity</b>: billing events climb refund → payment intent → invoice → customer → account;</li>
 *   <li><b>master data</b>: broadcast to every partition of the core, a customer crosswalk to its account's only;</li>
 *   <li><b>core</b>: the account-keyed ledger books journal entries, keeps contract state, parks what it cannot book;</li>
 *   <li><b>outputs</b>: journal entries routed to their ERP's topic, contracts, exceptions, workflow alerts, the
 *       reconciliation per account and currency and the billing status written back to the CRM (both computed by the
 *       core from the contract state it just saved: no hop of their own);</li>
 *   <li><b>ERP loop</b>: posting results climb to their entry's account (links from the core) and re-enter the core.</li>
 * </ol>
 */
public final class LedgerlineTopology {

    private static final Serde<String> KEYS = Serdes.String();

    private final TopologySettings settings;
    private final SerdeCatalog serdes;

    public LedgerlineTopology(TopologySettings settings) {
        this.settings = settings;
        this.serdes = new SerdeCatalog(settings.serdeConfig());
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<CanonicalEvent> events = serdes.avro(CanonicalEvent.class);
        Serde<MasterDataRecord> masterRecords = serdes.avro(MasterDataRecord.class);
        Serde<CrmContract> crmContracts = serdes.avro(CrmContract.class);

        // ---- ingest ----------------------------------------------------------------------------------------
        SalesforceCdcDecoder cdcDecoder = new SalesforceCdcDecoder();
        KStream<String, Decoded.Valid<CdcChange>> cdc = validOrDeadLetter(raw(builder, Topics.RAW_CRM_CDC)
                .process(() -> new RawDecodeProcessor<CdcChange>("salesforce-cdc", cdcDecoder::decode,
                        CdcChange::entityName, CdcChange::commitTimestamp, settings.metrics()), Named.as("decode-salesforce-cdc")), "salesforce-cdc");

        StripeEventNormalizer stripe = new StripeEventNormalizer();
        KStream<String, CanonicalEvent> billing = validOrDeadLetter(raw(builder, Topics.RAW_BILLING_EVENTS)
                .process(() -> new RawDecodeProcessor<CanonicalEvent>("stripe-events", stripe::normalize,
                        CanonicalEvent::getEventId, e -> e.getEventTime().toEpochMilli(), settings.metrics()), Named.as("decode-stripe-events")), "stripe-events")
                .mapValues(Decoded.Valid::value, Named.as("stripe-canonical-events"));

        ErpMasterDataNormalizer erp = new ErpMasterDataNormalizer();
        KStream<String, MasterDataRecord> masterData = validOrDeadLetter(raw(builder, Topics.RAW_ERP_MASTERDATA)
                .process(() -> new RawDecodeProcessor<MasterDataRecord>("erp-masterdata", erp::normalize,
                        MasterDataRecord::getKey, null, settings.metrics()), Named.as("decode-erp-masterdata")), "erp-masterdata")
                .mapValues(Decoded.Valid::value, Named.as("erp-masterdata-records"));

        PostingResultNormalizer postingResults = new PostingResultNormalizer();
        KStream<String, CanonicalEvent> erpResults = validOrDeadLetter(raw(builder, Topics.RAW_ERP_POSTING_RESULTS)
                .process(() -> new RawDecodeProcessor<CanonicalEvent>("erp-posting-results", postingResults::normalize,
                        CanonicalEvent::getEventId, e -> e.getEventTime().toEpochMilli(), settings.metrics()), Named.as("decode-erp-posting-results")), "erp-posting-results")
                .mapValues(Decoded.Valid::value, Named.as("erp-posting-result-events"));

        // ---- CRM state: one record's deltas in one place, in order ------------------------------------------
        builder.addStateStore(keyValueStore(Stores.CRM_RECORDS, serdes.avro(CrmRecordState.class)));
        cdc.flatMap((entity, change) -> change.value().recordIds().stream()
                        .map(id -> KeyValue.pair(id, change.raw())).toList(), Named.as("key-cdc-by-record-id"))
                .repartition(Repartitioned.with(KEYS, Serdes.ByteArray()).withName("crm-records-by-id"))
                .process(CrmRecordProcessor::new, Named.as("merge-crm-records"), Stores.CRM_RECORDS)
                .split(Named.as("crm-output-"))
                .branch((k, v) -> v instanceof CanonicalEvent, Branched.withConsumer(s -> s
                        .mapValues(v -> (CanonicalEvent) v, Named.as("as-crm-canonical-event"))
                        .to(Topics.CANONICAL_EVENTS, Produced.with(KEYS, events).withName("canonical-crm-events")), "event"))
                .branch((k, v) -> v instanceof CrmContract, Branched.withConsumer(s -> s
                        .mapValues(v -> (CrmContract) v, Named.as("as-crm-contract"))
                        .to(Topics.CANONICAL_CRM_CONTRACTS, Produced.with(KEYS, crmContracts).withName("canonical-crm-contracts")), "contract"))
                .noDefaultBranch();

        // ---- identity: billing events to their account ------------------------------------------------------
        Map<String, KStream<String, CanonicalEvent>> byEntry = billing.split(Named.as("identity-entry-"))
                .branch((k, e) -> IdentityLevel.entryOf(e) == IdentityLevel.PAYMENT_INTENT, Branched.as("payment-intent"))
                .branch((k, e) -> IdentityLevel.entryOf(e) == IdentityLevel.INVOICE, Branched.as("invoice"))
                .defaultBranch(Branched.as("customer"));
        KStream<String, CanonicalEvent> crosswalkLinks = masterData.processValues(CrosswalkLink::new, Named.as("crosswalk-links"));

        KStream<String, ClockTick> ticks = builder.stream(Topics.CONTROL_CLOCK,
                Consumed.with(KEYS, serdes.avro(ClockTick.class)).withName("clock-ticks"));
        KStream<String, OperatorCommand> commands = builder.stream(Topics.CONTROL_COMMANDS,
                Consumed.with(KEYS, serdes.avro(OperatorCommand.class)).withName("operator-commands"));
        KStream<String, CanonicalEvent> toInvoiceLevel = resolve(builder, IdentityLevel.PAYMENT_INTENT,
                enter(byEntry.get("identity-entry-payment-intent"), IdentityLevel.PAYMENT_INTENT), null, ticks, commands, events);
        KStream<String, CanonicalEvent> toCustomerLevel = resolve(builder, IdentityLevel.INVOICE,
                enter(byEntry.get("identity-entry-invoice"), IdentityLevel.INVOICE)
                        .merge(toInvoiceLevel, Named.as("merge-into-invoice-level")), null, ticks, commands, events);
        resolve(builder, IdentityLevel.CUSTOMER,
                enter(byEntry.get("identity-entry-customer").merge(crosswalkLinks, Named.as("merge-crosswalk-links")), IdentityLevel.CUSTOMER)
                        .merge(toCustomerLevel, Named.as("merge-into-customer-level")), null, ticks, commands, events)
                .to(Topics.CANONICAL_EVENTS, Produced.with(KEYS, events).withName("canonical-billing-events"));

        // ---- master data: reference data in every partition of the core, a crosswalk with its account -----------
        masterData.to(Topics.CANONICAL_MASTERDATA, Produced.with(KEYS, masterRecords)
                .withStreamPartitioner(new MasterDataPartitioner()).withName("masterdata-to-the-core"));

        // ---- core: the account-keyed ledger ------------------------------------------------------------------
        List.of(
                keyValueStore(Stores.MASTER_DATA, masterRecords),
                keyValueStore(Stores.PROCESSED_EVENTS, Serdes.String()),
                keyValueStore(Stores.PARKED_EVENTS, serdes.avro(ParkedEvent.class)),
                keyValueStore(Stores.INVOICES, serdes.avro(InvoiceLedgerState.class)),
                keyValueStore(Stores.CONTRACTS, serdes.avro(ContractState.class)),
                keyValueStore(Stores.PAYMENT_INTENTS, Serdes.String()),
                keyValueStore(Stores.TRANSACTIONS, serdes.avro(TransactionTimeline.class)),
                keyValueStore(Stores.EXCEPTIONS, serdes.avro(PipelineException.class)),
                keyValueStore(Stores.LEDGER_ALERTS, serdes.avro(AlertCondition.class))
        ).forEach(builder::addStateStore);
        KStream<String, SpecificRecord> ledgerInput = builder
                .stream(Topics.CANONICAL_EVENTS, Consumed.with(KEYS, events).withName("canonical-events"))
                .mapValues(e -> (SpecificRecord) e, Named.as("as-ledger-input-event"))
                .merge(builder.stream(Topics.CANONICAL_MASTERDATA, Consumed.with(KEYS, masterRecords).withName("canonical-masterdata"))
                        .mapValues(m -> (SpecificRecord) m, Named.as("as-ledger-input-masterdata")), Named.as("ledger-input"))
                .merge(builder.stream(Topics.CANONICAL_CRM_CONTRACTS, Consumed.with(KEYS, crmContracts).withName("canonical-crm-contract-states"))
                        .mapValues(c -> (SpecificRecord) c, Named.as("as-ledger-input-crm-contract")), Named.as("ledger-input-with-crm-contracts"))
                .merge(ticks.mapValues(t -> (SpecificRecord) t, Named.as("as-ledger-input-tick")), Named.as("ledger-input-with-clock"))
                .merge(commands.filter((k, c) -> IdentityLevel.ofWait(c.getWaitingFor()).isEmpty(), Named.as("commands-for-the-ledger"))
                        .mapValues(c -> (SpecificRecord) c, Named.as("as-ledger-input-command")), Named.as("ledger-input-with-commands"));
        KStream<String, SpecificRecord> ledgerOutput = ledgerInput.process(
                () -> new AccountLedgerProcessor(settings.clock(), settings.recognitionInterval(), settings.waitGrace(),
                        settings.alertThresholds(), settings.metrics()),
                Named.as("account-ledger"), Stores.MASTER_DATA, Stores.PROCESSED_EVENTS, Stores.PARKED_EVENTS, Stores.INVOICES,
                Stores.CONTRACTS, Stores.PAYMENT_INTENTS, Stores.TRANSACTIONS, Stores.EXCEPTIONS, Stores.LEDGER_ALERTS);

        // ---- outputs -----------------------------------------------------------------------------------------
        Map<String, KStream<String, SpecificRecord>> outputs = ledgerOutput.split(Named.as("ledger-output-"))
                .branch((k, v) -> v instanceof JournalEntry, Branched.as("journal"))
                .branch((k, v) -> v instanceof ContractState, Branched.as("contract"))
                .branch((k, v) -> v instanceof PipelineException, Branched.as("exception"))
                .branch((k, v) -> v instanceof RevenueSchedule, Branched.as("schedule"))
                .branch((k, v) -> v instanceof WorkflowAlert, Branched.as("alert"))
                .branch((k, v) -> v instanceof JournalEntryLink, Branched.as("entry-link"))
                .branch((k, v) -> v instanceof Reconciliation, Branched.as("reconciliation"))
                .branch((k, v) -> v instanceof CrmWriteback, Branched.as("writeback"))
                .branch((k, v) -> v instanceof ClockTick, Branched.as("recognition-rest"))
                .noDefaultBranch();
        outputs.get("ledger-output-journal")
                .mapValues(v -> (JournalEntry) v, Named.as("as-journal-entry"))
                .to((key, entry, ctx) -> Topics.journal(entry.getErp()),
                        Produced.with(KEYS, serdes.avro(JournalEntry.class)).withName("journal-by-erp"));
        outputs.get("ledger-output-contract")
                .mapValues(v -> (ContractState) v, Named.as("as-contract-state"))
                .to(Topics.CONTRACTS, Produced.with(KEYS, serdes.avro(ContractState.class)).withName("contracts"));
        outputs.get("ledger-output-schedule")
                .mapValues(v -> (RevenueSchedule) v, Named.as("as-revenue-schedule"))
                .to(Topics.REVENUE_SCHEDULES, Produced.with(KEYS, serdes.avro(RevenueSchedule.class)).withName("revenue-schedules"));
        outputs.get("ledger-output-exception")
                .mapValues(v -> (PipelineException) v, Named.as("as-pipeline-exception"))
                .to(Topics.EXCEPTIONS, Produced.with(KEYS, serdes.avro(PipelineException.class)).withName("exceptions"));
        workflowAlerts(outputs.get("ledger-output-alert"), "ledger");
        outputs.get("ledger-output-reconciliation")
                .mapValues(v -> (Reconciliation) v, Named.as("as-reconciliation"))
                .to(Topics.RECONCILIATION, Produced.with(KEYS, serdes.avro(Reconciliation.class)).withName("reconciliation"));
        outputs.get("ledger-output-writeback")
                .mapValues(v -> (CrmWriteback) v, Named.as("as-crm-writeback"))
                .to(Topics.CRM_WRITEBACK, Produced.with(KEYS, serdes.avro(CrmWriteback.class)).withName("crm-writeback"));

        // a tick's recognition left for its next slice: back to the clock partition of the task it is for
        outputs.get("ledger-output-recognition-rest")
                .mapValues(v -> (ClockTick) v, Named.as("as-recognition-rest"))
                .to(Topics.CONTROL_CLOCK, Produced.with(KEYS, serdes.avro(ClockTick.class))
                        .withStreamPartitioner(new ResumePartitioner()).withName("recognition-rest-to-its-partition"));

        // ---- the ERP's posting results: to the account of the entry they name, then back into the core -------------
        KStream<String, SpecificRecord> entryLinks = outputs.get("ledger-output-entry-link")
                .mapValues(v -> (JournalEntryLink) v, Named.as("as-journal-entry-link"))
                .repartition(Repartitioned.with(KEYS, serdes.avro(JournalEntryLink.class)).withName("journal-entry-links"))
                .mapValues(l -> (SpecificRecord) l, Named.as("as-identity-input-link-journal-entry"));
        resolve(builder, IdentityLevel.JOURNAL_ENTRY, enter(erpResults, IdentityLevel.JOURNAL_ENTRY), entryLinks, ticks, commands, events)
                .to(Topics.CANONICAL_EVENTS, Produced.with(KEYS, events).withName("canonical-erp-posting-results"));

        return builder.build();
    }

    private static KStream<byte[], byte[]> raw(StreamsBuilder builder, String topic) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-" + topic));
    }

    /** Sends dead letters of a decode step to the dead-letter topic and returns its valid values. */
    private <V> KStream<String, Decoded.Valid<V>> validOrDeadLetter(KStream<String, Decoded<V>> decoded, String stage) {
        decoded.filter((k, d) -> d instanceof Decoded.Dead<V>, Named.as("dead-letters-of-" + stage))
                .mapValues(d -> ((Decoded.Dead<V>) d).letter(), Named.as("dead-letter-records-of-" + stage))
                .to(Topics.DEADLETTER, Produced.with(KEYS, serdes.avro(DeadLetter.class)).withName("deadletter-" + stage));
        return decoded.filter((k, d) -> d instanceof Decoded.Valid<V>, Named.as("valid-" + stage))
                .mapValues(d -> (Decoded.Valid<V>) d, Named.as("values-of-" + stage));
    }

    /** Billing events entering identity resolution at a level: keyed by their own id at that level. */
    private static KStream<String, CanonicalEvent> enter(KStream<String, CanonicalEvent> events, IdentityLevel level) {
        return events.selectKey((k, e) -> level.keyOf(e), Named.as("enter-at-" + level.label()));
    }

    /**
     * One level of identity resolution; the input is keyed by the id at this level, the output by the next level's.
     * The pipeline clock's ticks reach every partition of the level, so waits there expire like the core's; the
     * level's exceptions go to the exception topic.
     */
    private KStream<String, CanonicalEvent> resolve(StreamsBuilder builder, IdentityLevel level, KStream<String, CanonicalEvent> input,
                                                    KStream<String, SpecificRecord> links, KStream<String, ClockTick> ticks,
                                                    KStream<String, OperatorCommand> commands, Serde<CanonicalEvent> events) {
        String label = level.label();
        builder.addStateStore(keyValueStore(Stores.identityLinks(label), Serdes.String()));
        builder.addStateStore(keyValueStore(Stores.identityParked(label), serdes.avro(ParkedEvent.class)));
        builder.addStateStore(keyValueStore(Stores.identityExceptions(label), serdes.avro(PipelineException.class)));
        builder.addStateStore(keyValueStore(Stores.identityAlerts(label), serdes.avro(AlertCondition.class)));
        KStream<String, SpecificRecord> levelTicks = ticks
                // the ledger's own resumptions of a tick's recognition are not ticks of the clock
                .filter((k, t) -> t.getResume() == null, Named.as("clock-ticks-for-identity-" + label))
                // a repartition drops records without a key; the broadcast partitioner ignores it anyway
                .selectKey((k, t) -> Topics.CONTROL_CLOCK, Named.as("key-clock-for-identity-" + label))
                .repartition(Repartitioned.with(KEYS, serdes.avro(ClockTick.class)).withName("clock-for-identity-" + label)
                        .withStreamPartitioner(new BroadcastPartitioner<>()))
                .mapValues(t -> (SpecificRecord) t, Named.as("as-identity-input-tick-" + label));
        // an operator's command on an exception of this level goes to the partition of the id it waits on
        KStream<String, SpecificRecord> levelCommands = commands
                .filter((k, c) -> IdentityLevel.ofWait(c.getWaitingFor()).filter(level::equals).isPresent(),
                        Named.as("commands-for-identity-" + label))
                .selectKey((k, c) -> IdentityLevel.idOfWait(c.getWaitingFor()), Named.as("key-command-by-" + label))
                .repartition(Repartitioned.with(KEYS, serdes.avro(OperatorCommand.class)).withName("commands-for-identity-" + label))
                .mapValues(c -> (SpecificRecord) c, Named.as("as-identity-input-command-" + label));
        KStream<String, SpecificRecord> levelInput = input.repartition(Repartitioned.with(KEYS, events).withName("identity-by-" + label))
                .mapValues(e -> (SpecificRecord) e, Named.as("as-identity-input-event-" + label))
                .merge(levelTicks, Named.as("identity-input-" + label))
                .merge(levelCommands, Named.as("identity-input-with-commands-" + label));
        if (links != null) {
            levelInput = levelInput.merge(links, Named.as("identity-input-with-links-" + label));
        }
        KStream<String, SpecificRecord> resolved = levelInput
                .process(() -> new IdentityResolver(level, settings.clock(), settings.recognitionInterval(), settings.waitGrace(),
                                settings.alertThresholds(), settings.metrics()),
                        Named.as("resolve-" + label), Stores.identityLinks(label), Stores.identityParked(label),
                        Stores.identityExceptions(label), Stores.identityAlerts(label));
        workflowAlerts(resolved, "identity-" + label);
        resolved.filter((k, v) -> v instanceof PipelineException, Named.as("identity-exceptions-of-" + label))
                .mapValues(v -> (PipelineException) v, Named.as("as-identity-exception-" + label))
                .to(Topics.EXCEPTIONS, Produced.with(KEYS, serdes.avro(PipelineException.class)).withName("exceptions-of-identity-" + label));
        return resolved.filter((k, v) -> v instanceof CanonicalEvent, Named.as("identity-resolved-" + label))
                .mapValues(v -> (CanonicalEvent) v, Named.as("as-resolved-event-" + label));
    }

    /** The workflow alerts a processor raised, to their topic (keyed by alert id, so it compacts to each alert's state). */
    private void workflowAlerts(KStream<String, SpecificRecord> output, String stage) {
        output.filter((k, v) -> v instanceof WorkflowAlert, Named.as("workflow-alerts-of-" + stage))
                .mapValues(v -> (WorkflowAlert) v, Named.as("as-workflow-alert-" + stage))
                .to(Topics.ALERTS_WORKFLOW, Produced.with(KEYS, serdes.avro(WorkflowAlert.class)).withName("workflow-alerts-" + stage));
    }

    private <V> StoreBuilder<?> keyValueStore(String name, Serde<V> valueSerde) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(settings.inMemoryStores()
                ? org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(name)
                : org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), KEYS, valueSerde)
                .withCachingEnabled();
    }
}
