package io.ledgerline.core;

import io.ledgerline.alerts.AlertThresholds;
import io.ledgerline.alerts.OrderAlerts;
import io.ledgerline.alerts.WaitAlerts;
import io.ledgerline.alerts.WorkflowAlerts;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.ClockTick;
import io.ledgerline.canonical.RecognitionCursor;
import io.ledgerline.names.Topics;
import io.ledgerline.posting.EntryIds;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.JournalEntryLink;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.canonical.PostingResult;
import io.ledgerline.canonical.PostingStatus;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.contract.RevenueSchedule;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ledger.Ledger;
import io.ledgerline.ledger.LedgerBook;
import io.ledgerline.ledger.LedgerResult;
import io.ledgerline.ledger.TimelineStep;
import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.metrics.DecodedAt;
import io.ledgerline.metrics.InputOutcomes;
import io.ledgerline.names.Stores;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlert;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.contract.CrmWriteback;
import io.ledgerline.reconciliation.Drifts;
import io.ledgerline.reconciliation.Publication;
import io.ledgerline.reconciliation.ReconciliationFigures;
import io.ledgerline.reconciliation.ReconciliationKeys;
import io.ledgerline.serde.LogicalTypeModel;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.ParkedEvent;
import io.ledgerline.waits.EventFingerprint;
import io.ledgerline.waits.ExceptionQueue;
import io.ledgerline.waits.WaitGrace;
import io.ledgerline.waits.QueueMetrics;
import io.ledgerline.waits.Reason;
import io.ledgerline.waits.WaitKey;
import io.ledgerline.waits.WaitKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account-keyed core, as a thin shell around the {@link Ledger}: it receives canonical events and CPQ Contract
 * records of the accounts of its partition, every master-data record (broadcast), the pipeline clock's ticks and
 * operator commands; loads and saves state in named stores, hands waits to the {@link ExceptionQueue} and forwards
 * journal entries (keyed by legal entity), contract state and schedules (keyed by account) and exceptions (keyed by
 * exception id).
 */
