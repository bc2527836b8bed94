package io.ledgerline.core;

import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.ClockTick;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.RevenueSchedule;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ledger.Ledger;
import io.ledgerline.ledger.LedgerBook;
import io.ledgerline.ledger.LedgerResult;
import io.ledgerline.ledger.TimelineStep;
import io.ledgerline.metrics.InputOutcomes;
import io.ledgerline.names.Stores;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
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
import java.util.Optional;
import java.util.PriorityQueue;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
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
    private ProcessorContext<String, SpecificRecord> context;
    private MasterDataStore masterData;
    private ExceptionQueue queue;
    private ProcessedEventLog processedEvents;
    private KeyValueStore<String, InvoiceLedgerState> invoices;
    private KeyValueStore<String, ContractState> contracts;
    private KeyValueStore<String, String> paymentIntents;
    private TransactionTimelines timelines;
    private LedgerMetrics metrics;
    private QueueMetrics queueMetrics;
    private InputOutcomes outcomes;
    private long recordTimestamp;
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
            return Optional.ofNullable(contracts.get(accountId));
        }
    };

    /**
     * @param clock               the pipeline clock: which months have ended, how long an event has waited
     * @param recognitionInterval how often to recognize revenue and judge waits by the wall clock, or null when only
     *                            clock ticks do
     * @param grace               how long an event may wait for another event before it becomes an exception
     */
    public AccountLedgerProcessor(Clock clock, Duration recognitionInterval, WaitGrace grace) {
        this.clock = clock;
        this.recognitionInterval = recognitionInterval;
        this.grace = grace;
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
        this.contracts = context.getStateStore(Stores.CONTRACTS);
        this.paymentIntents = context.getStateStore(Stores.PAYMENT_INTENTS);
        this.timelines = new TransactionTimelines(context.getStateStore(Stores.TRANSACTIONS));
        this.metrics = new LedgerMetrics(context);
        this.queueMetrics = new QueueMetrics(context, "account-ledger");
        this.outcomes = new InputOutcomes(context);
        if (recognitionInterval != null) {
            context.schedule(recognitionInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
                recordTimestamp = now;
                onClock(clock.instant());
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
        SpecificRecord value = record.value();
        if (value instanceof MasterDataRecord md) {
            onMasterData(md);
        } else if (value instanceof CanonicalEvent event) {
            onEvent(event);
        } else if (value instanceof CrmContract crmContract) {
            onCrmContract(crmContract);
        } else if (value instanceof ClockTick tick) {
            onClock(earlier(tick.getAsOf(), clock.instant()));
        } else if (value instanceof OperatorCommand command) {
            onCommand(command);
        }
        retryReleased();
    }

    /** The pipeline clock moved: recognize every month that has ended, and raise every wait past its grace. */
    private void onClock(Instant now) {
        recognizeAll(now);
        queue.expire(now).forEach(this::publish);
        queueMetrics.parked(queue, now);
    }

    private void recognizeAll(Instant until) {
        List<InvoiceLedgerState> open = new ArrayList<>();
        try (KeyValueIterator<String, InvoiceLedgerState> it = invoices.all()) {
            it.forEachRemaining(kv -> {
                if (!kv.value.getVoided() && !kv.value.getRatableLines().isEmpty()) {
                    open.add(kv.value);
                }
            });
        }
        for (InvoiceLedgerState invoice : open) {
            LedgerResult result = ledger.recognize(invoice, until, book, masterData.view());
            if (result instanceof LedgerResult.Booked booked) {
                save(booked);
            } else if (result instanceof LedgerResult.Waiting waiting) {
                // recognition waits for master data like any posting; it is retried on the next tick
                log.warn("revenue recognition of invoice {} waits: {}", invoice.getInvoice().getInvoiceId(), waiting.message());
            }
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private void onMasterData(MasterDataRecord record) {
        masterData.apply(record);
        if (record.getPayload() instanceof CustomerCrosswalk cw) {
            ContractState contract = contracts.get(cw.getCrmAccountId());
            if (contract != null) {
                ContractProjection.applyCrosswalk(contract, cw);
                saveContract(contract);
            }
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
        String accountId = event.getAccountId();
        if (accountId != null) {
            ContractState contract = loadContract(accountId);
            ContractProjection.apply(contract, event);
            saveContract(contract);
            recordCrmAndSubscriptionSteps(event);
        }
        post(event, null, null);
    }

    /** A Contract record's state: applied as it comes (applying it again changes nothing); it ends its CDC gap. */
    private void onCrmContract(CrmContract crmContract) {
        ContractState contract = loadContract(crmContract.getAccountId());
        ContractProjection.applyContract(contract, crmContract);
        saveContract(contract);
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
            post(next.getEvent(), next, null);
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
            if (contract != null) {
                ContractProjection.addJournalEntry(contract, entry.getEntryId());
            }
        }
        for (InvoiceLedgerState invoice : booked.invoices()) {
            invoices.put(invoice.getInvoice().getInvoiceId(), invoice);
            ContractProjection.applyInvoiceLedger(contract, invoice);
            for (RevenueSchedule schedule : RevenueSchedules.of(invoice)) {
                context.forward(new Record<>(invoice.getAccountId(), schedule, recordTimestamp));
            }
        }
        if (contract != null) {
            saveContract(contract);
        }
        booked.paymentIntentLinks().forEach(paymentIntents::put);
        for (TimelineStep step : booked.steps()) {
            timelines.sourceEvent(step.correlationId(), step.accountId(), step.at(), step.system(), step.kind(),
                    step.objectId(), step.eventId(), step.amountMinor(), step.currency(), step.stage());
        }
        booked.released().forEach(this::release);
    }

    /** Queues what waited for {@code key} for a retry; a CDC gap just ends. */
    private void release(WaitKey key) {
        for (ParkedEvent wait : queue.release(key)) {
            if (key.kind() == WaitKind.RESYNC) {
                // the gap ends with the record's fresh state: nothing to retry
                queue.processed(wait, clock.instant(), ExceptionQueue.AUTOMATIC, "re-synced", null).ifPresent(this::publish);
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
        return sourceOf(event.getSourceSystem());
    }

    private static String sourceOf(SourceSystem system) {
        return system.name().toLowerCase(Locale.ROOT);
    }

    private void publish(PipelineException exception) {
        queueMetrics.exception(exception.getReason(), exception.getStatus().name());
        context.forward(new Record<>(exception.getExceptionId(), exception, recordTimestamp));
    }

    private ContractState loadContract(String accountId) {
        ContractState state = contracts.get(accountId);
        return state != null ? state : ContractProjection.empty(accountId);
    }

    private void saveContract(ContractState state) {
        masterData.view().crosswalk(state.getAccountId()).ifPresent(cw -> ContractProjection.applyCrosswalk(state, cw));
        ContractState before = contracts.get(state.getAccountId());
        // Avro's own equals cannot compare logical-type values inside unions; the model with conversions can
        if (before != null && LogicalTypeModel.specific().compare(state, before, ContractState.SCHEMA$) == 0) {
            return;
        }
        state.setVersion((before == null ? 0 : before.getVersion()) + 1);
        contracts.put(state.getAccountId(), state);
        context.forward(new Record<>(state.getAccountId(), state, recordTimestamp));
    }
}
