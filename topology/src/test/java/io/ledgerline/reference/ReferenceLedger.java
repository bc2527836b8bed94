package io.ledgerline.reference;

import io.ledgerline.common.SourceRef;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.money.Currencies;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent, deliberately plain implementation of docs/posting-rules.md: no Kafka, no state stores,
 * just the history replayed in business-time order with BigDecimal/long arithmetic (half-up rounding).
 *
 * <p>Events are applied at their own instants. Before a credit note, refund or void is applied, the
 * invoice's schedule is brought up to that instant (months whose end instant is at or before it and at or
 * before as-of); at the end every live schedule is brought up to as-of.
 *
 * <p>Subscription changes, usage and disputes follow DESIGN.md and the posting contract (briefs/contract.md): a
 * negative invoice credits CUSTOMER_CREDIT instead of debiting AR, an invoice with a negative starting balance
 * debits CUSTOMER_CREDIT the credit applied and AR amount_due; a negative ratable proration line debits
 * DEFERRED_REVENUE and its schedule is that of its absolute amount, negated; a USAGE line credits REVENUE with its
 * quantity and service period; funds withdrawn → DISPUTE, reinstated → DISPUTE_WON, closed lost → DISPUTE_LOST split
 * like a refund; on one instant an invoice's payments, credit notes, refunds, disputes, then the void.
 */
public final class ReferenceLedger {

    private final History h;
    private final Instant asOf;
    private final Map<String, History.LegalEntity> legalEntities = new HashMap<>();
    private final Map<String, TreeMap<YearMonth, Boolean>> periods = new HashMap<>();
    private final Map<String, String> glCodes = new HashMap<>();
    /** product → RATABLE, POINT_IN_TIME or USAGE */
    private final Map<String, String> recognition = new HashMap<>();
    private final Map<String, TreeMap<LocalDate, BigDecimal>> rates = new HashMap<>();
    private final Map<String, History.Crosswalk> crosswalkByCustomer = new HashMap<>();
    private final Map<String, History.Customer> customers = new HashMap<>();
    private final Map<String, History.Subscription> subscriptions = new HashMap<>();
    private final Map<String, History.Payment> paymentByIntent = new HashMap<>();
    private final Map<String, Book> books = new LinkedHashMap<>();
    private final List<JournalEntry> journal = new ArrayList<>();
    /** Situations the posting rules, applied literally, do not define sensibly (see {@link #outsideTheRules}). */
    private final List<String> outsideRules = new ArrayList<>();

    private ReferenceLedger(History h) {
        this.h = h;
        this.asOf = h.asOf();
        h.legalEntities().forEach(le -> legalEntities.put(le.id(), le));
        h.periods().forEach(p -> periods.computeIfAbsent(p.legalEntity(), k -> new TreeMap<>()).put(p.month(), p.open()));
        h.glMappings().forEach(g -> glCodes.put(g.legalEntity() + "/" + g.role(), g.accountCode()));
        h.products().forEach(p -> recognition.put(p.id(), p.recognition()));
        h.fxRates().forEach(r -> rates.computeIfAbsent(r.from() + ">" + r.to(), k -> new TreeMap<>())
                .put(r.date(), new BigDecimal(r.rate())));
        h.crosswalks().forEach(c -> crosswalkByCustomer.put(c.billingCustomerId(), c));
        h.customers().forEach(c -> customers.put(c.id(), c));
        h.subscriptions().forEach(s -> subscriptions.put(s.id(), s));
        h.payments().forEach(p -> paymentByIntent.put(p.paymentIntentId(), p));
    }

    /** Whether the journal schema can carry a usage line's quantity and service period (JournalLine.quantity, ...). */
    public static final boolean SCHEMA_HAS_USAGE_FIELDS = JournalLine.getClassSchema().getField("quantity") != null
            && JournalLine.getClassSchema().getField("servicePeriodStart") != null
            && JournalLine.getClassSchema().getField("servicePeriodEnd") != null;
    /** Whether the journal schema has the dispute entry types. */
    public static final boolean SCHEMA_HAS_DISPUTE_TYPES = java.util.Arrays.stream(EntryType.values())
            .map(Enum::name).toList().containsAll(List.of("DISPUTE", "DISPUTE_WON", "DISPUTE_LOST"));

