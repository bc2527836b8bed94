package io.ledgerline.ledger;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CreditNote;
import io.ledgerline.canonical.CrmAccount;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CrmSyncGap;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.Refund;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.money.Currencies;
import io.ledgerline.posting.CreditNotePostingRule;
import io.ledgerline.posting.InvalidDocument;
import io.ledgerline.posting.InvoicePostingRule;
import io.ledgerline.posting.MasterDataView;
import io.ledgerline.posting.PaymentPostingRule;
import io.ledgerline.posting.PostingBlocked;
import io.ledgerline.posting.RefundPostingRule;
import io.ledgerline.posting.RevenueRecognitionRule;
import io.ledgerline.posting.ReversalRule;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.waits.BusinessContext;
import io.ledgerline.waits.Reason;
import io.ledgerline.waits.WaitKey;
import io.ledgerline.waits.WaitKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The ledger of a set of accounts, without Kafka: given their state (a {@link LedgerBook}), the master data and one
 * canonical event or clock tick, it decides the journal entries, the state changes and the waits. The posting rule
 * of each event is chosen by the type of its payload from one table.
 */
public final class Ledger {

    private final Clock clock;
    private final Map<Class<?>, BiConsumer<Step, CanonicalEvent>> rules = new HashMap<>();

    /** @param clock the pipeline clock: revenue is recognized for months that have ended by it */
    public Ledger(Clock clock) {
        this.clock = clock;
        rule(BillingInvoice.class, this::onInvoice);
        rule(InvoicePayment.class, this::applyPayment);
        rule(CreditNote.class, this::applyCreditNote);
        rule(Refund.class, this::applyRefund);
        rule(BillingSubscription.class, (step, event, s) -> step.release(WaitKey.of(WaitKind.SUBSCRIPTION, s.getSubscriptionId())));
        rule(CrmSyncGap.class, (step, event, gap) -> {
            throw new PostingBlocked(Reason.CDC_GAP, "Salesforce " + gap.getEntityName() + " " + gap.getRecordId()
                    + " changed without field values (" + gap.getChangeType() + "): its state is stale until it is re-synced",
                    WaitKey.of(WaitKind.RESYNC, gap.getRecordId()));
        });
        // fresh CRM state ends a CDC gap of the same record
        rule(CrmOpportunity.class, (step, event, o) -> step.release(WaitKey.of(WaitKind.RESYNC, o.getOpportunityId())));
        rule(CrmAccount.class, (step, event, a) -> step.release(WaitKey.of(WaitKind.RESYNC, a.getAccountId())));
    }

    private interface Rule<T> {
        void apply(Step step, CanonicalEvent event, T payload);
    }

    private <T> void rule(Class<T> payloadType, Rule<T> rule) {
        rules.put(payloadType, (step, event) -> rule.apply(step, event, payloadType.cast(event.getPayload())));
    }

    /** Applies one canonical event. */
    public LedgerResult apply(CanonicalEvent event, LedgerBook book, MasterDataView masterData) {
        BiConsumer<Step, CanonicalEvent> rule = rules.get(event.getPayload().getClass());
        if (rule == null) {
            return LedgerResult.Booked.nothing();
        }
        String currency = BusinessContext.of(event).currency();
        if (currency != null && !Currencies.isKnown(currency)) {
            return new LedgerResult.Waiting(Reason.UNKNOWN_CURRENCY, event.getEventType() + " " + event.getEventId()
                    + " is in " + currency + ", which is not an ISO 4217 currency Ledgerline knows; correct it in the source"
                    + " system and dismiss this exception, or replay it once the currency is supported",
                    WaitKey.of(WaitKind.CURRENCY, currency));
        }
        Step step = new Step(book, masterData);
        try {
            rule.accept(step, event);
        } catch (PostingBlocked blocked) {
            return new LedgerResult.Waiting(blocked.reason(), blocked.getMessage(), blocked.waitingFor());
        } catch (InvalidDocument invalid) {
            return new LedgerResult.Waiting(Reason.INVALID_DOCUMENT, invalid.getMessage() + "; fix it in the billing system, then"
                    + " replay or dismiss this exception", WaitKey.of(WaitKind.OPERATOR, event.getEventId()));
        }
        return step.result();
    }