public final class AccountLedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(AccountLedgerProcessor.class);

    private final Ledger ledger;
    private final Clock clock;
    private final Duration recognitionInterval;
    private final WaitGrace grace;
    private final AlertThresholds thresholds;
    private final BusinessMetrics businessMetrics;
    private String task;
    /** When the record being processed was decoded, if it came straight from its raw record. */
    private java.util.OptionalLong decodedAt = java.util.OptionalLong.empty();
    private ProcessorContext<String, SpecificRecord> context;
    private MasterDataStore masterData;
    private ExceptionQueue queue;
    private ProcessedEventLog processedEvents;
    private KeyValueStore<String, InvoiceLedgerState> invoices;
    private RecognitionIndex recognition;
    private OpenContracts contracts;
    private KeyValueStore<String, ContractState> contractStore;
    private KeyValueStore<String, String> paymentIntents;
    private TransactionTimelines timelines;
    private WorkflowAlerts alerts;
    private LedgerMetrics metrics;
    private QueueMetrics queueMetrics;
    private InputOutcomes outcomes;
    private long recordTimestamp;
    /** When what is being booked happened: the event's business time; null on a clock tick. */
    private Instant bookedAt;
    private final PriorityQueue<ParkedEvent> released = new PriorityQueue<>(ExceptionQueue.BUSINESS_TIME_ORDER);
    private final LedgerBook book = new LedgerBook() {
        @Override
        public Optional<InvoiceLedgerState> invoice(String invoiceId) {
            return Optional.ofNullable(invoices.get(invoiceId));
        }

        @Override
        public Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
            return Optional.ofNullable(paymentIntents.get(paymentIntentId));
        }

        @Override
        public Optional<ContractState> contract(String accountId) {
            return contracts.find(accountId);
        }
    };

    /**
     * @param clock               the pipeline clock: which months have ended, how long an event has waited
     * @param recognitionInterval how often to recognize revenue and judge waits by the wall clock, or null when only
     *                            clock ticks do
     * @param grace               how long an event may wait for another event before it becomes an exception
     * @param thresholds          how long a workflow condition may last before it is an alert
     */
    public AccountLedgerProcessor(Clock clock, Duration recognitionInterval, WaitGrace grace, AlertThresholds thresholds,
                                  BusinessMetrics businessMetrics) {
        this.businessMetrics = businessMetrics;
        this.clock = clock;
        this.recognitionInterval = recognitionInterval;
        this.grace = grace;
        this.thresholds = thresholds;
        this.ledger = new Ledger(clock);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.masterData = new MasterDataStore(context.getStateStore(Stores.MASTER_DATA));
        this.queue = new ExceptionQueue(context.getStateStore(Stores.PARKED_EVENTS), context.getStateStore(Stores.EXCEPTIONS),
                grace, event -> ExceptionContext.of(event, masterData.view(), invoices::get));
        this.processedEvents = new ProcessedEventLog(context.getStateStore(Stores.PROCESSED_EVENTS));
        this.invoices = context.getStateStore(Stores.INVOICES);
        this.recognition = RecognitionIndex.of(invoices);
        this.contractStore = context.getStateStore(Stores.CONTRACTS);
        this.contracts = new OpenContracts(contractStore);
        this.paymentIntents = context.getStateStore(Stores.PAYMENT_INTENTS);
        this.timelines = new TransactionTimelines(context.getStateStore(Stores.TRANSACTIONS));
        this.alerts = new WorkflowAlerts(context.getStateStore(Stores.LEDGER_ALERTS), thresholds);
        this.metrics = new LedgerMetrics(context);
        this.queueMetrics = new QueueMetrics(context, "account-ledger", businessMetrics);
        this.task = "account-ledger@" + context.taskId();
        this.outcomes = new InputOutcomes(context);
        if (recognitionInterval != null) {
            context.schedule(recognitionInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
                recordTimestamp = now;
                decodedAt = java.util.OptionalLong.empty();
                inOneUnit(() -> {
                    onClock(clock.instant(), null);
                    // what the recognition released (a posting result waiting for its entry) is retried in the same unit
                    retryReleased();
                });
            });
        }
        // the log records the wall-clock time an id was first seen, so forgetting by the wall clock is safe in every mode
        context.schedule(ProcessedEventLog.PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            int purged = processedEvents.purge(now);
            log.debug("forgot {} processed event ids older than {}", purged, ProcessedEventLog.RETENTION);
        });
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        recordTimestamp = record.timestamp();
        decodedAt = DecodedAt.of(record.headers());
        SpecificRecord value = record.value();
        inOneUnit(() -> {
            if (value instanceof MasterDataRecord md) {
                onMasterData(md);
            } else if (value instanceof CanonicalEvent event) {
                onEvent(event);
            } else if (value instanceof CrmContract crmContract) {
                onCrmContract(crmContract);
            } else if (value instanceof ClockTick tick) {
                onClock(earlier(tick.getAsOf(), clock.instant()), tick.getResume());
            } else if (value instanceof OperatorCommand command) {
                onCommand(command);
            }
            retryReleased();
        });
    }

    /** Runs one record's (or tick's) work, then saves each contract and timeline it changed once. */
    private void inOneUnit(Runnable work) {
        try {
            work.run();
            contracts.saveAll(this::saveContract);
            timelines.saveAll();
        } finally {
            contracts.discard();
            timelines.discard();
        }
    }

    /**
     * The pipeline clock moved: recognize every month that has ended, raise every wait past its grace and every
     * workflow condition past its threshold. Recognition goes a bounded slice of the task's invoices at a time: when
     * more are left, the rest is sent to this partition's clock as a tick to resume (the next slice is another record,
     * so another unit of work and, at the next commit, another transaction), and the waits and conditions are judged
     * once the last slice is recognized, as after a tick recognized in one go.
     *
     * @param resume where an earlier slice of this tick stopped, or null for a tick of the clock itself
     */
    private void onClock(Instant now, RecognitionCursor resume) {
        Optional<String> rest = recognizeSlice(now, resume == null ? null : resume.getAfterInvoiceId());
        if (rest.isPresent()) {
            ClockTick next = new ClockTick(now, new RecognitionCursor(context.taskId().partition(), rest.get()));
            context.forward(new Record<>(Topics.CONTROL_CLOCK, next, recordTimestamp));
            return;
        }
        queue.expire(now).forEach(this::publish);
        queueMetrics.parked(queue, now);
        List<WorkflowAlerts.Condition> waits = new ArrayList<>();
        queue.forEachParked(wait -> WaitAlerts.conditionOf(wait, OrderAlerts.STAGE, false, grace,
                event -> ExceptionContext.of(event, masterData.view(), invoices::get)).ifPresent(waits::add));
        alerts.sync(WaitAlerts.KINDS, waits, now).forEach(this::publish);
        alerts.judge(now, task, OrderAlerts.STAGE, businessMetrics).forEach(this::publish);
    }

    @Override
    public void close() {
        businessMetrics.forget(task);
    }

    /** At most this many due invoices are recognized per slice of a tick (a slice is one unit of work). */
    static final int SLICE_DUE_INVOICES = 200;
    /** At most this many invoices are looked at in the index per slice (in a month already recognized, most are not due). */
    static final int SLICE_SCANNED_INVOICES = 5_000;

    /**
     * Recognizes the due invoices of one slice: those whose ids sort after {@code after} (all when null), up to the
     * slice's bounds, in id order.
     *
     * @return the id of the last invoice looked at when invoices are left after it, else empty
     */
    private Optional<String> recognizeSlice(Instant until, String after) {
        bookedAt = null;
        RecognitionIndex.Slice slice = recognition.slice(after, through -> ledger.recognitionDue(through, until),
                SLICE_DUE_INVOICES, SLICE_SCANNED_INVOICES);
        for (String invoiceId : slice.due()) {
            InvoiceLedgerState invoice = invoices.get(invoiceId);
            LedgerResult result = ledger.recognize(invoice, until, book, masterData.view());
            if (result instanceof LedgerResult.Booked booked) {
                save(booked);
            } else if (result instanceof LedgerResult.Waiting waiting) {
                // recognition waits for master data like any posting; it is retried on the next tick
                log.warn("revenue recognition of invoice {} waits: {}", invoiceId, waiting.message());
            }
        }
        return Optional.ofNullable(slice.stoppedAfter());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private void onMasterData(MasterDataRecord record) {
        masterData.apply(record);
        if (record.getPayload() instanceof CustomerCrosswalk cw) {
            contracts.openIfKnown(cw.getCrmAccountId()).ifPresent(contract -> ContractProjection.applyCrosswalk(contract, cw));
        }
        released.addAll(queue.releaseForMasterData(record.getKey()));
    }

    private void onEvent(CanonicalEvent event) {
        ProcessedEventLog.Seen seen = processedEvents.seen(event, context.currentSystemTimeMs());
        if (seen == ProcessedEventLog.Seen.REDELIVERY) {
            metrics.duplicate();
            outcomes.record(sourceOf(event), InputOutcomes.DUPLICATE);
            log.debug("duplicate event {} ignored", event.getEventId());
            return;
        }
        if (seen == ProcessedEventLog.Seen.CONFLICTING) {
            // neither the first nor the second content silently wins: an operator decides. Each conflicting copy is
            // its own exception, named by its content's fingerprint.
            CanonicalEvent copy = CanonicalEvent.newBuilder(event)
                    .setEventId(event.getEventId() + "#" + EventFingerprint.of(event)).build();
            if (processedEvents.seen(copy, context.currentSystemTimeMs()) == ProcessedEventLog.Seen.REDELIVERY) {
                metrics.duplicate();
                outcomes.record(sourceOf(event), InputOutcomes.DUPLICATE);
                return;
            }
            queue.park(copy, Reason.CONFLICTING_EVENT, "event " + event.getEventId() + " (" + event.getEventType()
                            + ") was delivered before with different content; this copy (" + copy.getEventId() + ") is not"
                            + " booked. Compare it with the source system, then dismiss it, or replay it to apply what it adds",
                    WaitKey.of(WaitKind.OPERATOR, copy.getEventId()), null, clock.instant()).forEach(this::publish);
            return;
        }
        if (event.getPayload() instanceof PostingResult result) {
            onPostingResult(event, result);
            return;
        }
        String accountId = event.getAccountId();
        if (accountId != null) {
            ContractState contract = loadContract(accountId);
            ContractProjection.apply(contract, event);
            recordCrmAndSubscriptionSteps(event);
        }
        post(event, null, null);
    }

    /**
     * What the ERP did with one of the account's journal entries: recorded on the entry's posting, its transaction's
     * timeline and (for a rejection) the exception queue. The result dated last decides the entry's status, so the
     * arrival order of two results never matters; a result contradicting a posting is an exception of its own.
     */
    private void onPostingResult(CanonicalEvent event, PostingResult result) {
        Instant now = clock.instant();
        String entryId = result.getEntryId();
        ContractState contract = loadContract(event.getAccountId());
        Optional<ErpPostingView> found = ContractProjection.erpPosting(contract, entryId);
        if (found.isEmpty()) {
            // the router links a source object once, so a result can arrive before its own entry (a later month of a
            // line, a re-post after a reset): it waits for the entry, released when it is journaled
            queue.park(event, Reason.AWAITING_JOURNAL_ENTRY, "the ERP reports " + result.getStatus() + " for journal entry "
                            + entryId + ", which account " + event.getAccountId() + " has not journaled (yet)",
                    WaitKey.of(WaitKind.JOURNAL_ENTRY, entryId), null, now).forEach(this::publish);
            return;
        }
        ErpPostingView posting = found.get();
        Instant at = event.getEventTime();
        boolean posted = result.getStatus() == PostingStatus.POSTED;
        ErpPostingStatus was = posting.getStatus();
        String wasDocument = posting.getErpDocumentNumber();
        boolean latest = isLater(at, posted, result.getErpDocumentNumber(), posting);
        boolean conflicting = (posted && was == ErpPostingStatus.POSTED && !Objects.equals(wasDocument, result.getErpDocumentNumber()))
                || (!posted && latest && was == ErpPostingStatus.POSTED)
                || (posted && !latest && was == ErpPostingStatus.REJECTED);
        posting.setResults(posting.getResults() + 1);
        if (posted && latest && was != ErpPostingStatus.POSTED && posting.getJournaledAt() != null) {
            businessMetrics.journalToPosted(Duration.between(posting.getJournaledAt(), at));
        }
        if (latest) {
            posting.setStatus(posted ? ErpPostingStatus.POSTED : ErpPostingStatus.REJECTED);
            posting.setErpDocumentNumber(posted ? result.getErpDocumentNumber() : posting.getErpDocumentNumber());
            posting.setReason(posted ? null : result.getReason());
            posting.setResultAt(at);
            posting.setPostedAmountMinor(posted ? result.getAmountMinor() : null);
        }
        timelines.erpResult(posting.getCorrelationId(), contract.getAccountId(), at, result.getStatus().name(), entryId,
                result.getErpDocumentNumber(), event.getEventId());
        outcomes.record(sourceOf(event), InputOutcomes.APPLIED);
        if (conflicting) {
            queue.park(event, Reason.CONFLICTING_POSTING_RESULT, "the ERP reports " + result.getStatus()
                            + (posted ? " as document " + result.getErpDocumentNumber() : "") + " at " + at + " for journal entry "
                            + entryId + ", which it had reported " + was + (wasDocument == null ? "" : " as document " + wasDocument)
                            + "; check the entry in the ERP",
                    WaitKey.of(WaitKind.OPERATOR, event.getEventId()), null, now).forEach(this::publish);
        }
        if (posting.getStatus() == ErpPostingStatus.POSTED) {
            release(WaitKey.of(WaitKind.ERP_POSTING, entryId));
            alerts.clear(notPostedId(entryId), now).ifPresent(this::publish);
        } else if (latest) {
            String why = "the ERP rejected journal entry " + entryId + ": " + (result.getReason() == null ? "no reason given" : result.getReason());
            queue.park(event, Reason.ERP_REJECTED, why, WaitKey.of(WaitKind.ERP_POSTING, entryId), null, now).forEach(this::publish);
            alerts.raiseNow(notPosted(posting, contract.getAccountId(), now, why), now).ifPresent(this::publish);
        }
    }

    /**
     * Whether a result dated {@code at} comes after the entry's current one. Results of one instant are ordered by a
     * fixed rule, so their arrival order never decides: a posting before a rejection, document numbers in order.
     */
    private static boolean isLater(Instant at, boolean posted, String document, ErpPostingView current) {
        if (current.getResultAt() == null || at.isAfter(current.getResultAt())) {
            return true;
        }
        if (at.isBefore(current.getResultAt())) {
            return false;
        }
        boolean currentPosted = current.getStatus() == ErpPostingStatus.POSTED;
        if (posted != currentPosted) {
            return !posted;
        }
        return posted && document != null && document.compareTo(Objects.requireNonNullElse(current.getErpDocumentNumber(), "")) > 0;
    }

    private static String notPostedId(String entryId) {
        return WorkflowAlerts.alertId(WorkflowAlertKind.JOURNAL_NOT_POSTED, ERP_STAGE, entryId);
    }

    private static final String ERP_STAGE = "erp";

    private WorkflowAlerts.Condition notPosted(ErpPostingView posting, String accountId, Instant since, String message) {
        return new WorkflowAlerts.Condition(WorkflowAlertKind.JOURNAL_NOT_POSTED, ERP_STAGE, posting.getEntryId(), accountId,
                posting.getCorrelationId(), posting.getAmountMinor(), posting.getCurrency(), since, message);
    }

    /** A Contract record's state: applied as it comes (applying it again changes nothing); it ends its CDC gap. */
    private void onCrmContract(CrmContract crmContract) {
        ContractState contract = loadContract(crmContract.getAccountId());
        ContractProjection.applyContract(contract, crmContract);
        outcomes.record(sourceOf(SourceSystem.SALESFORCE), InputOutcomes.APPLIED);
        release(WaitKey.of(WaitKind.RESYNC, crmContract.getContractId()));
    }

    private void onCommand(OperatorCommand command) {
        queueMetrics.operatorAction(command.getAction().name());
        Instant now = clock.instant();
        ExceptionQueue.CommandOutcome outcome = queue.apply(command, now);
        if (outcome instanceof ExceptionQueue.CommandOutcome.Done done) {
            if (done.exception().getStatus() == ExceptionStatus.DISMISSED && done.parked() != null) {
                outcomes.record(sourceOf(done.parked().getEvent()), InputOutcomes.DISMISSED);
            }
            publish(done.exception());
        } else if (outcome instanceof ExceptionQueue.CommandOutcome.Retry retry) {
            post(retry.parked().getEvent(), retry.parked(), retry.command());
        } else if (outcome instanceof ExceptionQueue.CommandOutcome.Ignored ignored) {
            log.info("operator command {} not applied: {}", command.getCommandId(), ignored.why());
        }
    }

    /** Retries released events in business-time order, including those released while retrying. */
    private void retryReleased() {
        for (ParkedEvent next = released.poll(); next != null; next = released.poll()) {
            if (next.getEvent().getPayload() instanceof PostingResult result) {
                // a result that waited for its entry: the entry is journaled now
                onPostingResult(next.getEvent(), result);
                queue.processed(next, clock.instant(), ExceptionQueue.AUTOMATIC, "its journal entry was journaled", null)
                        .ifPresent(this::publish);
            } else {
                post(next.getEvent(), next, null);
            }
        }
    }

    /**
     * Runs the ledger on an event and saves what it did, or parks it.
     *
     * @param previous the wait the event was released from, if it is a retry
     * @param command  the operator's replay that made the retry, if any
     */
    private void post(CanonicalEvent event, ParkedEvent previous, OperatorCommand command) {
        Instant now = clock.instant();
        bookedAt = event.getEventTime();
        LedgerResult result = ledger.apply(event, book, masterData.view());
        if (result instanceof LedgerResult.Booked booked) {
            save(booked);
            outcomes.record(sourceOf(event), booked.entries().isEmpty() ? InputOutcomes.APPLIED : InputOutcomes.JOURNALED);
            String actor = command == null ? ExceptionQueue.AUTOMATIC : command.getActor();
            String note = command == null ? "booked once " + (previous == null ? "" : previous.getWaitingFor()) + " arrived"
                    : command.getNote();
            queue.processed(previous, now, actor, note, command == null ? null : command.getCommandId()).ifPresent(this::publish);
        } else if (result instanceof LedgerResult.Waiting waiting) {
            if (command != null && previous.getReason().equals(waiting.reason().name())) {
                publish(queue.stillOpen(previous, command, now, waiting.message()));
            }
            queue.park(event, waiting.reason(), waiting.message(), waiting.waitingFor(), previous, now).forEach(this::publish);
        }
    }

    /** Saves the ledger's changes and publishes entries, schedules, contract state and timelines; queues what they release. */
    private void save(LedgerResult.Booked booked) {
        String accountId = booked.invoices().isEmpty() ? null : booked.invoices().get(0).getAccountId();
        ContractState contract = accountId == null ? null : loadContract(accountId);
        for (JournalEntry entry : booked.entries()) {
            context.forward(new Record<>(entry.getLegalEntity(), entry, recordTimestamp));
            timelines.journalEntry(entry);
            metrics.journaled(entry.getEntryType().name());
            businessMetrics.journaled(entry);
            if (decodedAt.isPresent()) {
                businessMetrics.endToEnd(Duration.ofMillis(context.currentSystemTimeMs() - decodedAt.getAsLong()));
            }
            if (contract != null) {
                String source = EntryIds.sourceOf(entry.getEntryId());
                boolean sourceLinked = contract.getErpPostings().stream().anyMatch(p -> EntryIds.sourceOf(p.getEntryId()).equals(source));
                ContractProjection.addJournalEntry(contract, entry, grace.start(journaledAt(entry), clock.instant()),
                        billingPeriod(booked, entry));
                if (!sourceLinked) {
                    // the posting-result router learns the account once per source object, not once per entry
                    context.forward(new Record<>(source, new JournalEntryLink(source, contract.getAccountId()), recordTimestamp));
                }
                watchPosting(entry, contract);
                release(WaitKey.of(WaitKind.JOURNAL_ENTRY, entry.getEntryId()));
            }
        }
        for (InvoiceLedgerState invoice : booked.invoices()) {
            InvoiceLedgerState before = invoices.get(invoice.getInvoice().getInvoiceId());
            invoices.put(invoice.getInvoice().getInvoiceId(), invoice);
            recognition.saved(invoice);
            ContractProjection.applyInvoiceLedger(contract, invoice);
            measureBilling(booked, invoice, contract);
            RevenueSchedules.changed(before, invoice)
                    .forEach(schedule -> context.forward(new Record<>(invoice.getAccountId(), schedule, recordTimestamp)));
        }
        booked.paymentIntentLinks().forEach(paymentIntents::put);
        for (TimelineStep step : booked.steps()) {
            timelines.sourceEvent(step.correlationId(), step.accountId(), step.at(), step.system(), step.kind(),
                    step.objectId(), step.eventId(), step.amountMinor(), step.currency(), step.stage());
        }
        booked.released().forEach(this::release);
    }

    /** The period of the invoice an entry was posted for (the waterfall's billing month), or null. */
    private static String billingPeriod(LedgerResult.Booked booked, JournalEntry entry) {
        for (InvoiceLedgerState invoice : booked.invoices()) {
            boolean ofInvoice = invoice.getPostedEntries().stream().anyMatch(e -> e.getEntryId().equals(entry.getEntryId()))
                    || (invoice.getInvoiceEntry() != null && invoice.getInvoiceEntry().getEntryId().equals(entry.getEntryId()));
            if (ofInvoice) {
                return invoice.getInvoiceEntry() != null ? invoice.getInvoiceEntry().getPostingPeriod()
                        : java.time.YearMonth.from(invoice.getInvoice().getEffectiveAt().atZone(java.time.ZoneOffset.UTC)).toString();
            }
        }
        return null;
    }

    /**
     * Starts waiting for the ERP to post the entry, counted from when a live pipeline journals it: the business time
     * of the event that booked it, and for recognition never before the recognized month has ended; in a running
     * pipeline never before the clock's now.
     */
    private void watchPosting(JournalEntry entry, ContractState contract) {
        ErpPostingView posting = ContractProjection.erpPosting(contract, entry.getEntryId()).orElseThrow();
        if (posting.getStatus() == ErpPostingStatus.SENT && alerts.watches(WorkflowAlertKind.JOURNAL_NOT_POSTED)) {
            alerts.observe(notPosted(posting, contract.getAccountId(), posting.getJournaledAt(),
                    entry.getEntryType() + " entry " + entry.getEntryId() + " of " + entry.getLegalEntity() + " was sent to "
                            + entry.getErp() + " and the ERP has not reported it POSTED"));
        }
    }

    /**
     * Latencies of an invoice's first INVOICE entry: from finalization to the entry (on the pipeline clock), and for
     * the first invoice of an order's subscription from Closed Won (business time).
     */
    private void measureBilling(LedgerResult.Booked booked, InvoiceLedgerState invoice, ContractState contract) {
        String invoiceId = invoice.getInvoice().getInvoiceId();
        boolean invoiced = booked.entries().stream().anyMatch(e -> e.getEntryType() == io.ledgerline.journal.EntryType.INVOICE
                && invoiceId.equals(e.getSource().getObjectId()) && e.getReversesEntryId() == null && !e.getEntryId().contains(":r"));
        if (!invoiced) {
            return;
        }
        Instant finalized = invoice.getInvoice().getEffectiveAt();
        businessMetrics.invoiceToJournal(Duration.between(finalized, clock.instant()));
        String subscription = invoice.getInvoice().getSubscriptionId();
        if (contract == null || subscription == null) {
            return;
        }
        boolean first = contract.getInvoices().stream().filter(v -> subscription.equals(v.getSubscriptionId()))
                .noneMatch(v -> v.getEffectiveAt().isBefore(finalized));
        contract.getOrders().stream()
                .filter(o -> o.getAcceptedAt() != null && o.getSubscriptionIds().contains(subscription))
                .findFirst()
                .filter(o -> first)
                .ifPresent(o -> businessMetrics.quoteToBill(Duration.between(o.getAcceptedAt(), finalized)));
    }

    private Instant journaledAt(JournalEntry entry) {
        if (entry.getEntryType() != io.ledgerline.journal.EntryType.REVENUE_RECOGNITION) {
            return bookedAt != null ? bookedAt : clock.instant();
        }
        String month = entry.getOriginalPeriod() != null ? entry.getOriginalPeriod() : entry.getPostingPeriod();
        Instant monthEnded = java.time.YearMonth.parse(month).plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return bookedAt != null && bookedAt.isAfter(monthEnded) ? bookedAt : monthEnded;
    }

    /** Queues what waited for {@code key} for a retry; a CDC gap or an ERP rejection just ends. */
    private void release(WaitKey key) {
        for (ParkedEvent wait : queue.release(key)) {
            if (key.kind() == WaitKind.RESYNC) {
                // the gap ends with the record's fresh state: nothing to retry
                queue.processed(wait, clock.instant(), ExceptionQueue.AUTOMATIC, "re-synced", null).ifPresent(this::publish);
            } else if (key.kind() == WaitKind.ERP_POSTING) {
                queue.processed(wait, clock.instant(), ExceptionQueue.AUTOMATIC, "posted by the ERP", null).ifPresent(this::publish);
            } else {
                released.add(wait);
            }
        }
    }

    private void recordCrmAndSubscriptionSteps(CanonicalEvent event) {
        if (event.getPayload() instanceof CrmOpportunity o) {
            timelines.sourceEvent(o.getOpportunityId(), event.getAccountId(), event.getEventTime(), "salesforce",
                    event.getEventType(), o.getOpportunityId(), event.getEventId(), o.getAmountMinor(), o.getCurrency(),
                    o.getClosedWon() ? "ORDER_ACCEPTED" : "ORDER_OPEN");
        } else if (event.getPayload() instanceof BillingSubscription s) {
            String correlationId = s.getCrmOpportunityId() != null ? s.getCrmOpportunityId() : s.getSubscriptionId();
            timelines.sourceEvent(correlationId, event.getAccountId(), event.getEventTime(), "stripe", event.getEventType(),
                    s.getSubscriptionId(), event.getEventId(), null, s.getCurrency(), "SUBSCRIBED");
        }
    }

    private static String sourceOf(CanonicalEvent event) {
        return InputOutcomes.sourceOf(event);
    }

    private static String sourceOf(SourceSystem system) {
        return system.name().toLowerCase(Locale.ROOT);
    }

    private void publish(WorkflowAlert alert) {
        businessMetrics.alert(alert.getKind().name(), alert.getStatus().name());
        context.forward(new Record<>(alert.getAlertId(), alert, recordTimestamp));
    }

    private void publish(PipelineException exception) {
        queueMetrics.exception(exception.getReason(), exception.getStatus().name());
        context.forward(new Record<>(exception.getExceptionId(), exception, recordTimestamp));
    }

    /** Closed Won orders without a subscription start counting; those provisioned since end. */
    private void watchOrders(ContractState before, ContractState after) {
        Instant now = clock.instant();
        List<WorkflowAlerts.Condition> waiting = OrderAlerts.unprovisioned(after, grace, now);
        java.util.Set<String> stillWaiting = OrderAlerts.ids(waiting);
        for (WorkflowAlerts.Condition was : OrderAlerts.unprovisioned(before, grace, now)) {
            if (!stillWaiting.contains(was.alertId())) {
                alerts.clear(was.alertId(), now).ifPresent(this::publish);
            }
        }
        waiting.forEach(alerts::observe);
    }

    private ContractState loadContract(String accountId) {
        return contracts.open(accountId);
    }

    /** Saves the contract a unit of work changed, publishes it and what its change does to the reconciliation. */
    private void saveContract(ContractState before, ContractState state) {
        masterData.view().crosswalk(state.getAccountId()).ifPresent(cw -> ContractProjection.applyCrosswalk(state, cw));
        watchOrders(before, state);
        // Avro's own equals cannot compare logical-type values inside unions; the model with conversions can
        if (before != null && LogicalTypeModel.specific().compare(state, before, ContractState.SCHEMA$) == 0) {
            return;
        }
        state.setVersion((before == null ? 0 : before.getVersion()) + 1);
        reconcile(before, state);
        contractStore.put(state.getAccountId(), state);
        context.forward(new Record<>(state.getAccountId(), state, recordTimestamp));
    }

    /**
     * What the contract's change does to the account's reconciliation, compared with what its last change published
     * (kept in the state, so no store of its own): the drifts watched as workflow conditions, the reconciliation and
     * write-back records that changed, and the identities' exception raised or released.
     */
    private void reconcile(ContractState before, ContractState after) {
        Instant now = clock.instant();
        java.util.function.UnaryOperator<Instant> start = t -> grace.start(t, now);
        java.util.Map<String, Long> published = Publication.publishedBy(before, now, start, alerts::watches);
        Publication next = Publication.of(after, now, start, alerts::watches);
        for (String ended : next.endedDrifts(published)) {
            alerts.clear(ended, now).ifPresent(this::publish);
        }
        next.drifts().forEach(c -> alerts.observe(Drifts.toWatch(c)));
        for (Publication.Currency currency : next.currencies()) {
            if (next.changed(currency, published)) {
                context.forward(new Record<>(ReconciliationKeys.key(after.getAccountId(), currency.sides().currency()),
                        currency.record(), recordTimestamp));
            }
            // a violation is looked up (and raised unless it is open) on every change while it lasts: rare, and it must
            // not depend on whether this change moved a figure
            String exceptionId = ReconciliationKeys.identityExceptionId(after.getAccountId(), currency.sides().currency());
            if (!currency.violations().isEmpty()) {
                queue.raiseCondition(exceptionId, Reason.RECONCILIATION_IDENTITY, "account " + after.getAccountId() + " in "
                        + currency.sides().currency() + ": " + String.join("; ", currency.violations()),
                        identityContext(after, currency.sides(), now), now).ifPresent(this::publish);
            } else {
                // a store read, no write: an exception raised before a fix of the code or of the state still ends
                queue.endCondition(exceptionId, now, "the identities hold again").ifPresent(this::publish);
            }
        }
        for (CrmWriteback writeback : next.changedWritebacks(published)) {
            org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add(ReconciliationKeys.writebackHeader(writeback.getObjectType()), new byte[0]);
            context.forward(new Record<>(writeback.getRecordId(), (SpecificRecord) writeback, recordTimestamp, headers));
        }
        after.setPublished(next.fingerprints());
    }

    private static PipelineException.Builder identityContext(ContractState contract, ReconciliationFigures.Sides sides, Instant now) {
        return PipelineException.newBuilder()
                .setAccountId(contract.getAccountId())
                .setLegalEntity(contract.getLegalEntity())
                .setCurrency(sides.currency())
                .setAmountMinor(sides.recognized() + sides.deferred() - (sides.billed() - sides.refunded() - sides.disputesLost()))
                .setSource(new io.ledgerline.common.SourceRef("ledgerline", "reconciliation",
                        ReconciliationKeys.key(contract.getAccountId(), sides.currency()),
                        contract.getLastEventId() == null ? "reconciliation" : contract.getLastEventId()))
                .setEventTime(contract.getLastEventTime() == null ? now : contract.getLastEventTime());
    }
}
