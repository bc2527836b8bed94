package io.ledgerline.alerts;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.Dispute;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.Refund;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.state.ParkedEvent;
import io.ledgerline.waits.WaitGrace;
import io.ledgerline.waits.WaitKey;
import io.ledgerline.waits.WaitKind;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The workflow conditions that parked events are: an invoice waiting for anything is not journaled
 * (INVOICE_NOT_JOURNALED); a payment, refund or dispute waiting for its invoice or payment is unmatched
 * (PAYMENT_UNMATCHED). A wait for master data of a payment is the master data's exception, not an unmatched payment.
 * A condition counts from when its wait does ({@link WaitGrace#start}).
 */
public final class WaitAlerts {

    /** The kinds that waits raise, so a sync of the waits leaves other conditions alone. */
    public static final Set<WorkflowAlertKind> KINDS = EnumSet.of(WorkflowAlertKind.INVOICE_NOT_JOURNALED, WorkflowAlertKind.PAYMENT_UNMATCHED);

    private WaitAlerts() {
    }

    /**
     * @param stage     the processor the event waits in ({@code ledger}, {@code identity-invoice}, ...)
     * @param matching  true where every wait is for the event's counterpart (the payment-intent and invoice levels)
     * @param contextOf the business context the queue gives the event's exception
     */
    public static Optional<WorkflowAlerts.Condition> conditionOf(ParkedEvent wait, String stage, boolean matching, WaitGrace grace,
                                                                 Function<CanonicalEvent, PipelineException.Builder> contextOf) {
        CanonicalEvent event = wait.getEvent();
        Object p = event.getPayload();
        WorkflowAlertKind kind;
        String subject;
        if (p instanceof BillingInvoice i) {
            kind = WorkflowAlertKind.INVOICE_NOT_JOURNALED;
            subject = i.getInvoiceId();
        } else if (matching || waitsForCounterpart(wait)) {
            kind = WorkflowAlertKind.PAYMENT_UNMATCHED;
            if (p instanceof InvoicePayment ip) {
                subject = ip.getInvoicePaymentId();
            } else if (p instanceof Refund r) {
                subject = r.getRefundId();
            } else if (p instanceof Dispute d) {
                subject = d.getDisputeId();
            } else {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        PipelineException.Builder context = contextOf.apply(event);
        String message = event.getEventType() + " " + event.getEventId() + " waits in " + stage + " (" + wait.getReason()
                + ", for " + wait.getWaitingFor() + "): " + wait.getMessage();
        return Optional.of(new WorkflowAlerts.Condition(kind, stage, subject, context.getAccountId(), context.getCorrelationId(),
                context.getAmountMinor(), context.getCurrency(), grace.start(wait), message));
    }

    private static boolean waitsForCounterpart(ParkedEvent wait) {
        WaitKind kind = WaitKey.parse(wait.getWaitingFor()).kind();
        return kind == WaitKind.INVOICE || kind == WaitKind.PAYMENT;
    }
}