    /** Recognizes the months of {@code invoice} that have ended by {@code until} (and by the pipeline clock). */
    public LedgerResult recognize(InvoiceLedgerState invoice, Instant until, LedgerBook book, MasterDataView masterData) {
        Step step = new Step(book, masterData);
        try {
            step.catchUp(invoice, until);
        } catch (PostingBlocked blocked) {
            return new LedgerResult.Waiting(blocked.reason(), blocked.getMessage(), blocked.waitingFor());
        }
        return step.result();
    }

    private void onInvoice(Step step, CanonicalEvent event, BillingInvoice invoice) {
        switch (invoice.getLifecycle()) {
            case FINALIZED -> bookInvoice(step, event, invoice);
            case VOIDED -> voidInvoice(step, event, invoice);
            default -> step.invoice(invoice.getInvoiceId()).ifPresent(state ->
                    step.timeline(state, event, invoice.getInvoiceId(), invoice.getTotalMinor(), null));
        }
    }

    private void bookInvoice(Step step, CanonicalEvent event, BillingInvoice invoice) {
        if (step.invoice(invoice.getInvoiceId()).isPresent()) {
            return;
        }
        String accountId = event.getAccountId();
        InvoiceLedgerState state = InvoicePostingRule.book(invoice, event.getEventId(), accountId,
                correlationOf(step, accountId, invoice), step.masterData);
        if (state.getInvoiceEntry() != null) {
            step.journal(state.getInvoiceEntry());
        }
        step.save(state);
        step.timeline(state, event, invoice.getInvoiceId(), invoice.getTotalMinor(), "INVOICED");
        step.catchUp(state, invoice.getEffectiveAt());
        step.release(WaitKey.of(WaitKind.INVOICE, invoice.getInvoiceId()));
    }

    private void voidInvoice(Step step, CanonicalEvent event, BillingInvoice invoice) {
        InvoiceLedgerState state = step.requireBooked(invoice.getInvoiceId());
        if (state.getVoided()) {
            return;
        }
        step.catchUp(state, event.getEventTime());
        ReversalRule.voidInvoice(state, event.getEventId(), event.getEventTime(), step.masterData).forEach(step::journal);
        step.save(state);
        step.timeline(state, event, invoice.getInvoiceId(), invoice.getTotalMinor(), "VOIDED");
    }

    private void applyPayment(Step step, CanonicalEvent event, InvoicePayment payment) {
        InvoiceLedgerState state = step.requireBooked(payment.getInvoiceId());
        if (state.getPaymentIds().contains(payment.getInvoicePaymentId())) {
            return;
        }
        step.journal(PaymentPostingRule.post(payment, event.getEventId(), state, step.erpCustomerOf(state), step.masterData));
        step.save(state);
        step.timeline(state, event, payment.getInvoicePaymentId(), payment.getAmountMinor(),
                state.getArOutstandingMinor() <= 0 ? "PAID" : null);
        if (payment.getPaymentIntentId() != null) {
            step.paymentIntentLinks.put(payment.getPaymentIntentId(), payment.getInvoiceId());
            step.release(WaitKey.of(WaitKind.PAYMENT, payment.getPaymentIntentId()));
        }
    }

    private void applyCreditNote(Step step, CanonicalEvent event, CreditNote note) {
        adjust(step, event, step.requireBooked(note.getInvoiceId()), note.getCreditNoteId(), note.getEffectiveAt(),
                InvoiceLedgerState::getCreditNoteIds, note.getTotalMinor(), "CREDITED",
                state -> CreditNotePostingRule.post(note, event.getEventId(), state, step.erpCustomerOf(state), step.masterData));
    }

    private void applyRefund(Step step, CanonicalEvent event, Refund refund) {
        String invoiceId = step.invoiceOfPaymentIntent(refund.getPaymentIntentId())
                .orElseThrow(() -> new PostingBlocked(Reason.AWAITING_PAYMENT, "refund " + refund.getRefundId()
                        + " refers to payment intent " + refund.getPaymentIntentId() + " whose payment has not been booked yet",
                        WaitKey.of(WaitKind.PAYMENT, refund.getPaymentIntentId())));
        adjust(step, event, step.requireBooked(invoiceId), refund.getRefundId(), refund.getCreatedAt(),
                InvoiceLedgerState::getRefundIds, refund.getAmountMinor(), "REFUNDED",
                state -> RefundPostingRule.post(refund, event.getEventId(), state, step.masterData));
    }

