package io.ledgerline.core;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.ClockTick;
import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CrmSyncGap;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.canonical.Refund;
import io.ledgerline.contract.RevenueSchedule;
import io.ledgerline.contract.ContractState;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.posting.CreditNotePostingRule;
import io.ledgerline.posting.InvoicePostingRule;
import io.ledgerline.posting.MasterDataView;
import io.ledgerline.posting.PaymentPostingRule;
import io.ledgerline.posting.PostingBlocked;
import io.ledgerline.posting.RefundPostingRule;
import io.ledgerline.posting.RevenueRecognitionRule;
import io.ledgerline.posting.ReversalRule;
import io.ledgerline.serde.LogicalTypeModel;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.ParkedEvent;
import io.ledgerline.names.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account-keyed core. Receives canonical events of the accounts of its partition and every master-data
 * record (broadcast), keeps the ledger state in named stores and emits journal entries (keyed by legal
 * entity), contract state (keyed by account) and exceptions. Posting itself is done by the rules in
 * {@code io.ledgerline.posting}; this class only routes, stores and parks.
 */
public final class AccountLedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(AccountLedgerProcessor.class);

    /** Reasons that are waits for another event of the same account, not data problems: no exception record. */
    private static final String AWAITING_INVOICE = "AWAITING_INVOICE";
    private static final String AWAITING_SUBSCRIPTION = "AWAITING_SUBSCRIPTION";
    private static final String AWAITING_PAYMENT = "AWAITING_PAYMENT";
    private static final String INVALID_DOCUMENT = "INVALID_DOCUMENT";

    private ProcessorContext<String, SpecificRecord> context;
    private MasterDataStore masterData;
    private ParkedEventStore parked;
    private ProcessedEventLog processedEvents;
    private KeyValueStore<String, InvoiceLedgerState> invoices;
    private KeyValueStore<String, ContractState> contracts;
    private KeyValueStore<String, String> paymentIntents;
    private TransactionTimelines timelines;
    private long recordTimestamp;
    private final PriorityQueue<ParkedEvent> released = new PriorityQueue<>(ParkedEventStore.BUSINESS_TIME_ORDER);
    private final Clock clock;
    private final Duration recognitionInterval;

    /**
     * @param clock               the pipeline clock: which months have ended
     * @param recognitionInterval how often to recognize revenue by the wall clock, or null when only clock ticks do
     */
    public AccountLedgerProcessor(Clock clock, Duration recognitionInterval) {
        this.clock = clock;
        this.recognitionInterval = recognitionInterval;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.masterData = new MasterDataStore(context.getStateStore(Stores.MASTER_DATA));
        this.parked = new ParkedEventStore(context.getStateStore(Stores.PARKED_EVENTS));
        this.processedEvents = new ProcessedEventLog(context.getStateStore(Stores.PROCESSED_EVENTS));
        this.invoices = context.getStateStore(Stores.INVOICES);
        this.contracts = context.getStateStore(Stores.CONTRACTS);
        this.paymentIntents = context.getStateStore(Stores.PAYMENT_INTENTS);
        this.timelines = new TransactionTimelines(context.getStateStore(Stores.TRANSACTIONS));
        if (recognitionInterval != null) {
            context.schedule(recognitionInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
                recordTimestamp = now;
                recognizeAll(clock.instant());
            });
            context.schedule(ProcessedEventLog.PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
                int purged = processedEvents.purge(now);
                log.debug("forgot {} processed event ids older than {}", purged, ProcessedEventLog.RETENTION);
            });
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        recordTimestamp = record.timestamp();
        dispatch(record);
        retryReleased();
    }

    private void dispatch(Record<String, SpecificRecord> record) {
        if (record.value() instanceof MasterDataRecord md) {
            onMasterData(md);
        } else if (record.value() instanceof CanonicalEvent event) {
            onEvent(record.key(), event);
        } else if (record.value() instanceof ClockTick tick) {
            recognizeAll(earlier(tick.getAsOf(), clock.instant()));
        }
    }

    /** Recognizes every month that has ended by {@code until} on every booked invoice of this task. */
    private void recognizeAll(Instant until) {
        List<KeyValue<String, InvoiceLedgerState>> open = new ArrayList<>();
        try (KeyValueIterator<String, InvoiceLedgerState> it = invoices.all()) {
            it.forEachRemaining(kv -> {
                if (!kv.value.getVoided() && !kv.value.getRatableLines().isEmpty()) {
                    open.add(kv);
                }
            });
        }
        for (KeyValue<String, InvoiceLedgerState> kv : open) {
            try {
                catchUp(kv.value, until);
            } catch (PostingBlocked blocked) {
                // recognition waits for master data like any posting; it is retried on the next tick
                log.warn("revenue recognition of invoice {} waits: {}", kv.key, blocked.getMessage());
            }
        }
    }

    /** Posts the invoice's recognition due by {@code until} (and by the clock), then saves it with its schedules. */
    private void catchUp(InvoiceLedgerState invoice, Instant until) {
        List<JournalEntry> entries = RevenueRecognitionRule.catchUp(invoice, earlier(until, clock.instant()), masterData.view());
        if (!entries.isEmpty()) {
            ContractState contract = loadContract(invoice.getAccountId());
            entries.forEach(e -> emitJournal(contract, e));
            saveInvoice(invoice, contract);
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
        released.addAll(parked.releaseFor(record.getKey()));
    }

    private void onEvent(String key, CanonicalEvent event) {
        if (!processedEvents.firstTime(event.getEventId(), context.currentSystemTimeMs())) {
            log.debug("duplicate event {} ignored", event.getEventId());
            return;
        }
        String accountId = event.getAccountId();
        if (accountId != null) {
            ContractState contract = loadContract(accountId);
            ContractProjection.apply(contract, event);
            saveContract(contract);
            recordCrmAndSubscriptionSteps(event);
        }
        post(event, null);
    }

    /**
     * Retries released events in business-time order, including those released while retrying: a credit note and a
     * refund released by different keys (the invoice, the payment) must still apply in the order they happened.
     */
    private void retryReleased() {
        for (ParkedEvent next = released.poll(); next != null; next = released.poll()) {
            post(next.getEvent(), next);
        }
    }

    /** Runs the ledger step of an event; parks it when blocked and resolves the exception of an earlier block. */
    private void post(CanonicalEvent event, ParkedEvent previous) {
        try {
            ledgerStep(event);
            resolve(previous, event);
        } catch (PostingBlocked blocked) {
            parked.park(blocked.waitingFor(), blocked.reason(), event, recordTimestamp);
            if (previous == null || !previous.getReason().equals(blocked.reason())) {
                resolve(previous, event);
                if (isDataProblem(blocked.reason())) {
                    raise(event, blocked.reason(), blocked.getMessage(), blocked.waitingFor());
                }
            }
        } catch (RuntimeException invalid) {
            // a document the rules cannot book (does not add up, mixed currencies): park it for an operator, never drop it
            log.warn("event {} cannot be booked: {}", event.getEventId(), invalid.toString());
            parked.park("replay:" + event.getEventId(), INVALID_DOCUMENT, event, recordTimestamp);
            resolve(previous, event);
            raise(event, INVALID_DOCUMENT, String.valueOf(invalid.getMessage()), "replay:" + event.getEventId());
        }
    }

    private void ledgerStep(CanonicalEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof BillingInvoice invoice) {
            switch (invoice.getLifecycle()) {
                case FINALIZED -> bookInvoice(event, invoice);
                case VOIDED -> voidInvoice(event, invoice);
                default -> noteInvoiceStatus(event, invoice);
            }
        } else if (payload instanceof InvoicePayment payment) {
            applyPayment(event, payment);
        } else if (payload instanceof CreditNote note) {
            applyCreditNote(event, note);
        } else if (payload instanceof Refund refund) {
            applyRefund(event, refund);
        } else if (payload instanceof BillingSubscription subscription) {
            released.addAll(parked.release("subscription:" + subscription.getSubscriptionId()));
        } else if (payload instanceof CrmSyncGap gap) {
            raise(event, "CDC_GAP", "Salesforce " + gap.getEntityName() + " " + gap.getRecordId() + " changed without field values ("
                    + gap.getChangeType() + "): its state is stale until re-synced", null);
        }
    }

    private void bookInvoice(CanonicalEvent event, BillingInvoice invoice) {
        if (invoices.get(invoice.getInvoiceId()) != null) {
            return;
        }
        String accountId = event.getAccountId();
        InvoiceLedgerState state = InvoicePostingRule.book(invoice, event.getEventId(), accountId,
                correlationOf(accountId, invoice), masterData.view());
        ContractState contract = loadContract(accountId);
        if (state.getInvoiceEntry() != null) {
            emitJournal(contract, state.getInvoiceEntry());
        }
        saveInvoice(state, contract);
        step(state, event, invoice.getInvoiceId(), invoice.getTotalMinor(), "INVOICED");
        catchUp(state, invoice.getEffectiveAt());
        released.addAll(parked.release("invoice:" + invoice.getInvoiceId()));
    }

    private void voidInvoice(CanonicalEvent event, BillingInvoice invoice) {
        InvoiceLedgerState state = requireBooked(invoice.getInvoiceId());
        if (state.getVoided()) {
            return;
        }
        catchUp(state, event.getEventTime());
        ContractState contract = loadContract(state.getAccountId());
        ReversalRule.voidInvoice(state, event.getEventId(), event.getEventTime(), masterData.view())
                .forEach(e -> emitJournal(contract, e));
        saveInvoice(state, contract);
        step(state, event, invoice.getInvoiceId(), invoice.getTotalMinor(), "VOIDED");
    }

    private void applyPayment(CanonicalEvent event, InvoicePayment payment) {
        InvoiceLedgerState state = requireBooked(payment.getInvoiceId());
        if (state.getPaymentIds().contains(payment.getInvoicePaymentId())) {
            return;
        }
        JournalEntry entry = PaymentPostingRule.post(payment, event.getEventId(), state, erpCustomerOf(state), masterData.view());
        ContractState contract = loadContract(state.getAccountId());
        emitJournal(contract, entry);
        saveInvoice(state, contract);
        step(state, event, payment.getInvoicePaymentId(), payment.getAmountMinor(), state.getArOutstandingMinor() <= 0 ? "PAID" : null);
        if (payment.getPaymentIntentId() != null) {
            paymentIntents.put(payment.getPaymentIntentId(), payment.getInvoiceId());
            released.addAll(parked.release("payment_intent:" + payment.getPaymentIntentId()));
        }
    }

    private void applyCreditNote(CanonicalEvent event, CreditNote note) {
        adjust(event, requireBooked(note.getInvoiceId()), note.getCreditNoteId(), note.getEffectiveAt(),
                InvoiceLedgerState::getCreditNoteIds, note.getTotalMinor(), "CREDITED",
                state -> CreditNotePostingRule.post(note, event.getEventId(), state, erpCustomerOf(state), masterData.view()));
    }

    private void applyRefund(CanonicalEvent event, Refund refund) {
        String invoiceId = paymentIntents.get(refund.getPaymentIntentId());
        if (invoiceId == null) {
            throw new PostingBlocked(AWAITING_PAYMENT, "refund " + refund.getRefundId() + " refers to payment intent "
                    + refund.getPaymentIntentId() + " whose payment has not been booked yet", "payment_intent:" + refund.getPaymentIntentId());
        }
        adjust(event, requireBooked(invoiceId), refund.getRefundId(), refund.getCreatedAt(),
                InvoiceLedgerState::getRefundIds, refund.getAmountMinor(), "REFUNDED",
                state -> RefundPostingRule.post(refund, event.getEventId(), state, masterData.view()));
    }

    /**
     * Applies a credit note or refund to its invoice once: brings the invoice's recognition up to the document's
     * own date first, so what counts as already recognized is decided by business time.
     */
    private void adjust(CanonicalEvent event, InvoiceLedgerState state, String documentId, Instant documentDate,
                        Function<InvoiceLedgerState, List<String>> applied, long amountMinor, String stage,
                        Function<InvoiceLedgerState, JournalEntry> rule) {
        if (applied.apply(state).contains(documentId)) {
            return;
        }
        catchUp(state, documentDate);
        JournalEntry entry = rule.apply(state);
        ContractState contract = loadContract(state.getAccountId());
        emitJournal(contract, entry);
        saveInvoice(state, contract);
        step(state, event, documentId, amountMinor, stage);
    }

    private void noteInvoiceStatus(CanonicalEvent event, BillingInvoice invoice) {
        InvoiceLedgerState state = invoices.get(invoice.getInvoiceId());
        if (state != null) {
            step(state, event, invoice.getInvoiceId(), invoice.getTotalMinor(), null);
        }
    }

    /** A billing document's event on the timeline of its invoice's transaction. */
    private void step(InvoiceLedgerState state, CanonicalEvent event, String objectId, long amountMinor, String stage) {
        timelines.sourceEvent(state.getCorrelationId(), state.getAccountId(), event.getEventTime(), "stripe",
                event.getEventType(), objectId, event.getEventId(), amountMinor, state.getInvoice().getCurrency(), stage);
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

    /** Stores the invoice, mirrors it into the contract and publishes its revenue schedules. */
    private void saveInvoice(InvoiceLedgerState state, ContractState contract) {
        invoices.put(state.getInvoice().getInvoiceId(), state);
        ContractProjection.applyInvoiceLedger(contract, state);
        saveContract(contract);
        for (RevenueSchedule schedule : RevenueSchedules.of(state)) {
            context.forward(new Record<>(state.getAccountId(), schedule, recordTimestamp));
        }
    }

    private String erpCustomerOf(InvoiceLedgerState state) {
        return masterData.view().crosswalk(state.getAccountId()).map(CustomerCrosswalk::getErpCustomerId).orElse(null);
    }

    private InvoiceLedgerState requireBooked(String invoiceId) {
        InvoiceLedgerState state = invoices.get(invoiceId);
        if (state == null) {
            throw new PostingBlocked(AWAITING_INVOICE, "invoice " + invoiceId + " has not been booked yet", "invoice:" + invoiceId);
        }
        return state;
    }

    /**
     * The quote-to-cash transaction of an invoice: the CRM opportunity its subscription was sold under. An invoice
     * waits for its subscription so that the answer never depends on arrival order; manual invoices stand alone.
     */
    private String correlationOf(String accountId, BillingInvoice invoice) {
        String subscriptionId = invoice.getSubscriptionId();
        if (subscriptionId == null) {
            return invoice.getInvoiceId();
        }
        return loadContract(accountId).getSubscriptions().stream()
                .filter(s -> s.getSubscriptionId().equals(subscriptionId))
                .findFirst()
                .map(s -> s.getOpportunityId() != null ? s.getOpportunityId() : subscriptionId)
                .orElseThrow(() -> new PostingBlocked(AWAITING_SUBSCRIPTION,
                        "subscription " + subscriptionId + " of invoice " + invoice.getInvoiceId() + " has not arrived yet",
                        "subscription:" + subscriptionId));
    }

    private void emitJournal(ContractState contract, JournalEntry entry) {
        context.forward(new Record<>(entry.getLegalEntity(), entry, recordTimestamp));
        timelines.journalEntry(entry);
        ContractProjection.addJournalEntry(contract, entry.getEntryId());
    }

    private static boolean isDataProblem(String reason) {
        return !reason.startsWith("AWAITING_");
    }

    private void raise(CanonicalEvent event, String reason, String message, String waitingFor) {
        context.forward(new Record<>(exceptionKey(event), exception(event, reason, message, waitingFor, ExceptionStatus.OPEN), recordTimestamp));
    }

    private void resolve(ParkedEvent previous, CanonicalEvent event) {
        if (previous != null && isDataProblem(previous.getReason())) {
            context.forward(new Record<>(exceptionKey(event),
                    exception(event, previous.getReason(), "resolved: the event was processed", previous.getWaitingFor(), ExceptionStatus.RESOLVED),
                    recordTimestamp));
        }
    }

    private static String exceptionKey(CanonicalEvent event) {
        return event.getAccountId() != null ? event.getAccountId() : BusinessContext.of(event).source().getObjectId();
    }

    private PipelineException exception(CanonicalEvent event, String reason, String message, String waitingFor, ExceptionStatus status) {
        BusinessContext ctx = BusinessContext.of(event);
        String accountId = event.getAccountId();
        String legalEntity = accountId == null ? null
                : masterData.view().crosswalk(accountId).map(CustomerCrosswalk::getLegalEntity).orElse(null);
        return PipelineException.newBuilder()
                .setExceptionId(reason + ":" + event.getEventId())
                .setStatus(status)
                .setReason(reason)
                .setMessage(message)
                .setWaitingFor(waitingFor)
                .setAccountId(accountId)
                .setLegalEntity(legalEntity)
                .setContractId(ctx.contractId())
                .setCorrelationId(correlationHint(event))
                .setAmountMinor(ctx.amountMinor())
                .setCurrency(ctx.currency())
                .setSource(ctx.source())
                .setEventTime(event.getEventTime())
                .build();
    }

    private String correlationHint(CanonicalEvent event) {
        if (event.getPayload() instanceof InvoicePayment p) {
            InvoiceLedgerState inv = invoices.get(p.getInvoiceId());
            return inv != null ? inv.getCorrelationId() : null;
        }
        if (event.getPayload() instanceof BillingInvoice i) {
            return i.getSubscriptionId() != null ? null : i.getInvoiceId();
        }
        return null;
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
