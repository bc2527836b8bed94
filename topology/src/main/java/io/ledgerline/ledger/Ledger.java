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
import io.ledgerline.canonical.Dispute;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.money.Currencies;
import io.ledgerline.posting.CreditNotePostingRule;
import io.ledgerline.posting.DisputePostingRule;
import io.ledgerline.posting.InvalidDocument;
import io.ledgerline.posting.InvoicePostingRule;
import io.ledgerline.posting.MasterDataView;
import io.ledgerline.posting.PaymentPostingRule;
import io.ledgerline.posting.PostingBlocked;
import io.ledgerline.posting.RefundPostingRule;
import io.ledgerline.posting.RevenueRecognitionRule;
import io.ledgerline.posting.ReversalRule;
import io.ledgerline.state.AppliedDocument;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.waits.BusinessContext;
import io.ledgerline.waits.Reason;
import io.ledgerline.waits.WaitKey;
import io.ledgerline.waits.WaitKind;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

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
        rule(Dispute.class, this::applyDispute);
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

    /**
     * True when the clock moving to {@code until} can change what is recognized for an invoice recognized through
     * {@code through} (null: never): recognition posts whole months that have ended, so while the clock stays in the
     * month it last reached, a replay would post the same entries again. (A recognition that was blocked saved
     * nothing, so its invoice still lags a month behind.)
     */
    public boolean recognitionDue(Instant through, Instant until) {
        if (through == null) {
            return true;
        }
        Instant capped = notAfterClock(until);
        return !YearMonth.from(through.atZone(ZoneOffset.UTC)).equals(YearMonth.from(capped.atZone(ZoneOffset.UTC)));
    }

    /**
     * Recognizes the months of {@code invoice} that have ended by {@code until} (and by the pipeline clock): raises the
     * invoice's recognized-through instant and reconciles its entries with the replay of its documents.
     */
    public LedgerResult recognize(InvoiceLedgerState invoice, Instant until, LedgerBook book, MasterDataView masterData) {
        Step step = new Step(book, masterData);
        try {
            Instant capped = notAfterClock(until);
            InvoiceLedgerState state = InvoiceLedgerState.newBuilder(invoice).build();
            if (state.getRecognizedThrough() == null || capped.isAfter(state.getRecognizedThrough())) {
                state.setRecognizedThrough(capped);
            }
            reconcile(step, state, false);
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
        InvoiceLedgerState booked = reconcile(step, state, true);
        step.timeline(booked, event, invoice.getInvoiceId(), invoice.getTotalMinor(), "INVOICED");
        step.release(WaitKey.of(WaitKind.INVOICE, invoice.getInvoiceId()));
    }

    private void voidInvoice(Step step, CanonicalEvent event, BillingInvoice invoice) {
        InvoiceLedgerState state = step.requireBooked(invoice.getInvoiceId());
        if (state.getVoided()) {
            return;
        }
        InvoiceLedgerState after = addAndReconcile(step, state, event, event.getEventTime(), invoice);
        step.timeline(after, event, invoice.getInvoiceId(), invoice.getTotalMinor(), "VOIDED");
    }

    private void applyPayment(Step step, CanonicalEvent event, InvoicePayment payment) {
        InvoiceLedgerState state = step.requireBooked(payment.getInvoiceId());
        if (state.getPaymentIds().contains(payment.getInvoicePaymentId())) {
            return;
        }
        InvoiceLedgerState after = addAndReconcile(step, state, event, payment.getPaidAt(), payment);
        step.timeline(after, event, payment.getInvoicePaymentId(), payment.getAmountMinor(),
                after.getArOutstandingMinor() <= 0 ? "PAID" : null);
        if (payment.getPaymentIntentId() != null) {
            step.paymentIntentLinks.put(payment.getPaymentIntentId(), payment.getInvoiceId());
            step.release(WaitKey.of(WaitKind.PAYMENT, payment.getPaymentIntentId()));
        }
    }

    private void applyCreditNote(Step step, CanonicalEvent event, CreditNote note) {
        InvoiceLedgerState state = step.requireBooked(note.getInvoiceId());
        if (state.getCreditNoteIds().contains(note.getCreditNoteId())) {
            return;
        }
        InvoiceLedgerState after = addAndReconcile(step, state, event, note.getEffectiveAt(), note);
        step.timeline(after, event, note.getCreditNoteId(), note.getTotalMinor(), "CREDITED");
    }

    private void applyRefund(Step step, CanonicalEvent event, Refund refund) {
        InvoiceLedgerState state = step.invoiceOfPayment("refund " + refund.getRefundId(), refund.getPaymentIntentId());
        if (state.getRefundIds().contains(refund.getRefundId())) {
            return;
        }
        InvoiceLedgerState after = addAndReconcile(step, state, event, refund.getCreatedAt(), refund);
        step.timeline(after, event, refund.getRefundId(), refund.getAmountMinor(), "REFUNDED");
    }

    private void applyDispute(Step step, CanonicalEvent event, Dispute dispute) {
        InvoiceLedgerState state = step.invoiceOfPayment("dispute " + dispute.getDisputeId(), dispute.getPaymentIntentId());
        if (DisputePostingRule.applied(state, dispute)) {
            return;
        }
        InvoiceLedgerState after = addAndReconcile(step, state, event, dispute.getOccurredAt(), dispute);
        step.timeline(after, event, dispute.getDisputeId(), dispute.getAmountMinor(), disputeStage(dispute));
    }

    private static String disputeStage(Dispute dispute) {
        return switch (dispute.getStep()) {
            case CREATED -> "DISPUTED";
            case FUNDS_WITHDRAWN -> "DISPUTE_FUNDS_WITHDRAWN";
            case FUNDS_REINSTATED -> "DISPUTE_FUNDS_REINSTATED";
            case CLOSED -> "lost".equals(dispute.getStatus()) ? "DISPUTE_LOST" : "won".equals(dispute.getStatus()) ? "DISPUTE_WON" : "DISPUTE_CLOSED";
            default -> null;
        };
    }

    /** Adds a document to its invoice and reconciles the invoice's entries with the replay of all its documents. */
    private InvoiceLedgerState addAndReconcile(Step step, InvoiceLedgerState state, CanonicalEvent event, Instant date, Object payload) {
        List<AppliedDocument> documents = new ArrayList<>(state.getDocuments());
        documents.add(new AppliedDocument(event.getEventId(), date, payload));
        state.setDocuments(documents);
        return reconcile(step, state, true);
    }

    // ------------------------------------------------------------------ recompute and correct by reversal

    /** The truth of one invoice: its entries and state recomputed from its documents in business order. */
    record Replay(InvoiceLedgerState state, List<JournalEntry> entries) {
    }

    private static final Comparator<AppliedDocument> BUSINESS_ORDER = Comparator
            .comparing(AppliedDocument::getDate)
            .thenComparingInt(Ledger::kindOrder)
            .thenComparing(Ledger::documentId);

    private static int kindOrder(AppliedDocument d) {
        Object p = d.getPayload();
        return p instanceof InvoicePayment ? 1 : p instanceof CreditNote ? 2 : p instanceof Refund ? 3 : p instanceof Dispute ? 4 : 5;
    }

    private static String documentId(AppliedDocument d) {
        Object p = d.getPayload();
        if (p instanceof InvoicePayment pay) {
            return pay.getInvoicePaymentId();
        } else if (p instanceof CreditNote note) {
            return note.getCreditNoteId();
        } else if (p instanceof Refund refund) {
            return refund.getRefundId();
        } else if (p instanceof Dispute dispute) {
            // the steps of one dispute on one instant in the order Stripe takes them
            return dispute.getDisputeId() + ":" + dispute.getStep().ordinal();
        }
        return ((BillingInvoice) p).getInvoiceId();
    }

    /**
     * Books the invoice afresh and applies its documents sorted by business date (then kind, then id), each
     * adjustment after recognition is brought up to its own date, and finally recognizes through the invoice's
     * recognized-through instant: exactly what in-order processing produces.
     */
    Replay replay(InvoiceLedgerState current, MasterDataView masterData) {
        InvoiceLedgerState s = InvoicePostingRule.book(current.getInvoice(), current.getBookingEventId(),
                current.getAccountId(), current.getCorrelationId(), masterData);
        String erpCustomer = masterData.crosswalk(s.getAccountId()).map(CustomerCrosswalk::getErpCustomerId).orElse(null);
        List<JournalEntry> out = new ArrayList<>();
        if (s.getInvoiceEntry() != null) {
            out.add(s.getInvoiceEntry());
        }
        catchUp(s, current.getInvoice().getEffectiveAt(), masterData, out);
        List<AppliedDocument> documents = new ArrayList<>(current.getDocuments());
        documents.sort(BUSINESS_ORDER);
        for (AppliedDocument d : documents) {
            Object p = d.getPayload();
            if (p instanceof InvoicePayment payment) {
                out.add(PaymentPostingRule.post(payment, d.getEventId(), s, erpCustomer, masterData));
            } else if (p instanceof CreditNote note) {
                catchUp(s, d.getDate(), masterData, out);
                out.add(CreditNotePostingRule.post(note, d.getEventId(), s, erpCustomer, masterData));
            } else if (p instanceof Refund refund) {
                catchUp(s, d.getDate(), masterData, out);
                out.add(RefundPostingRule.post(refund, d.getEventId(), s, masterData));
            } else if (p instanceof Dispute dispute) {
                catchUp(s, d.getDate(), masterData, out);
                DisputePostingRule.post(dispute, d.getEventId(), s, masterData).ifPresent(out::add);
            } else if (!s.getVoided()) {
                catchUp(s, d.getDate(), masterData, out);
                out.addAll(ReversalRule.voidInvoice(s, d.getEventId(), d.getDate(), masterData));
            }
        }
        if (current.getRecognizedThrough() != null) {
            catchUp(s, current.getRecognizedThrough(), masterData, out);
        }
        s.setDocuments(current.getDocuments());
        s.setRecognizedThrough(current.getRecognizedThrough());
        s.setPostedEntries(current.getPostedEntries());
        return new Replay(s, out);
    }

    private void catchUp(InvoiceLedgerState invoice, Instant until, MasterDataView masterData, List<JournalEntry> out) {
        out.addAll(RevenueRecognitionRule.catchUp(invoice, notAfterClock(until), masterData));
    }

    /** Months end for the ledger only as the pipeline clock passes them. */
    private Instant notAfterClock(Instant until) {
        Instant now = clock.instant();
        return until.isBefore(now) ? until : now;
    }

    /**
     * Replays the invoice and corrects what was posted for it: an entry posted and still standing that the replay
     * no longer has, or has with other content, is reversed ({@code <id>:reversed}, in its own posting date's
     * period); the replay's version is then posted under a revision id ({@code <base id>:r2}, {@code :r3}, ...); a
     * replayed entry never posted is posted under its own id. Saves the replayed state; returns it.
     */
    private InvoiceLedgerState reconcile(Step step, InvoiceLedgerState current, boolean save) {
        Replay replay = replay(current, step.masterData);
        List<JournalEntry> posted = new ArrayList<>(current.getPostedEntries());
        Map<String, JournalEntry> standing = new LinkedHashMap<>();
        Map<String, Integer> versions = new HashMap<>();
        for (JournalEntry e : posted) {
            if (e.getEntryId().endsWith(REVERSED)) {
                standing.values().removeIf(s -> s.getEntryId().equals(e.getReversesEntryId()));
            } else {
                String base = baseId(e.getEntryId());
                standing.put(base, e);
                versions.merge(base, 1, Integer::sum);
            }
        }
        Map<String, JournalEntry> replayed = new LinkedHashMap<>();
        replay.entries().forEach(e -> replayed.put(e.getEntryId(), e));
        List<JournalEntry> out = new ArrayList<>();
        for (Map.Entry<String, JournalEntry> s : standing.entrySet()) {
            JournalEntry truth = replayed.get(s.getKey());
            if (truth == null || !sameContent(s.getValue(), truth)) {
                out.add(reversal(s.getValue(), step.masterData));
            }
        }
        for (JournalEntry truth : replay.entries()) {
            JournalEntry standingVersion = standing.get(truth.getEntryId());
            if (standingVersion != null && sameContent(standingVersion, truth)) {
                continue;
            }
            int n = versions.getOrDefault(truth.getEntryId(), 0);
            out.add(n == 0 ? truth : JournalEntry.newBuilder(truth).setEntryId(truth.getEntryId() + ":r" + (n + 1)).build());
        }
        posted.addAll(out);
        InvoiceLedgerState state = replay.state();
        state.setPostedEntries(posted);
        out.forEach(step::journal);
        if (save || !out.isEmpty()) {
            step.save(state);
        }
        return state;
    }

    private static final String REVERSED = ":reversed";

    private static String baseId(String entryId) {
        return entryId.replaceFirst(":r[0-9]+$", "");
    }

    /** What places an entry on the calendar, and its id: neither makes a replayed entry "different". */
    private static final java.util.Set<String> PLACE_AND_ID = java.util.Set.of("entryId", "postingDate", "postingPeriod", "originalPeriod");
    private static final List<org.apache.avro.Schema.Field> CONTENT = JournalEntry.SCHEMA$.getFields().stream()
            .filter(f -> !PLACE_AND_ID.contains(f.name())).toList();

    /**
     * Same entry but for its id and where the calendar placed it (a period closing later must not make it
     * "different"): compared field by field, without copying either.
     */
    private static boolean sameContent(JournalEntry posted, JournalEntry truth) {
        for (org.apache.avro.Schema.Field field : CONTENT) {
            if (!Objects.equals(posted.get(field.pos()), truth.get(field.pos()))) {
                return false;
            }
        }
        return true;
    }

    private static JournalEntry reversal(JournalEntry posted, MasterDataView masterData) {
        Instant postedOn = LocalDate.parse(posted.getPostingDate()).atStartOfDay().toInstant(ZoneOffset.UTC);
        return ReversalRule.reverse(posted, posted.getEntryId() + REVERSED, posted.getSource().getEventId(), postedOn, masterData);
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

        /** The booked invoice of the payment a refund or dispute refers to through its payment intent. */
        InvoiceLedgerState invoiceOfPayment(String what, String paymentIntentId) {
            String linked = paymentIntentLinks.get(paymentIntentId);
            String invoiceId = (linked != null ? Optional.of(linked) : book.invoiceOfPaymentIntent(paymentIntentId))
                    .orElseThrow(() -> new PostingBlocked(Reason.AWAITING_PAYMENT, what + " refers to payment intent "
                            + paymentIntentId + " whose payment has not been booked yet", WaitKey.of(WaitKind.PAYMENT, paymentIntentId)));
            return requireBooked(invoiceId);
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