    /**
     * Applies a credit note or refund to its invoice once: brings the invoice's recognition up to the document's
     * own date first, so what counts as already recognized is decided by business time.
     */
    private void adjust(Step step, CanonicalEvent event, InvoiceLedgerState state, String documentId, Instant documentDate,
                        Function<InvoiceLedgerState, List<String>> applied, long amountMinor, String stage,
                        Function<InvoiceLedgerState, JournalEntry> rule) {
        if (applied.apply(state).contains(documentId)) {
            return;
        }
        step.catchUp(state, documentDate);
        step.journal(rule.apply(state));
        step.save(state);
        step.timeline(state, event, documentId, amountMinor, stage);
    }

    /**
     * The quote-to-cash transaction of an invoice: the CRM opportunity its subscription was sold under. An invoice
     * waits for its subscription so that the answer never depends on arrival order; manual invoices stand alone.
     */
    private static String correlationOf(Step step, String accountId, BillingInvoice invoice) {
        String subscriptionId = invoice.getSubscriptionId();
        if (subscriptionId == null) {
            return invoice.getInvoiceId();
        }
        return step.book.contract(accountId).stream()
                .flatMap(c -> c.getSubscriptions().stream())
                .filter(s -> s.getSubscriptionId().equals(subscriptionId))
                .findFirst()
                .map(s -> s.getOpportunityId() != null ? s.getOpportunityId() : subscriptionId)
                .orElseThrow(() -> new PostingBlocked(Reason.AWAITING_SUBSCRIPTION,
                        "subscription " + subscriptionId + " of invoice " + invoice.getInvoiceId() + " has not arrived yet",
                        WaitKey.of(WaitKind.SUBSCRIPTION, subscriptionId)));
    }

    /** One event's work: reads through the book, sees its own changes, and collects them for the result. */
    private final class Step {
        private final LedgerBook book;
        private final MasterDataView masterData;
        private final Map<String, InvoiceLedgerState> invoices = new LinkedHashMap<>();
        private final List<JournalEntry> entries = new ArrayList<>();
        private final Map<String, String> paymentIntentLinks = new LinkedHashMap<>();
        private final List<TimelineStep> steps = new ArrayList<>();
        private final List<WaitKey> released = new ArrayList<>();

        Step(LedgerBook book, MasterDataView masterData) {
            this.book = book;
            this.masterData = masterData;
        }

        Optional<InvoiceLedgerState> invoice(String invoiceId) {
            InvoiceLedgerState changed = invoices.get(invoiceId);
            return changed != null ? Optional.of(changed) : book.invoice(invoiceId);
        }

        InvoiceLedgerState requireBooked(String invoiceId) {
            return invoice(invoiceId).orElseThrow(() -> new PostingBlocked(Reason.AWAITING_INVOICE,
                    "invoice " + invoiceId + " has not been booked yet", WaitKey.of(WaitKind.INVOICE, invoiceId)));
        }

        Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
            String linked = paymentIntentLinks.get(paymentIntentId);
            return linked != null ? Optional.of(linked) : book.invoiceOfPaymentIntent(paymentIntentId);
        }

        String erpCustomerOf(InvoiceLedgerState state) {
            return masterData.crosswalk(state.getAccountId()).map(CustomerCrosswalk::getErpCustomerId).orElse(null);
        }

        /** Posts the invoice's recognition due by {@code until} (and by the pipeline clock). */
        void catchUp(InvoiceLedgerState invoice, Instant until) {
            Instant now = clock.instant();
            List<JournalEntry> due = RevenueRecognitionRule.catchUp(invoice, until.isBefore(now) ? until : now, masterData);
            if (!due.isEmpty()) {
                due.forEach(this::journal);
                save(invoice);
            }
        }

        void journal(JournalEntry entry) {
            entries.add(entry);
        }

        void save(InvoiceLedgerState state) {
            invoices.put(state.getInvoice().getInvoiceId(), state);
        }

        void release(WaitKey key) {
            released.add(key);
        }

        void timeline(InvoiceLedgerState state, CanonicalEvent event, String objectId, long amountMinor, String stage) {
            steps.add(new TimelineStep(state.getCorrelationId(), state.getAccountId(), event.getEventTime(),
                    event.getSourceSystem().name().toLowerCase(Locale.ROOT), event.getEventType(), objectId,
                    event.getEventId(), amountMinor, state.getInvoice().getCurrency(), stage));
        }

        LedgerResult.Booked result() {
            return new LedgerResult.Booked(List.copyOf(entries), List.copyOf(invoices.values()),
                    Map.copyOf(paymentIntentLinks), List.copyOf(steps), List.copyOf(released));
        }
    }
}
