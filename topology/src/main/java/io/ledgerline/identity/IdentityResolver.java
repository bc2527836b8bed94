package io.ledgerline.identity;

import io.ledgerline.alerts.AlertThresholds;
import io.ledgerline.alerts.WaitAlerts;
import io.ledgerline.alerts.WorkflowAlerts;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.JournalEntryLink;
import io.ledgerline.canonical.PostingResult;
import io.ledgerline.canonical.ClockTick;
import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.metrics.DecodedAt;
import io.ledgerline.metrics.InputOutcomes;
import io.ledgerline.names.Stores;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlert;
import io.ledgerline.state.ParkedEvent;
import io.ledgerline.waits.BusinessContext;
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
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One level of identity resolution. Input is keyed by the event's id at this level; output is keyed by the id
 * at the next level (at the customer level: the CRM account, which is also set on the event). An event whose
 * link is not known yet waits in the level's {@link ExceptionQueue}, is raised as UNRESOLVED_IDENTITY (or, for a
 * refund, AWAITING_PAYMENT) when it outlasts the grace period by the pipeline clock, and is released, whatever the
 * arrival order, when the event that defines the link arrives. Clock ticks reach every partition of the level.
 */
public final class IdentityResolver implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final IdentityLevel level;
    private final Clock clock;
    private final Duration checkInterval;
    private final WaitGrace grace;
    private final AlertThresholds thresholds;
    private final BusinessMetrics businessMetrics;
    private String task;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, String> links;
    private ExceptionQueue queue;
    private QueueMetrics metrics;
    private WorkflowAlerts alerts;
    private InputOutcomes outcomes;

    /**
     * @param checkInterval how often to judge waits by the wall clock, or null when only clock ticks do
     */
    public IdentityResolver(IdentityLevel level, Clock clock, Duration checkInterval, WaitGrace grace, AlertThresholds thresholds,
                            BusinessMetrics businessMetrics) {
        this.businessMetrics = businessMetrics;
        this.level = level;
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.grace = grace;
        this.thresholds = thresholds;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.links = context.getStateStore(Stores.identityLinks(level.label()));
        this.queue = new ExceptionQueue(context.getStateStore(Stores.identityParked(level.label())),
                context.getStateStore(Stores.identityExceptions(level.label())), grace, BusinessContext::exceptionOf);
        this.metrics = new QueueMetrics(context, "identity-" + level.label(), businessMetrics);
        this.task = "identity-" + level.label() + "@" + context.taskId();
        this.alerts = new WorkflowAlerts(context.getStateStore(Stores.identityAlerts(level.label())), thresholds);
        this.outcomes = new InputOutcomes(context);
        if (checkInterval != null) {
            context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, now -> onClock(clock.instant(), now));
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof ClockTick tick) {
            Instant asOf = tick.getAsOf().isBefore(clock.instant()) ? tick.getAsOf() : clock.instant();
            onClock(asOf, record.timestamp());
        } else if (record.value() instanceof CanonicalEvent event) {
            onEvent(record.key(), event, record.timestamp(), record.headers());
        } else if (record.value() instanceof OperatorCommand command) {
            onCommand(record.key(), command, record.timestamp());
        } else if (record.value() instanceof JournalEntryLink link) {
            define(link.getSource(), link.getAccountId(), record.timestamp());
        }
    }

    /** An operator's replay or dismiss of an exception of this level; {@code key} is the id the event waits on. */
    private void onCommand(String key, OperatorCommand command, long timestamp) {
        metrics.operatorAction(command.getAction().name());
        Instant now = clock.instant();
        ExceptionQueue.CommandOutcome outcome = queue.apply(command, now);
        if (outcome instanceof ExceptionQueue.CommandOutcome.Done done) {
            if (done.exception().getStatus() == ExceptionStatus.DISMISSED && done.parked() != null) {
                outcomes.record(sourceOf(done.parked().getEvent()), InputOutcomes.DISMISSED);
            }
            publish(done.exception(), timestamp);
        } else if (outcome instanceof ExceptionQueue.CommandOutcome.Retry retry) {
            ParkedEvent wait = retry.parked();
            String parent = links.get(key);
            if (parent != null) {
                forward(parent, wait.getEvent());
                queue.processed(wait, now, command.getActor(), command.getNote(), command.getCommandId()).ifPresent(e -> publish(e, timestamp));
            } else {
                publish(queue.stillOpen(wait, command, now, wait.getMessage()), timestamp);
                queue.park(wait.getEvent(), Reason.valueOf(wait.getReason()), wait.getMessage(), WaitKey.parse(wait.getWaitingFor()),
                        wait, now).forEach(e -> publish(e, timestamp));
            }
        }
    }

    private static String sourceOf(CanonicalEvent event) {
        return InputOutcomes.sourceOf(event);
    }

    private void onEvent(String key, CanonicalEvent event, long timestamp, org.apache.kafka.common.header.Headers headers) {
        Optional<String> defined = level.linkDefinedBy(event);
        String known = links.get(key);
        if (defined.isPresent() && known != null && !defined.get().equals(known)) {
            // one billing customer claimed by two accounts: the first link stays, the second waits for an operator
            queue.park(event, Reason.CONFLICTING_CROSSWALK, event.getEventType() + " " + event.getEventId() + " links "
                            + level.label() + " " + key + " to " + defined.get() + ", but it is already linked to " + known
                            + "; events of " + key + " keep going to " + known + " until the source data is corrected",
                    WaitKey.of(WaitKind.IDENTITY, level.label(), key, "conflict"), null, clock.instant())
                    .forEach(e -> publish(e, timestamp));
            return;
        }
        defined.ifPresent(parent -> define(key, parent, timestamp));
        String parent = links.get(key);
        if (parent == null && queue.isParked(waitKey(key), event)) {
            // a redelivery of an event that already waits: the core would drop it as a duplicate, so does this level
            outcomes.record(sourceOf(event), InputOutcomes.DUPLICATE);
        } else if (parent == null) {
            queue.park(event, reasonOf(event), messageOf(key, event), waitKey(key), null, clock.instant())
                    .forEach(e -> publish(e, timestamp));
        } else {
            forward(parent, event, headers);
        }
    }

    /** {@code key} links to {@code parent}: what waited for the link goes on. */
    private void define(String key, String parent, long timestamp) {
        if (!parent.equals(links.get(key))) {
            links.put(key, parent);
        }
        Instant now = clock.instant();
        for (ParkedEvent waiting : queue.release(waitKey(key))) {
            forward(parent, waiting.getEvent());
            queue.processed(waiting, now, ExceptionQueue.AUTOMATIC, "its " + level.label() + " link arrived", null)
                    .ifPresent(e -> publish(e, timestamp));
        }
    }

    private void onClock(Instant now, long timestamp) {
        queue.expire(now).forEach(e -> publish(e, timestamp));
        metrics.parked(queue, now);
        // at the payment-intent and invoice levels every wait is a payment, refund or dispute looking for its counterpart
        boolean matching = level == IdentityLevel.PAYMENT_INTENT || level == IdentityLevel.INVOICE;
        List<WorkflowAlerts.Condition> waits = new ArrayList<>();
        queue.forEachParked(wait -> WaitAlerts.conditionOf(wait, "identity-" + level.label(), matching, grace,
                BusinessContext::exceptionOf).ifPresent(waits::add));
        alerts.sync(WaitAlerts.KINDS, waits, now).forEach(a -> publish(a, timestamp));
        alerts.judge(now, task, "identity-" + level.label(), businessMetrics).forEach(a -> publish(a, timestamp));
    }

    @Override
    public void close() {
        businessMetrics.forget(task);
    }

    private void publish(WorkflowAlert alert, long timestamp) {
        businessMetrics.alert(alert.getKind().name(), alert.getStatus().name());
        context.forward(new Record<>(alert.getAlertId(), alert, timestamp));
    }

    private WaitKey waitKey(String key) {
        return level.waitKey(key);
    }

    private Reason reasonOf(CanonicalEvent event) {
        return switch (level) {
            case PAYMENT_INTENT -> Reason.AWAITING_PAYMENT;
            case INVOICE -> Reason.AWAITING_INVOICE;
            case CUSTOMER -> Reason.UNRESOLVED_IDENTITY;
            case JOURNAL_ENTRY -> Reason.AWAITING_JOURNAL_ENTRY;
        };
    }

    private String messageOf(String key, CanonicalEvent event) {
        return switch (level) {
            case PAYMENT_INTENT -> event.getEventType() + " " + event.getEventId() + " refers to payment intent " + key
                    + ", whose invoice payment has not arrived";
            case INVOICE -> event.getEventType() + " " + event.getEventId() + " refers to invoice " + key
                    + ", which has not arrived from billing";
            case CUSTOMER -> event.getEventType() + " " + event.getEventId() + " belongs to billing customer " + key
                    + ", which has no CRM account: neither the customer's metadata.crm_account_id nor an ERP"
                    + " customer_crosswalk names one";
            case JOURNAL_ENTRY -> "the ERP reports a result for journal entry " + ((PostingResult) event.getPayload()).getEntryId()
                    + ", and Ledgerline has journaled no entry of " + key;
        };
    }

    private void publish(PipelineException exception, long timestamp) {
        metrics.exception(exception.getReason(), exception.getStatus().name());
        context.forward(new Record<>(exception.getExceptionId(), exception, timestamp));
    }

    private void forward(String parent, CanonicalEvent event) {
        forward(parent, event, null);
    }

    /** @param headers those of the record being processed, when the event goes on directly (not after a wait) */
    private void forward(String parent, CanonicalEvent event, org.apache.kafka.common.header.Headers headers) {
        if (level.resolvesAccount()) {
            event = CanonicalEvent.newBuilder(event).setAccountId(parent).build();
        }
        context.forward(new Record<>(parent, event, event.getEventTime().toEpochMilli(), DecodedAt.carried(headers)));
    }
}
