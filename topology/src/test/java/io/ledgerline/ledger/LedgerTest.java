package io.ledgerline.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CrmSyncGap;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.contract.ContractState;
import io.ledgerline.core.ContractProjection;
import io.ledgerline.ingest.ErpMasterDataNormalizer;
import io.ledgerline.ingest.NormalizeResult;
import io.ledgerline.ingest.StripeEventNormalizer;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.posting.MasterDataView;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.waits.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The posting rules through the pure ledger: no Kafka, no test driver; state is a map, events come from the fixtures. */
class LedgerTest {

    private static final Path BASIC = Path.of("../fixtures/basic");
    private static final String ACME = "001C1AC32E5DD5537B";
    private static final String DUNMORE = "001BF16CA01647DA47";

    private final Ledger ledger = new Ledger(Clock.fixed(Instant.parse("2026-06-30T23:59:59Z"), ZoneOffset.UTC));
    private final MasterDataView masterData = new MasterDataView();
    private final Map<String, CanonicalEvent> events = new LinkedHashMap<>();
    private final Book book = new Book();

    /** The ledger's state as a map; what a result changes is saved as the processor would. */
    private static final class Book implements LedgerBook {
        final Map<String, InvoiceLedgerState> invoices = new HashMap<>();
        final Map<String, String> paymentIntents = new HashMap<>();
        final Map<String, ContractState> contracts = new HashMap<>();

        @Override
        public Optional<InvoiceLedgerState> invoice(String invoiceId) {
            return Optional.ofNullable(invoices.get(invoiceId)).map(s -> InvoiceLedgerState.newBuilder(s).build());
        }

        @Override
        public Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
            return Optional.ofNullable(paymentIntents.get(paymentIntentId));
        }

        @Override
        public Optional<ContractState> contract(String accountId) {
            return Optional.ofNullable(contracts.get(accountId));
        }

