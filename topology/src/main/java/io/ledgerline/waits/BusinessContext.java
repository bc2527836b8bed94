package io.ledgerline.waits;

import io.ledgerline.canonical.BillingCustomer;
import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.CrmAccount;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CrmSyncGap;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.PostingResult;
import io.ledgerline.canonical.Refund;
import io.ledgerline.canonical.Dispute;
import io.ledgerline.common.SourceRef;
import io.ledgerline.ops.PipelineException;
import java.util.Locale;

/** What an exception record says about the event behind it: the source object, its amount, its contract and invoice. */
public record BusinessContext(SourceRef source, Long amountMinor, String currency, String contractId) {

    /** An exception record's business context as far as the event itself tells it. */
    public static PipelineException.Builder exceptionOf(CanonicalEvent event) {
        BusinessContext ctx = of(event);
        Object p = event.getPayload();
        String invoiceId = p instanceof BillingInvoice i ? i.getInvoiceId()
                : p instanceof InvoicePayment ip ? ip.getInvoiceId()
                : p instanceof CreditNote cn ? cn.getInvoiceId() : null;
        return PipelineException.newBuilder()
                .setAccountId(event.getAccountId())
                .setContractId(ctx.contractId())
                .setInvoiceId(invoiceId)
                .setAmountMinor(ctx.amountMinor())
                .setCurrency(ctx.currency())
                .setSource(ctx.source())
                .setEventTime(event.getEventTime());
    }

    public static BusinessContext of(CanonicalEvent event) {
        String system = event.getSourceSystem().name().toLowerCase(Locale.ROOT);
        String eventId = event.getEventId();
        Object p = event.getPayload();
        if (p instanceof BillingInvoice i) {
            return new BusinessContext(new SourceRef(system, "invoice", i.getInvoiceId(), eventId), i.getTotalMinor(), i.getCurrency(), i.getSubscriptionId());
        } else if (p instanceof InvoicePayment ip) {
            return new BusinessContext(new SourceRef(system, "invoice_payment", ip.getInvoicePaymentId(), eventId), ip.getAmountMinor(), ip.getCurrency(), null);
        } else if (p instanceof CreditNote cn) {
            return new BusinessContext(new SourceRef(system, "credit_note", cn.getCreditNoteId(), eventId), cn.getTotalMinor(), cn.getCurrency(), null);
        } else if (p instanceof Refund r) {
            return new BusinessContext(new SourceRef(system, "refund", r.getRefundId(), eventId), r.getAmountMinor(), r.getCurrency(), null);
        } else if (p instanceof Dispute d) {
            return new BusinessContext(new SourceRef(system, "dispute", d.getDisputeId(), eventId), d.getAmountMinor(), d.getCurrency(), null);
        } else if (p instanceof BillingSubscription s) {
            return new BusinessContext(new SourceRef(system, "subscription", s.getSubscriptionId(), eventId), null, s.getCurrency(), s.getSubscriptionId());
        } else if (p instanceof BillingCustomer c) {
            return new BusinessContext(new SourceRef(system, "customer", c.getCustomerId(), eventId), null, null, null);
        } else if (p instanceof CrmOpportunity o) {
            return new BusinessContext(new SourceRef(system, "Opportunity", o.getOpportunityId(), eventId), o.getAmountMinor(), o.getCurrency(), o.getOpportunityId());
        } else if (p instanceof CrmAccount a) {
            return new BusinessContext(new SourceRef(system, "Account", a.getAccountId(), eventId), null, null, null);
        } else if (p instanceof CrmSyncGap g) {
            return new BusinessContext(new SourceRef(system, g.getEntityName(), g.getRecordId(), eventId), null, null, null);
        } else if (p instanceof PostingResult r) {
            return new BusinessContext(new SourceRef(system, "journal_entry", r.getEntryId(), eventId), null, null, null);
        }
        return new BusinessContext(new SourceRef(system, "unknown", eventId, eventId), null, null, null);
    }
}