    /** The journal the posting rules call for, for the whole history, as of {@code h.asOf()}. */
    public static List<JournalEntry> post(History h) {
        return new ReferenceLedger(h).run();
    }

    /**
     * Where the literal rules break down for this history: a schedule month whose half-up share leaves the last
     * month (which takes the remainder) negative in either currency, or a month that would be zero in transaction
     * currency but not in functional currency (a DEFERRED/REVENUE line may not carry a functional amount alone),
     * or a refund whose proportional split takes more from a line than it has deferred. Empty for every history
     * the rules define; the property test only generates such histories.
     */
    public static List<String> outsideTheRules(History h) {
        ReferenceLedger ledger = new ReferenceLedger(h);
        ledger.run();
        return ledger.outsideRules;
    }

    // ------------------------------------------------------------------ replay in business time

    private record Event(Instant at, int order, String id, Runnable apply) {
    }

    private List<JournalEntry> run() {
        List<Event> events = new ArrayList<>();
        h.invoices().forEach(i -> events.add(new Event(i.effectiveAt(), 0, i.id(), () -> invoice(i))));
        h.payments().forEach(p -> events.add(new Event(p.paidAt(), 1, p.id(), () -> payment(p))));
        h.creditNotes().forEach(c -> events.add(new Event(c.effectiveAt(), 2, c.id(), () -> creditNote(c))));
        h.refunds().forEach(r -> events.add(new Event(r.createdAt(), 3, r.id(), () -> refund(r))));
        for (History.Dispute d : h.disputes()) {
            events.add(new Event(d.withdrawnAt(), 4, d.id() + ":w", () -> disputeWithdrawn(d)));
            if ("won".equals(d.outcome())) {
                events.add(new Event(d.closedAt(), 4, d.id() + ":r", () -> disputeWon(d)));
            } else if ("lost".equals(d.outcome())) {
                events.add(new Event(d.closedAt(), 4, d.id() + ":x", () -> disputeLost(d)));
            }
        }
        h.voids().forEach(v -> events.add(new Event(v.voidedAt(), 5, v.invoiceId(), () -> voidInvoice(v))));
        events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::order).thenComparing(Event::id));
        for (Event e : events) {
            e.apply().run();
        }
        for (Book b : books.values()) {
            if (!b.voided) {
                catchUp(b, asOf);
            }
        }
        return journal;
    }

    // ------------------------------------------------------------------ per-invoice state

    /** What the ledger knows about one invoice. */
    private final class Book {
        final History.Invoice inv;
        final History.LegalEntity le;
        final String erpCustomerId;
        final String accountId;
        final String correlationId;
        final BigDecimal rate;
        final List<Line> ratableLines = new ArrayList<>();
        final List<JournalEntry> recognitions = new ArrayList<>();
        JournalEntry invoiceEntry;
        long pointInTimeNet;
        long revenueTakenBackByCreditNotes;
        boolean voided;
        /** per dispute: the functional amount DISPUTES_RECEIVABLE was debited with when the funds were withdrawn */
        final Map<String, Long> disputeReceivable = new HashMap<>();

        Book(History.Invoice inv) {
            this.inv = inv;
            History.Crosswalk cw = crosswalkByCustomer.get(inv.customerId());
            if (cw == null) {
                throw new IllegalStateException("no crosswalk for " + inv.customerId());
            }
            this.le = legalEntities.get(cw.legalEntity());
            this.erpCustomerId = cw.erpCustomerId();
            History.Customer c = customers.get(inv.customerId());
            this.accountId = c == null ? cw.crmAccountId() : c.crmAccountId();
            if (inv.subscriptionId() == null) {
                this.correlationId = inv.id();
            } else {
                History.Subscription s = subscriptions.get(inv.subscriptionId());
                if (s == null) {
                    throw new IllegalStateException("unknown subscription " + inv.subscriptionId());
                }
                this.correlationId = s.opportunityId() != null ? s.opportunityId() : s.id();
            }
            this.rate = rateOf(inv.currency(), le.functionalCurrency(), date(inv.effectiveAt()));
        }

        long toFunctional(long minor) {
            return convert(minor, inv.currency(), le.functionalCurrency(), rate);
        }

        Line line(String lineId) {
            return ratableLines.stream().filter(l -> l.src.id().equals(lineId)).findFirst().orElse(null);
        }

        long recognizedSoFar() {
            return ratableLines.stream().mapToLong(l -> l.recognized).sum() + pointInTimeNet - revenueTakenBackByCreditNotes;
        }

        long deferredTotal() {
            return ratableLines.stream().mapToLong(l -> l.deferred).sum();
        }
    }

    /** One ratable invoice line: its deferred balance in both currencies and the plan for the months not yet recognized. */
    private static final class Line {
        final History.InvoiceLine src;
        final List<YearMonth> months = new ArrayList<>();
        final List<Long> days = new ArrayList<>();
        long[] plan;
        long[] planFunctional;
        int next;
        long deferred;
        long deferredFunctional;
        long recognized;

        final java.util.function.LongUnaryOperator toFunctional;

        Line(History.InvoiceLine src, long functionalNet, java.util.function.LongUnaryOperator toFunctional) {
            this.src = src;
            this.toFunctional = toFunctional;
            LocalDate start = date(src.periodStart());
            LocalDate end = date(src.periodEnd());
            if (!end.isAfter(start)) {
                throw new IllegalStateException("ratable line " + src.id() + " has an empty service period");
            }
            for (YearMonth m = YearMonth.from(start); m.atDay(1).isBefore(end); m = m.plusMonths(1)) {
                LocalDate from = start.isAfter(m.atDay(1)) ? start : m.atDay(1);
                LocalDate to = end.isBefore(m.plusMonths(1).atDay(1)) ? end : m.plusMonths(1).atDay(1);
                months.add(m);
                days.add(ChronoUnit.DAYS.between(from, to));
            }
            this.deferred = src.net();
            this.deferredFunctional = functionalNet;
            replan();
        }

        /**
         * Spreads what is left over the months not yet recognized by their days; the last month takes the remainder.
         * In functional currency each month is its amount converted at the invoice's rate, the last month taking
         * what is left of the functional balance. (posting-rules.md says "its share of the line's functional
         * amount"; the readings functional × days ÷ days and functional × amount ÷ balance differ by a unit now and
         * then. This one is what the topology does and keeps "each line converted on its own".)
         */
        void replan() {
            plan = new long[months.size()];
            planFunctional = new long[months.size()];
            long restDays = 0;
            for (int i = next; i < months.size(); i++) {
                restDays += days.get(i);
            }
            long given = 0;
            long givenFunctional = 0;
            for (int i = next; i < months.size(); i++) {
                if (i == months.size() - 1) {
                    plan[i] = deferred - given;
                    planFunctional[i] = deferredFunctional - givenFunctional;
                } else {
                    plan[i] = share(deferred, days.get(i), restDays);
                    // the month's amount converted at the invoice's rate (the line's historical rate)
                    planFunctional[i] = toFunctional.applyAsLong(plan[i]);
                    given += plan[i];
                    givenFunctional += planFunctional[i];
                }
            }
        }
    }

    // ------------------------------------------------------------------ the rules

    private void invoice(History.Invoice inv) {
        Book b = new Book(inv);
        books.put(inv.id(), b);
        Draft d = new Draft("stripe:invoice:" + inv.id() + ":INVOICE:1", EntryType.INVOICE, b, date(inv.effectiveAt()),
                b.rate, source("invoice", inv.id(), inv.finalizedEventId()));
        long total = inv.total();
        if (total < 0) {
            // a negative invoice credits the customer instead of debiting AR (contract.md: customer credit)
            d.line("CUSTOMER_CREDIT", Side.CREDIT, -total, b.toFunctional(-total), null, null);
        } else if (inv.appliedCredit() > 0) {
            d.line("CUSTOMER_CREDIT", Side.DEBIT, inv.appliedCredit(), b.toFunctional(inv.appliedCredit()), null, null);
            d.line("AR", Side.DEBIT, inv.amountDue(), b.toFunctional(inv.amountDue()), null, b.erpCustomerId);
        } else {
            d.line("AR", Side.DEBIT, total, b.toFunctional(total), null, b.erpCustomerId);
        }
        for (History.InvoiceLine l : inv.lines()) {
            String treatment = recognition.get(l.productId());
            if (treatment == null) {
                throw new IllegalStateException("unmapped product " + l.productId());
            }
            long net = l.net();
            long netFunctional = b.toFunctional(net);
            if (treatment.equals("RATABLE")) {
                d.line("DEFERRED_REVENUE", Side.CREDIT, net, netFunctional, l.productId(), null);
                b.ratableLines.add(new Line(l, netFunctional, b::toFunctional));
            } else if (treatment.equals("USAGE")) {
                // revenue when invoiced; the line keeps the billed quantity and the service period
                d.usageLine(net, netFunctional, l);
                b.pointInTimeNet += net;
            } else {
                d.line("REVENUE", Side.CREDIT, net, netFunctional, l.productId(), null);
                b.pointInTimeNet += net;
            }
        }
        d.line("TAX_PAYABLE", Side.CREDIT, inv.tax(), b.toFunctional(inv.tax()), null, null);
        if (d.lines.isEmpty()) {
            return; // an invoice that is zero throughout posts nothing
        }
        b.invoiceEntry = d.buildWithRounding();
        journal.add(b.invoiceEntry);
    }

    /** Recognizes every month of b's ratable lines that ended at or before {@code until} and at or before as-of. */
    private void catchUp(Book b, Instant until) {
        Instant limit = until.isAfter(asOf) ? asOf : until;
        for (Line l : b.ratableLines) {
            while (l.next < l.months.size()) {
                YearMonth m = l.months.get(l.next);
                Instant monthEnd = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (monthEnd.isAfter(limit)) {
                    break;
                }
                long amount = l.plan[l.next];
                long functional = l.planFunctional[l.next];
                long sign = Long.signum(l.src.net());
                if (sign * amount < 0 || sign * functional < 0 || (amount == 0 && functional != 0)) {
                    outsideRules.add(l.src.id() + " " + m + ": month share " + amount + " / functional " + functional);
                }
                l.deferred -= amount;
                l.deferredFunctional -= functional;
                l.recognized += amount;
                l.next++;
                if (amount == 0 && functional == 0) {
                    continue;
                }
                Draft d = new Draft("stripe:line_item:" + l.src.id() + ":REVENUE_RECOGNITION:" + m, EntryType.REVENUE_RECOGNITION,
                        b, m.atEndOfMonth(), b.rate, source("line_item", l.src.id(), b.inv.finalizedEventId()));
                d.line("DEFERRED_REVENUE", Side.DEBIT, amount, functional, l.src.productId(), null);
                d.line("REVENUE", Side.CREDIT, amount, functional, l.src.productId(), null);
                JournalEntry e = d.build();
                b.recognitions.add(e);
                journal.add(e);
            }
        }
    }

    private void payment(History.Payment p) {
        Book b = book(p.invoiceId());
        LocalDate day = date(p.paidAt());
        BigDecimal payRate = rateOf(b.inv.currency(), b.le.functionalCurrency(), day);
        Draft d = new Draft("stripe:invoice_payment:" + p.id() + ":PAYMENT:1", EntryType.PAYMENT, b, day, payRate,
                source("invoice_payment", p.id(), p.eventId()));
        long cash = convert(p.amount(), b.inv.currency(), b.le.functionalCurrency(), payRate);
        long ar = b.toFunctional(p.amount());
        d.line("CASH", Side.DEBIT, p.amount(), cash, null, null);
        d.line("AR", Side.CREDIT, p.amount(), ar, null, b.erpCustomerId);
        if (cash > ar) {
            d.line("FX_GAIN_LOSS", Side.CREDIT, 0, cash - ar, null, null); // gain
        } else if (ar > cash) {
            d.line("FX_GAIN_LOSS", Side.DEBIT, 0, ar - cash, null, null); // loss
        }
        journal.add(d.build());
    }

    private void creditNote(History.CreditNote cn) {
        Book b = book(cn.invoiceId());
        catchUp(b, cn.effectiveAt());
        Draft d = new Draft("stripe:credit_note:" + cn.id() + ":CREDIT_NOTE:1", EntryType.CREDIT_NOTE, b,
                date(cn.effectiveAt()), b.rate, source("credit_note", cn.id(), cn.eventId()));
        for (History.CreditNoteLine cl : cn.lines()) {
            long c = cl.amount();
            History.InvoiceLine il = cl.invoiceLineId() == null ? null : b.inv.line(cl.invoiceLineId());
            Line ratableLine = il == null ? null : b.line(il.id());
            String product = il == null ? null : il.productId();
            if (ratableLine != null) {
                long fromDeferred = Math.min(c, ratableLine.deferred);
                long fromDeferredFunctional = fromDeferred == ratableLine.deferred
                        ? ratableLine.deferredFunctional
                        : b.toFunctional(fromDeferred);
                long fromRevenue = c - fromDeferred;
                d.line("DEFERRED_REVENUE", Side.DEBIT, fromDeferred, fromDeferredFunctional, product, null);
                d.line("REVENUE", Side.DEBIT, fromRevenue, b.toFunctional(fromRevenue), product, null);
                b.revenueTakenBackByCreditNotes += fromRevenue;
                if (fromDeferred != 0) {
                    ratableLine.deferred -= fromDeferred;
                    ratableLine.deferredFunctional -= fromDeferredFunctional;
                    ratableLine.replan();
                }
            } else {
                d.line("REVENUE", Side.DEBIT, c, b.toFunctional(c), product, null);
                b.revenueTakenBackByCreditNotes += c;
            }
        }
        d.line("TAX_PAYABLE", Side.DEBIT, cn.tax(), b.toFunctional(cn.tax()), null, null);
        d.line("AR", Side.CREDIT, cn.total(), b.toFunctional(cn.total()), null, b.erpCustomerId);
        journal.add(d.buildWithRounding());
    }

    private void refund(History.Refund r) {
        History.Payment p = paymentByIntent.get(r.paymentIntentId());
        if (p == null) {
            throw new IllegalStateException("refund " + r.id() + " of unknown payment intent " + r.paymentIntentId());
        }
        Book b = book(p.invoiceId());
        catchUp(b, r.createdAt());
        Split split = takeBack(b, r.amount(), r.id());
        long contra = split.contra;
        long fromDeferred = split.fromDeferred;
        long fromDeferredFunctional = split.fromDeferredFunctional;

        LocalDate day = date(r.createdAt());
        BigDecimal refundRate = rateOf(b.inv.currency(), b.le.functionalCurrency(), day);
        Draft d = new Draft("stripe:refund:" + r.id() + ":REFUND:1", EntryType.REFUND, b, day, refundRate,
                source("refund", r.id(), r.eventId()));
        long contraFunctional = b.toFunctional(contra);
        long cash = convert(r.amount(), b.inv.currency(), b.le.functionalCurrency(), refundRate);
        d.line("CONTRA_REVENUE", Side.DEBIT, contra, contraFunctional, null, null);
        d.line("DEFERRED_REVENUE", Side.DEBIT, fromDeferred, fromDeferredFunctional, null, null);
        d.line("CASH", Side.CREDIT, r.amount(), cash, null, null);
        long debits = contraFunctional + fromDeferredFunctional;
        if (cash > debits) {
            d.line("FX_GAIN_LOSS", Side.DEBIT, 0, cash - debits, null, null); // paid back more than the revenue was worth: loss
        } else if (debits > cash) {
            d.line("FX_GAIN_LOSS", Side.CREDIT, 0, debits - cash, null, null);
        }
        journal.add(d.build());
    }

    /** What a refund (or a lost dispute) of {@code amount} takes back: contra revenue and the deferred part, taken from the lines. */
    private static final class Split {
        long contra;
        long fromDeferred;
        long fromDeferredFunctional;
    }

    /** The refund split (posting-rules.md "Refund split"), re-planning the lines it takes deferred revenue from. */
    private Split takeBack(Book b, long amount, String what) {
        long recognized = b.recognizedSoFar();
        long deferredTotal = b.deferredTotal();
        long contra = recognized + deferredTotal == 0
                ? amount
                : share(amount, recognized, recognized + deferredTotal);
        long fromDeferred = amount - contra;

        // take fromDeferred from the ratable lines in proportion to their deferred balances, largest line last
        long fromDeferredFunctional = 0;
        List<Line> lines = new ArrayList<>(b.ratableLines.stream().filter(l -> l.deferred > 0).toList());
        lines.sort(Comparator.comparingLong(l -> l.deferred)); // stable: ties keep invoice line order
        long given = 0;
        for (int i = 0; i < lines.size() && fromDeferred > 0; i++) {
            Line l = lines.get(i);
            long take = i == lines.size() - 1 ? fromDeferred - given : share(fromDeferred, l.deferred, deferredTotal);
            given += take;
            if (take > l.deferred) {
                outsideRules.add(what + " takes " + take + " from " + l.src.id() + " which has " + l.deferred + " deferred");
            }
            long takeFunctional = take == l.deferred ? l.deferredFunctional : b.toFunctional(take);
            fromDeferredFunctional += takeFunctional;
            if (take != 0) {
                l.deferred -= take;
                l.deferredFunctional -= takeFunctional;
                l.replan();
            }
        }
        Split split = new Split();
        split.contra = contra;
        split.fromDeferred = fromDeferred;
        split.fromDeferredFunctional = fromDeferredFunctional;
        return split;
    }

    // disputes (contract.md): funds withdrawn → DISPUTE, reinstated → DISPUTE_WON, closed lost → DISPUTE_LOST

    private Book disputedBook(History.Dispute dp) {
        History.Payment p = paymentByIntent.get(dp.paymentIntentId());
        if (p == null) {
            throw new IllegalStateException("dispute " + dp.id() + " of unknown payment intent " + dp.paymentIntentId());
        }
        return book(p.invoiceId());
    }

    private void disputeWithdrawn(History.Dispute dp) {
        Book b = disputedBook(dp);
        LocalDate day = date(dp.withdrawnAt());
        BigDecimal rate = rateOf(b.inv.currency(), b.le.functionalCurrency(), day);
        Draft d = new Draft("stripe:dispute:" + dp.id() + ":DISPUTE:1", EntryType.valueOf("DISPUTE"), b, day, rate,
                source("dispute", dp.id(), dp.eventPrefix() + "w"));
        long receivable = convert(dp.amount(), b.inv.currency(), b.le.functionalCurrency(), rate);
        d.line("DISPUTES_RECEIVABLE", Side.DEBIT, dp.amount(), receivable, null, null);
        d.line("BANK_FEES", Side.DEBIT, dp.fee(), convert(dp.fee(), b.inv.currency(), b.le.functionalCurrency(), rate), null, null);
        d.line("CASH", Side.CREDIT, dp.amount() + dp.fee(),
                convert(dp.amount() + dp.fee(), b.inv.currency(), b.le.functionalCurrency(), rate), null, null);
        b.disputeReceivable.put(dp.id(), receivable);
        journal.add(d.buildWithRounding());
    }

    private void disputeWon(History.Dispute dp) {
        Book b = disputedBook(dp);
        LocalDate day = date(dp.closedAt());
        BigDecimal rate = rateOf(b.inv.currency(), b.le.functionalCurrency(), day);
        Draft d = new Draft("stripe:dispute:" + dp.id() + ":DISPUTE_WON:1", EntryType.valueOf("DISPUTE_WON"), b, day, rate,
                source("dispute", dp.id(), dp.eventPrefix() + "r"));
        long cash = convert(dp.amount(), b.inv.currency(), b.le.functionalCurrency(), rate);
        long receivable = b.disputeReceivable.get(dp.id());
        d.line("CASH", Side.DEBIT, dp.amount(), cash, null, null);
        d.line("DISPUTES_RECEIVABLE", Side.CREDIT, dp.amount(), receivable, null, null);
        if (cash > receivable) {
            d.line("FX_GAIN_LOSS", Side.CREDIT, 0, cash - receivable, null, null); // gain
        } else if (receivable > cash) {
            d.line("FX_GAIN_LOSS", Side.DEBIT, 0, receivable - cash, null, null);
        }
        journal.add(d.build());
    }

    private void disputeLost(History.Dispute dp) {
        Book b = disputedBook(dp);
        catchUp(b, dp.closedAt());
        Split split = takeBack(b, dp.amount(), dp.id());
        LocalDate day = date(dp.closedAt());
        BigDecimal rate = rateOf(b.inv.currency(), b.le.functionalCurrency(), day);
        Draft d = new Draft("stripe:dispute:" + dp.id() + ":DISPUTE_LOST:1", EntryType.valueOf("DISPUTE_LOST"), b, day, rate,
                source("dispute", dp.id(), dp.eventPrefix() + "x"));
        long contraFunctional = b.toFunctional(split.contra);
        long receivable = b.disputeReceivable.get(dp.id());
        d.line("CONTRA_REVENUE", Side.DEBIT, split.contra, contraFunctional, null, null);
        d.line("DEFERRED_REVENUE", Side.DEBIT, split.fromDeferred, split.fromDeferredFunctional, null, null);
        d.line("DISPUTES_RECEIVABLE", Side.CREDIT, dp.amount(), receivable, null, null);
        long debits = contraFunctional + split.fromDeferredFunctional;
        if (receivable > debits) {
            d.line("FX_GAIN_LOSS", Side.DEBIT, 0, receivable - debits, null, null);
        } else if (debits > receivable) {
            d.line("FX_GAIN_LOSS", Side.CREDIT, 0, debits - receivable, null, null);
        }
        journal.add(d.build());
    }

    private void voidInvoice(History.InvoiceVoid v) {
        Book b = book(v.invoiceId());
        catchUp(b, v.voidedAt());
        b.voided = true;
        LocalDate day = date(v.voidedAt());
        if (b.invoiceEntry != null) {
            journal.add(reversal("stripe:invoice:" + b.inv.id() + ":REVERSAL:1", b, b.invoiceEntry, day,
                    source("invoice", b.inv.id(), v.eventId())));
        }
        for (JournalEntry rec : b.recognitions) {
            String lineId = rec.getSource().getObjectId();
            String month = rec.getEntryId().substring(rec.getEntryId().lastIndexOf(':') + 1);
            journal.add(reversal("stripe:line_item:" + lineId + ":REVERSAL:" + month, b, rec, day,
                    source("line_item", lineId, v.eventId())));
        }
    }

    private JournalEntry reversal(String id, Book b, JournalEntry original, LocalDate day, SourceRef source) {
        Draft d = new Draft(id, EntryType.REVERSAL, b, day, new BigDecimal(original.getExchangeRate()), source);
        d.reverses = original.getEntryId();
        for (JournalLine l : original.getLines()) {
            d.lines.add(JournalLine.newBuilder(l).setSide(l.getSide() == Side.DEBIT ? Side.CREDIT : Side.DEBIT).build());
        }
        return d.build();
    }

    private Book book(String invoiceId) {
        Book b = books.get(invoiceId);
        if (b == null) {
            throw new IllegalStateException("event for an invoice that is not finalized (in business time): " + invoiceId);
        }
        return b;
    }

    // ------------------------------------------------------------------ entries

    private final class Draft {
        final String id;
        final EntryType type;
        final Book book;
        final LocalDate date;
        final BigDecimal rate;
        final SourceRef source;
        final List<JournalLine> lines = new ArrayList<>();
        String reverses;

        Draft(String id, EntryType type, Book book, LocalDate date, BigDecimal rate, SourceRef source) {
            this.id = id;
            this.type = type;
            this.book = book;
            this.date = date;
            this.rate = rate;
            this.source = source;
        }

        /** CREDIT REVENUE for a usage line, with its quantity and service period (ISO dates, UTC). */
        void usageLine(long net, long netFunctional, History.InvoiceLine l) {
            int before = lines.size();
            line("REVENUE", Side.CREDIT, net, netFunctional, l.productId(), null);
            if (lines.size() == before) {
                return;
            }
            if (!SCHEMA_HAS_USAGE_FIELDS) {
                throw new IllegalStateException("the journal schema has no quantity and service period for usage line " + l.id());
            }
            JournalLine jl = lines.get(before);
            jl.put("quantity", l.quantity());
            jl.put("servicePeriodStart", date(l.periodStart()).toString());
            jl.put("servicePeriodEnd", date(l.periodEnd()).toString());
        }

        /** Adds a line unless it is zero in both currencies; a negative amount goes to the other side. */
        void line(String role, Side side, long amount, long functional, String productId, String customerId) {
            if (amount == 0 && functional == 0) {
                return;
            }
            if (amount < 0 || (amount == 0 && functional < 0)) {
                side = side == Side.DEBIT ? Side.CREDIT : Side.DEBIT;
                amount = -amount;
                functional = -functional;
            }
            lines.add(JournalLine.newBuilder().setRole(role).setAccountCode(account(book.le.id(), role)).setSide(side)
                    .setAmountMinor(amount).setFunctionalAmountMinor(functional).setProductId(productId)
                    .setCustomerId(customerId).setMemo(null).build());
        }

        /** Puts whatever functional residue conversion left between debits and credits on a ROUNDING line. */
        JournalEntry buildWithRounding() {
            long residue = 0;
            for (JournalLine l : lines) {
                residue += l.getSide() == Side.DEBIT ? l.getFunctionalAmountMinor() : -l.getFunctionalAmountMinor();
            }
            if (residue > 0) {
                line("ROUNDING", Side.CREDIT, 0, residue, null, null);
            } else if (residue < 0) {
                line("ROUNDING", Side.DEBIT, 0, -residue, null, null);
            }
            return build();
        }

        JournalEntry build() {
            YearMonth month = YearMonth.from(date);
            TreeMap<YearMonth, Boolean> known = periods.get(book.le.id());
            Boolean open = known == null ? null : known.get(month);
            if (open == null) {
                throw new IllegalStateException("period " + month + " unknown for " + book.le.id() + " (entry " + id + ")");
            }
            LocalDate postingDate = date;
            YearMonth postingPeriod = month;
            String originalPeriod = null;
            if (!open) {
                YearMonth next = known.tailMap(month, false).entrySet().stream().filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no open period after " + month + " for " + id));
                postingDate = next.atDay(1);
                postingPeriod = next;
                originalPeriod = month.toString();
            }
            return JournalEntry.newBuilder()
                    .setEntryId(id)
                    .setEntryType(type)
                    .setLegalEntity(book.le.id())
                    .setErp(book.le.erp())
                    .setPostingDate(postingDate.toString())
                    .setPostingPeriod(postingPeriod.toString())
                    .setOriginalPeriod(originalPeriod)
                    .setCurrency(book.inv.currency())
                    .setFunctionalCurrency(book.le.functionalCurrency())
                    .setExchangeRate(rate.compareTo(BigDecimal.ZERO) == 0 ? "0" : rate.stripTrailingZeros().toPlainString())
                    .setCorrelationId(book.correlationId)
                    .setReversesEntryId(reverses)
                    .setSource(source)
                    .setLines(new ArrayList<>(lines))
                    .setAccountId(book.accountId)
                    .build();
        }
    }

    private String account(String legalEntity, String role) {
        String code = glCodes.get(legalEntity + "/" + role);
        if (code == null) {
            throw new IllegalStateException("no gl mapping for " + role + " in " + legalEntity);
        }
        return code;
    }

    private static SourceRef source(String objectType, String objectId, String eventId) {
        return SourceRef.newBuilder().setSystem("stripe").setObjectType(objectType).setObjectId(objectId).setEventId(eventId).build();
    }

    // ------------------------------------------------------------------ arithmetic

    /** The ERP rate for the date or the latest earlier one; 1 for the same currency. */
    private BigDecimal rateOf(String from, String to, LocalDate day) {
        if (from.equals(to)) {
            return BigDecimal.ONE;
        }
        TreeMap<LocalDate, BigDecimal> series = rates.get(from + ">" + to);
        Map.Entry<LocalDate, BigDecimal> e = series == null ? null : series.floorEntry(day);
        if (e == null) {
            throw new IllegalStateException("no " + from + ">" + to + " rate on or before " + day);
        }
        return e.getValue();
    }

    /** minor units of {@code from} → minor units of {@code to}, half up. */
    static long convert(long minor, String from, String to, BigDecimal rate) {
        BigDecimal v = BigDecimal.valueOf(minor).multiply(rate)
                .scaleByPowerOfTen(Currencies.exponent(to) - Currencies.exponent(from));
        return v.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** amount × part ÷ whole, rounded half up. */
    static long share(long amount, long part, long whole) {
        return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(part))
                .divide(BigDecimal.valueOf(whole), 0, RoundingMode.HALF_UP).longValueExact();
    }

    static LocalDate date(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