        void save(LedgerResult.Booked booked) {
            booked.invoices().forEach(i -> invoices.put(i.getInvoice().getInvoiceId(), i));
            paymentIntents.putAll(booked.paymentIntentLinks());
        }
    }

    LedgerTest() throws IOException {
        ErpMasterDataNormalizer erp = new ErpMasterDataNormalizer();
        for (String line : lines("erp-masterdata.jsonl")) {
            ((NormalizeResult.Accepted<io.ledgerline.canonical.MasterDataRecord>) erp.normalize(bytes(line))).values()
                    .forEach(masterData::apply);
        }
        StripeEventNormalizer stripe = new StripeEventNormalizer();
        for (String line : lines("stripe-events.jsonl")) {
            if (stripe.normalize(bytes(line)) instanceof NormalizeResult.Accepted<CanonicalEvent> accepted) {
                accepted.values().forEach(e -> events.put(e.getEventId(), e));
            }
        }
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(BASIC.resolve(file), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** A fixture event as the identity levels hand it to the ledger: with its account. */
    private CanonicalEvent event(String eventId, String accountId) {
        return CanonicalEvent.newBuilder(events.get(eventId)).setAccountId(accountId).build();
    }

    private LedgerResult apply(String eventId, String accountId) {
        return apply(ledger, book, eventId, accountId);
    }

    private LedgerResult apply(Ledger ledger, Book book, String eventId, String accountId) {
        CanonicalEvent event = event(eventId, accountId);
        ContractState contract = book.contracts.computeIfAbsent(accountId, ContractProjection::empty);
        ContractProjection.apply(contract, event);
        LedgerResult result = ledger.apply(event, book, masterData);
        if (result instanceof LedgerResult.Booked booked) {
            book.save(booked);
        }
        return result;
    }

    private static LedgerResult.Booked booked(LedgerResult result) {
        assertThat(result).isInstanceOf(LedgerResult.Booked.class);
        return (LedgerResult.Booked) result;
    }

    private static List<EntryType> types(LedgerResult result) {
        return booked(result).entries().stream().map(JournalEntry::getEntryType).toList();
    }

    @Test
    void aFinalizedInvoiceBooksItsEntryOnceAndReleasesWhatWaitsForIt() {
        apply("evt_3e60ec842e819d79fce3a513", ACME); // subscription
        LedgerResult.Booked result = booked(apply("evt_e6888f18edb7adacaffba308", ACME));
        assertThat(result.entries()).extracting(JournalEntry::getEntryType).startsWith(EntryType.INVOICE);
        assertThat(result.invoices()).singleElement().satisfies(i -> assertThat(i.getInvoice().getInvoiceId()).isEqualTo("in_Acme0001"));
        assertThat(result.released()).extracting(Object::toString).contains("invoice:in_Acme0001");
        assertThat(result.steps()).extracting(TimelineStep::stage).contains("INVOICED");

        assertThat(booked(apply("evt_e6888f18edb7adacaffba308", ACME)).entries()).as("booked once").isEmpty();
    }

    @Test
    void anInvoiceWaitsForItsSubscriptionSoItsTransactionIsKnown() {
        LedgerResult result = apply("evt_e6888f18edb7adacaffba308", ACME);
        assertThat(result).isEqualTo(new LedgerResult.Waiting(Reason.AWAITING_SUBSCRIPTION,
                "subscription sub_Acme0001 of invoice in_Acme0001 has not arrived yet",
                io.ledgerline.waits.WaitKey.parse("subscription:sub_Acme0001")));
    }

    @Test
    void aPaymentBeforeItsInvoiceWaitsForTheInvoice() {
        LedgerResult result = apply("evt_37e17887c8613af6b2d4731c", ACME);
        assertThat(result).isInstanceOfSatisfying(LedgerResult.Waiting.class, w -> {
            assertThat(w.reason()).isEqualTo(Reason.AWAITING_INVOICE);
            assertThat(w.waitingFor()).hasToString("invoice:in_Acme0001");
        });
    }

    @Test
    void aPaymentBooksCashAndLinksItsPaymentIntentForLaterRefunds() {
        apply("evt_2a1ba62f4d2b1495e06cd005", DUNMORE);
        apply("evt_6c6068399fde8506e2293a69", DUNMORE);
        LedgerResult result = apply("evt_c1d8046bb421f2c6047160c0", DUNMORE);
        assertThat(types(result)).containsExactly(EntryType.PAYMENT);
        assertThat(booked(result).paymentIntentLinks()).containsEntry("pi_Dunmore001", "in_Dunmore001");
        assertThat(booked(result).released()).extracting(Object::toString).containsExactly("payment_intent:pi_Dunmore001");
    }

    @Test
    void aRefundWaitsForThePaymentItRefundsThenSplitsContraAndDeferredRevenue() {
        apply("evt_2a1ba62f4d2b1495e06cd005", DUNMORE);
        apply("evt_6c6068399fde8506e2293a69", DUNMORE);
        assertThat(apply("evt_62be7bf2b837dcd082abd1d5", DUNMORE)).isInstanceOfSatisfying(LedgerResult.Waiting.class, w -> {
            assertThat(w.reason()).isEqualTo(Reason.AWAITING_PAYMENT);
            assertThat(w.waitingFor()).hasToString("payment_intent:pi_Dunmore001");
        });
        apply("evt_c1d8046bb421f2c6047160c0", DUNMORE);
        LedgerResult refund = apply("evt_62be7bf2b837dcd082abd1d5", DUNMORE);
        assertThat(types(refund)).endsWith(EntryType.REFUND);
        JournalEntry entry = booked(refund).entries().get(booked(refund).entries().size() - 1);
        assertThat(entry.getLines()).extracting(l -> l.getRole()).contains("CASH");
    }

    @Test
    void aCreditNoteCreditsAr() {
        apply("evt_2a1ba62f4d2b1495e06cd005", DUNMORE);
        apply("evt_6c6068399fde8506e2293a69", DUNMORE);
        assertThat(types(apply("evt_9e2aaf60858b1acab208ada1", DUNMORE))).endsWith(EntryType.CREDIT_NOTE);
    }

    @Test
    void aVoidReversesTheInvoice() {
        apply("evt_c6ccb445cf67beccc4b04fd6", "001284839C49DAA611");
        assertThat(types(apply("evt_114cda1c96fcb02b97e80a37", "001284839C49DAA611"))).contains(EntryType.REVERSAL);
    }

    @Test
    void anUnmappedProductWaitsForItsMappingAndNothingOfTheStepIsKept() {
        masterData.apply(io.ledgerline.canonical.MasterDataRecord.newBuilder().setKey("product_mapping:prod_onboarding")
                .setDeleted(true).setPayload(masterDataPayloadOf("product_mapping:prod_onboarding")).build());
        LedgerResult result = apply("evt_c6ccb445cf67beccc4b04fd6", "001284839C49DAA611");
        assertThat(result).isInstanceOfSatisfying(LedgerResult.Waiting.class, w -> {
            assertThat(w.reason()).isEqualTo(Reason.UNMAPPED_PRODUCT);
            assertThat(w.waitingFor()).hasToString("product_mapping:prod_onboarding");
        });
        assertThat(book.invoices).isEmpty();
    }

    @Test
    void aPaymentInAnotherCurrencyThanItsInvoiceIsAnInvalidDocumentForAnOperator() {
        apply("evt_2a1ba62f4d2b1495e06cd005", DUNMORE);
        apply("evt_6c6068399fde8506e2293a69", DUNMORE);
        CanonicalEvent payment = event("evt_c1d8046bb421f2c6047160c0", DUNMORE);
        InvoicePayment eur = InvoicePayment.newBuilder((InvoicePayment) payment.getPayload()).setCurrency("EUR").build();
        LedgerResult result = ledger.apply(CanonicalEvent.newBuilder(payment).setPayload(eur).build(), book, masterData);
        assertThat(result).isInstanceOfSatisfying(LedgerResult.Waiting.class, w -> {
            assertThat(w.reason()).isEqualTo(Reason.INVALID_DOCUMENT);
            assertThat(w.waitingFor()).hasToString("operator:evt_c1d8046bb421f2c6047160c0");
            assertThat(w.message()).contains("EUR", "USD");
        });
    }

    @Test
    void aCdcGapWaitsForTheRecordToBeResyncedAndFreshStateEndsIt() {
        CanonicalEvent gap = CanonicalEvent.newBuilder().setEventId("sfdc:gap:1").setSourceSystem(SourceSystem.SALESFORCE)
                .setEventType("GAP_UPDATE").setEventTime(Instant.parse("2026-03-01T00:00:00Z")).setAccountId(ACME)
                .setPayload(new CrmSyncGap("Opportunity", "006X", "GAP_UPDATE")).build();
        assertThat(ledger.apply(gap, book, masterData)).isInstanceOfSatisfying(LedgerResult.Waiting.class, w -> {
            assertThat(w.reason()).isEqualTo(Reason.CDC_GAP);
            assertThat(w.waitingFor()).hasToString("resync:006X");
        });
    }

    private Object masterDataPayloadOf(String key) {
        return new io.ledgerline.canonical.ProductMapping("prod_onboarding", io.ledgerline.canonical.RevenueRecognition.POINT_IN_TIME, null);
    }

    // ------------------------------------------------------------------ late adjustments are corrected, not booked prospectively

    private static final String DUNMORE_SUBSCRIPTION = "evt_2a1ba62f4d2b1495e06cd005";
    private static final String DUNMORE_INVOICE = "evt_6c6068399fde8506e2293a69";
    private static final String DUNMORE_PAYMENT = "evt_c1d8046bb421f2c6047160c0";
    private static final String DUNMORE_CREDIT_NOTE = "evt_9e2aaf60858b1acab208ada1"; // 2026-03-05
    private static final String DUNMORE_REFUND = "evt_62be7bf2b837dcd082abd1d5"; // 2026-06-15

    /** Applies the events in the order given (each booked), collecting every entry posted. */
    private List<JournalEntry> journal(Ledger ledger, Book book, String... eventIds) {
        List<JournalEntry> journal = new java.util.ArrayList<>();
        for (String id : eventIds) {
            journal.addAll(booked(apply(ledger, book, id, DUNMORE)).entries());
        }
        return journal;
    }

    private List<JournalEntry> tick(Ledger ledger, Book book, Instant until) {
        LedgerResult.Booked result = booked(ledger.recognize(book.invoices.get("in_Dunmore001"), until, book, masterData));
        book.save(result);
        return result.entries();
    }

    /** Signed balance (debit positive) per role, posting period and currency, transaction and functional amounts. */
    private static Map<String, Long> balances(List<JournalEntry> journal) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (JournalEntry e : journal) {
            for (io.ledgerline.journal.JournalLine l : e.getLines()) {
                long sign = l.getSide() == io.ledgerline.journal.Side.DEBIT ? 1 : -1;
                out.merge(l.getRole() + " " + e.getPostingPeriod() + " " + e.getCurrency(), sign * l.getAmountMinor(), Long::sum);
                out.merge(l.getRole() + " " + e.getPostingPeriod() + " " + e.getFunctionalCurrency() + " (functional)",
                        sign * l.getFunctionalAmountMinor(), Long::sum);
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }

    /** The fixture's credit note, dated 2026-05-05 instead: after two months were recognized, before the refund. */
    private static final String DUNMORE_MAY_CREDIT_NOTE = "evt_cn_dunmore_may";

    private void mayCreditNote() {
        CanonicalEvent note = events.get(DUNMORE_CREDIT_NOTE);
        Instant may5 = Instant.parse("2026-05-05T10:00:00Z");
        events.put(DUNMORE_MAY_CREDIT_NOTE, CanonicalEvent.newBuilder(note).setEventId(DUNMORE_MAY_CREDIT_NOTE).setEventTime(may5)
                .setPayload(io.ledgerline.canonical.CreditNote.newBuilder((io.ledgerline.canonical.CreditNote) note.getPayload())
                        .setEffectiveAt(may5).build()).build());
    }

    @Test
    void aRefundAppliedBeforeItsEarlierCreditNoteIsCorrectedToTheInOrderBalances() {
        mayCreditNote();
        List<JournalEntry> inOrder = journal(ledger, new Book(), DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE, DUNMORE_PAYMENT,
                DUNMORE_MAY_CREDIT_NOTE, DUNMORE_REFUND);
        assertThat(inOrder).extracting(JournalEntry::getEntryId).noneMatch(id -> id.endsWith(":reversed") || id.contains(":r2"));

        Book late = new Book();
        List<JournalEntry> beforeTheNote = journal(ledger, late, DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE, DUNMORE_PAYMENT, DUNMORE_REFUND);
        LedgerResult.Booked note = booked(apply(ledger, late, DUNMORE_MAY_CREDIT_NOTE, DUNMORE));
        List<JournalEntry> outOfOrder = new java.util.ArrayList<>(beforeTheNote);
        outOfOrder.addAll(note.entries());

        assertThat(balances(outOfOrder)).isEqualTo(balances(inOrder));
        List<String> ids = note.entries().stream().map(JournalEntry::getEntryId).toList();
        assertThat(ids).contains("stripe:refund:re_Dunmore0001:REFUND:1:reversed", "stripe:refund:re_Dunmore0001:REFUND:1:r2",
                "stripe:credit_note:cn_Dunmore0001:CREDIT_NOTE:1",
                "stripe:line_item:il_eb930be2d4bf8f:REVENUE_RECOGNITION:2026-05:reversed",
                "stripe:line_item:il_eb930be2d4bf8f:REVENUE_RECOGNITION:2026-05:r2");
        for (JournalEntry e : note.entries()) {
            if (e.getEntryId().endsWith(":reversed")) {
                JournalEntry reversed = beforeTheNote.stream().filter(b -> b.getEntryId().equals(e.getReversesEntryId()))
                        .findFirst().orElseThrow();
                assertThat(e.getEntryType()).isEqualTo(EntryType.REVERSAL);
                assertThat(e.getPostingPeriod()).as("reversed in the reversed entry's period").isEqualTo(reversed.getPostingPeriod());
                assertThat(e.getLines()).extracting(l -> l.getAmountMinor()).containsExactlyElementsOf(
                        reversed.getLines().stream().map(l -> l.getAmountMinor()).toList());
            }
        }
        // the correction is in place: the same documents again change nothing
        for (String id : List.of(DUNMORE_INVOICE, DUNMORE_PAYMENT, DUNMORE_REFUND, DUNMORE_MAY_CREDIT_NOTE)) {
            assertThat(booked(apply(ledger, late, id, DUNMORE)).entries()).as("again: %s", id).isEmpty();
        }
        assertThat(tick(ledger, late, Instant.parse("2026-06-30T00:00:00Z"))).isEmpty();
    }

    @Test
    void aRefundArrivingAfterLaterMonthsWereRecognizedGivesTheInOrderBalances() {
        Ledger september = new Ledger(Clock.fixed(Instant.parse("2026-09-30T12:00:00Z"), ZoneOffset.UTC));
        Instant tick = Instant.parse("2026-09-01T00:00:00Z");
        Book inOrderBook = new Book();
        List<JournalEntry> inOrder = journal(september, inOrderBook, DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE, DUNMORE_PAYMENT,
                DUNMORE_CREDIT_NOTE, DUNMORE_REFUND);
        inOrder.addAll(tick(september, inOrderBook, tick));

        Book late = new Book();
        List<JournalEntry> backlog = journal(september, late, DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE, DUNMORE_PAYMENT,
                DUNMORE_CREDIT_NOTE);
        backlog.addAll(tick(september, late, tick)); // June, July and August recognized on the un-replanned schedule
        assertThat(backlog).extracting(JournalEntry::getEntryId).contains("stripe:line_item:il_eb930be2d4bf8f:REVENUE_RECOGNITION:2026-08");
        LedgerResult.Booked refund = booked(apply(september, late, DUNMORE_REFUND, DUNMORE));
        backlog.addAll(refund.entries());

        assertThat(balances(backlog)).isEqualTo(balances(inOrder));
        assertThat(refund.entries()).extracting(JournalEntry::getEntryId).contains(
                "stripe:line_item:il_eb930be2d4bf8f:REVENUE_RECOGNITION:2026-08:reversed",
                "stripe:line_item:il_eb930be2d4bf8f:REVENUE_RECOGNITION:2026-08:r2",
                "stripe:refund:re_Dunmore0001:REFUND:1");
        assertThat(refund.entries()).extracting(JournalEntry::getEntryId)
                .noneMatch(id -> id.startsWith("stripe:line_item:il_eb930be2d4bf8f:REVENUE_RECOGNITION:2026-05"));
        assertThat(booked(apply(september, late, DUNMORE_REFUND, DUNMORE)).entries()).isEmpty();
        assertThat(tick(september, late, tick)).isEmpty();
    }

    // ------------------------------------------------------------------ disputes, customer credit, usage

    /** Adds a Stripe event given as JSON (normalized as the pipeline does) to the events the test can apply. */
    private String stripe(String json) {
        NormalizeResult<CanonicalEvent> result = new StripeEventNormalizer().normalize(bytes(json));
        assertThat(result).as(json).isInstanceOf(NormalizeResult.Accepted.class);
        CanonicalEvent e = ((NormalizeResult.Accepted<CanonicalEvent>) result).values().get(0);
        events.put(e.getEventId(), e);
        return e.getEventId();
    }

    private void glMapping(String role, String code) {
        String line = "{\"type\":\"gl_mapping\",\"legalEntity\":\"LE-US\",\"role\":\"" + role + "\",\"accountCode\":\"" + code + "\"}";
        ((NormalizeResult.Accepted<io.ledgerline.canonical.MasterDataRecord>) new ErpMasterDataNormalizer().normalize(bytes(line)))
                .values().forEach(masterData::apply);
    }

    private String disputeEvent(String eventId, String type, String created, String status, long fee) {
        String txn = fee < 0 ? "" : "{\"id\":\"txn_" + eventId + "\",\"amount\":-100000,\"fee\":" + fee + ",\"fee_details\":[]}";
        return stripe("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":"
                + Instant.parse(created).getEpochSecond() + ",\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\"dp_Dunmore01\","
                + "\"object\":\"dispute\",\"amount\":100000,\"currency\":\"usd\",\"charge\":\"ch_Dunmore001\","
                + "\"payment_intent\":\"pi_Dunmore001\",\"status\":\"" + status + "\",\"reason\":\"fraudulent\","
                + "\"balance_transactions\":[" + txn + "]}}}");
    }

    private static long net(List<JournalEntry> journal, String role) {
        return journal.stream().flatMap(e -> e.getLines().stream()).filter(l -> l.getRole().equals(role))
                .mapToLong(l -> l.getSide() == io.ledgerline.journal.Side.DEBIT ? l.getAmountMinor() : -l.getAmountMinor()).sum();
    }

    @Test
    void aLostDisputeMovesCashToDisputesReceivableAndThenClearsItAgainstRevenueLikeARefundInAnyOrder() {
        glMapping("DISPUTES_RECEIVABLE", "1250");
        glMapping("BANK_FEES", "6100");
        String withdrawn = disputeEvent("evt_dp_withdrawn", "charge.dispute.funds_withdrawn", "2026-05-10T09:00:00Z", "needs_response", 1500);
        String lost = disputeEvent("evt_dp_closed", "charge.dispute.closed", "2026-05-20T09:00:00Z", "lost", -1);
        Book inOrderBook = new Book();
        List<JournalEntry> inOrder = journal(ledger, inOrderBook, DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE, DUNMORE_PAYMENT,
                DUNMORE_CREDIT_NOTE, withdrawn, lost, DUNMORE_REFUND);
        inOrder.addAll(tick(ledger, inOrderBook, Instant.parse("2026-06-30T00:00:00Z")));

        JournalEntry dispute = inOrder.stream().filter(e -> e.getEntryId().equals("stripe:dispute:dp_Dunmore01:DISPUTE:1")).findFirst().orElseThrow();
        assertThat(dispute.getEntryType()).isEqualTo(EntryType.DISPUTE);
        assertThat(net(List.of(dispute), "DISPUTES_RECEIVABLE")).isEqualTo(100000);
        assertThat(net(List.of(dispute), "BANK_FEES")).isEqualTo(1500);
        assertThat(net(List.of(dispute), "CASH")).isEqualTo(-101500);
        JournalEntry lostEntry = inOrder.stream().filter(e -> e.getEntryId().equals("stripe:dispute:dp_Dunmore01:DISPUTE_LOST:1")).findFirst().orElseThrow();
        long contra = net(List.of(lostEntry), "CONTRA_REVENUE");
        long deferred = net(List.of(lostEntry), "DEFERRED_REVENUE");
        // recognized by 2026-05-20: March and April of 500,000 still deferred after the credit note, so a share is contra
        assertThat(contra).isPositive();
        assertThat(deferred).isPositive();
        assertThat(contra + deferred).isEqualTo(100000);
        assertThat(net(List.of(lostEntry), "DISPUTES_RECEIVABLE")).isEqualTo(-100000);
        assertThat(net(inOrder, "DISPUTES_RECEIVABLE")).as("cleared").isZero();
        assertThat(inOrderBook.invoices.get("in_Dunmore001").getDisputes()).singleElement()
                .satisfies(d -> assertThat(d.getLostMinor()).isEqualTo(100000));

        // the close before the withdrawal, the refund before both: corrected to the same balances
        Book shuffled = new Book();
        List<JournalEntry> outOfOrder = journal(ledger, shuffled, DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE, DUNMORE_PAYMENT,
                DUNMORE_REFUND, lost, DUNMORE_CREDIT_NOTE, withdrawn);
        outOfOrder.addAll(tick(ledger, shuffled, Instant.parse("2026-06-30T00:00:00Z")));
        assertThat(balances(outOfOrder)).isEqualTo(balances(inOrder));
        assertThat(booked(apply(ledger, shuffled, lost, DUNMORE)).entries()).as("a step applied once").isEmpty();
    }

    @Test
    void aDisputeWonReturnsTheCashAndKeepsTheFee() {
        glMapping("DISPUTES_RECEIVABLE", "1250");
        glMapping("BANK_FEES", "6100");
        String withdrawn = disputeEvent("evt_dp_withdrawn", "charge.dispute.funds_withdrawn", "2026-05-10T09:00:00Z", "needs_response", 1500);
        String reinstated = disputeEvent("evt_dp_reinstated", "charge.dispute.funds_reinstated", "2026-06-01T09:00:00Z", "won", -1);
        String closed = disputeEvent("evt_dp_closed_won", "charge.dispute.closed", "2026-06-01T09:00:00Z", "won", -1);
        List<JournalEntry> journal = journal(ledger, new Book(), DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE, DUNMORE_PAYMENT,
                withdrawn, reinstated, closed);
        assertThat(journal).extracting(JournalEntry::getEntryId).contains("stripe:dispute:dp_Dunmore01:DISPUTE:1",
                "stripe:dispute:dp_Dunmore01:DISPUTE_WON:1").noneMatch(id -> id.contains("DISPUTE_LOST"));
        assertThat(net(journal, "DISPUTES_RECEIVABLE")).isZero();
        assertThat(net(journal, "BANK_FEES")).isEqualTo(1500);
        assertThat(net(journal, "CONTRA_REVENUE")).isZero();
    }

    @Test
    void aDisputeBeforeItsPaymentWaitsForThePayment() {
        String withdrawn = disputeEvent("evt_dp_withdrawn", "charge.dispute.funds_withdrawn", "2026-05-10T09:00:00Z", "needs_response", 1500);
        journal(ledger, book, DUNMORE_SUBSCRIPTION, DUNMORE_INVOICE);
        LedgerResult waiting = apply(withdrawn, DUNMORE);
        assertThat(waiting).isInstanceOf(LedgerResult.Waiting.class);
        assertThat(((LedgerResult.Waiting) waiting).reason()).isEqualTo(Reason.AWAITING_PAYMENT);
    }
}
