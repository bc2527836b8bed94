package io.ledgerline.core;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.posting.MasterDataView;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.waits.BusinessContext;
import java.util.function.Function;

/** The business context of a core exception: the event's own, plus the legal entity and the transaction it belongs to. */
final class ExceptionContext {

    private ExceptionContext() {
    }

    static PipelineException.Builder of(CanonicalEvent event, MasterDataView masterData, Function<String, InvoiceLedgerState> invoices) {
        String accountId = event.getAccountId();
        return BusinessContext.exceptionOf(event)
                .setLegalEntity(accountId == null ? null
                        : masterData.crosswalk(accountId).map(CustomerCrosswalk::getLegalEntity).orElse(null))
                .setCorrelationId(correlationHint(event, invoices));
    }

    private static String correlationHint(CanonicalEvent event, Function<String, InvoiceLedgerState> invoices) {
        if (event.getPayload() instanceof InvoicePayment p) {
            InvoiceLedgerState inv = invoices.apply(p.getInvoiceId());
            return inv != null ? inv.getCorrelationId() : null;
        }
        if (event.getPayload() instanceof BillingInvoice i) {
            return i.getSubscriptionId() != null ? null : i.getInvoiceId();
        }
        return null;
    }
}
