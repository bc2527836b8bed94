package io.ledgerline.reference;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random but consistent quote-to-cash histories. jqwik generates a {@link Spec} of plain numbers (so it can
 * shrink them: fewer accounts, fewer invoices, fewer lines, smaller delays), and {@link #build} turns any spec
 * into a consistent {@link History}: every event dated before as-of, payments after their invoice, refunds
 * after their payment and never more than was paid or than is left of the invoice's revenue, credit notes at
 * most the line net, voids only of unpaid, uncredited invoices.
 *
 * <p>With the {@link Feature}s asked for it also generates, from DESIGN.md "Subscription changes, usage and
 * disputes" and the posting contract: upgrades and quantity changes mid-term (a customer.subscription.updated and an
 * invoice of its own with the proration credit of the unused time and the debit of the remaining time), downgrades
 * invoiced at once to a negative total and the customer's later invoices applying that credit (payments then pay
 * amount_due), renewals (a new subscription and invoice for the next term; always after a downgrade), metered lines
 * of the USAGE product {@value #USAGE_PRODUCT} (prod_usage stays point in time), and disputes of a paid invoice's
 * first payment, never more than is left of it after its refund nor of the revenue after credit notes and refund,
 * won, lost or still open at as-of. Proration and renewal invoices are paid and get no other document; invoices that
 * apply customer credit get no credit note; credit notes do not credit metered lines.
 */
public final class HistoryGenerator {

    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final String[] CURRENCIES = {"USD", "EUR", "JPY", "BHD"};
    static final String[] PRODUCTS = {"prod_platform", "prod_seats", "prod_onboarding", "prod_usage"};
    static final boolean[] RATABLE = {true, true, false, false};
    static final String[] ROLES = {"AR", "CASH", "DEFERRED_REVENUE", "REVENUE", "TAX_PAYABLE", "FX_GAIN_LOSS",
        "CONTRA_REVENUE", "ROUNDING", "CUSTOMER_CREDIT", "DISPUTES_RECEIVABLE", "BANK_FEES"};
    /** legal entity, functional currency, ERP, GL codes in ROLES order. */
    static final String[][] LEGAL_ENTITIES = {
        {"LE-US", "USD", "netsuite", "1200", "1000", "2400", "4000", "2200", "7900", "4900", "7990", "2450", "1250", "6150"},
        {"LE-DE", "EUR", "sap", "140000", "113100", "440000", "800000", "176000", "270000", "810000", "279000", "170000",
            "141000", "675000"},
        {"LE-JP", "JPY", "netsuite", "J1200", "J1000", "J2400", "J4000", "J2200", "J7900", "J4900", "J7990", "J2450",
            "J1250", "J6150"},
    };
    /** Rough value of one major unit in USD. */
    private static final Map<String, BigDecimal> USD_VALUE = Map.of("USD", BigDecimal.ONE, "EUR", new BigDecimal("1.08"),
            "JPY", new BigDecimal("0.0067"), "BHD", new BigDecimal("2.65"));

    private HistoryGenerator() {
    }

    // ------------------------------------------------------------------ specs (what jqwik generates and shrinks)

    public record Spec(long seed, boolean lateAsOf, List<Integer> closedMonths, List<AccountSpec> accounts) {
    }

    public record AccountSpec(int legalEntity, int currency, int startDay, List<InvoiceSpec> invoices) {
    }

    public record InvoiceSpec(Head head, List<LineSpec> lines, PaymentSpec payment, CreditSpec credit, FollowUp refund,
            FollowUp voided, Extras extras) {

        public InvoiceSpec(Head head, List<LineSpec> lines, PaymentSpec payment, CreditSpec credit, FollowUp refund,
                FollowUp voided) {
            this(head, lines, payment, credit, refund, voided, Extras.NONE);
        }
    }

    /** What the features beyond invoices, payments, credit notes, refunds and voids add to one invoice (see {@link Feature}). */
    public record Extras(ChangeSpec change, UsageSpec usage, DisputeSpec dispute, boolean renewal) {

        static final Extras NONE = new Extras(new ChangeSpec(0, 500, 50, 0, 1), new UsageSpec(false, 1, 1),
                new DisputeSpec(false, 1, 0, 1, 1000, 0), false);
    }

    /**
     * A change of the subscription item of the invoice's first ratable, undiscounted line, {@code permille} into its
     * service period: kind 0 none, 1 upgrade (price up by {@code percent}), 2 quantity up (to 2 + percent % 3), 3
     * downgrade (price down by {@code percent}, invoiced at once: a negative total, needs {@link Feature#CUSTOMER_CREDIT}).
     */
    public record ChangeSpec(int kind, int permille, int percent, int secondOfDay, int payDelayDays) {
    }

    /** A metered line billed in arrears for the month before the invoice: {@code quantity} × {@code unitAmount}. */
    public record UsageSpec(boolean present, long quantity, long unitAmount) {
    }

    /** outcome: 0 won, 1 lost; {@code permille} of what may still be disputed; a close after as-of leaves it open. */
    public record DisputeSpec(boolean present, int delayDays, int outcome, int closeDelayDays, int permille, int secondOfDay) {
    }

    /**
     * The kinds of history the generator can add to invoices, payments, credit notes, refunds and voids. Each is a
     * switch: {@link #histories(Set)} generates only those asked for; {@link #ON_THE_PIPELINE} are those the 300-try
     * property runs against the topology, {@link #ALL} what the reference-only property covers.
     */
    public enum Feature {
        /** upgrades and quantity changes mid-term: customer.subscription.updated and an invoice of proration lines */
        SUBSCRIPTION_CHANGES,
        /** a new subscription and invoice for the next term when a term ends before as-of */
        RENEWALS,
        /** downgrades invoiced at once to a negative total, and later invoices applying the credit */
        CUSTOMER_CREDIT,
        /** metered lines of a USAGE product */
        USAGE,
        /** disputes of paid invoices, won or lost (or still open) */
        DISPUTES
    }

    public static final Set<Feature> ALL = java.util.Collections.unmodifiableSet(java.util.EnumSet.allOf(Feature.class));
    /**
     * The features the 300-try property runs against the topology: every feature, since main books customer credit,
     * usage and disputes. A feature the topology stops supporting (or a new one) leaves this set and stays covered by
     * the reference-only property, which runs {@link #referenceFeatures()}.
     */
    public static final Set<Feature> ON_THE_PIPELINE = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.allOf(Feature.class));

    static final String USAGE_PRODUCT = "prod_metered";

    /**
     * The features the reference ledger can post with the journal schema on this branch: usage lines need
     * JournalLine.quantity and the service period, disputes the DISPUTE entry types.
     */
    public static Set<Feature> referenceFeatures() {
        Set<Feature> out = java.util.EnumSet.allOf(Feature.class);
        if (!ReferenceLedger.SCHEMA_HAS_USAGE_FIELDS) {
            out.remove(Feature.USAGE);
        }
        if (!ReferenceLedger.SCHEMA_HAS_DISPUTE_TYPES) {
            out.remove(Feature.DISPUTES);
        }
        return out;
    }

    /** subscription: -1 manual invoice, else the account's subscription 0 or 1. */
    public record Head(int subscription, int dayOffset, int secondOfDay) {
    }

    public record LineSpec(int product, long amount, int discountPermille, int taxPermille, int startShiftMonths,
            int startDay, int months) {
    }

    /** kind: 0 unpaid, 1 paid in full, 2 paid in two parts. */
    public record PaymentSpec(int kind, int delayDays, int secondDelayDays, int firstPartPermille) {
    }

    public record CreditSpec(boolean present, int delayDays, int secondOfDay, List<Integer> permilles, boolean taxed) {
    }

    public record FollowUp(boolean present, int delayDays, int secondOfDay, int permille) {
    }

    // ------------------------------------------------------------------ arbitraries

    /** Histories with the features the topology supports ({@link #ON_THE_PIPELINE}). */
    public static Arbitrary<History> histories() {
        return histories(ON_THE_PIPELINE);
    }

    public static Arbitrary<History> histories(Set<Feature> features) {
        return specs().map(spec -> build(spec, features)).filter(h -> ReferenceLedger.outsideTheRules(h).isEmpty());
    }

    public static Arbitrary<Spec> specs() {
        Arbitrary<Long> seed = Arbitraries.longs().between(0, 1_000_000_000L);
        Arbitrary<Boolean> late = Arbitraries.of(false, true);
        Arbitrary<List<Integer>> closed = Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(3, 1), Tuple.of(2, 2))
                .list().ofSize(3);
        Arbitrary<List<AccountSpec>> accounts = account().list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(seed, late, closed, accounts).as(Spec::new);
    }

    static Arbitrary<AccountSpec> account() {
        Arbitrary<Integer> le = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> currency = Arbitraries.frequency(Tuple.of(35, 0), Tuple.of(30, 1), Tuple.of(25, 2), Tuple.of(10, 3));
        Arbitrary<Integer> startDay = Arbitraries.integers().between(0, 120);
        Arbitrary<List<InvoiceSpec>> invoices = invoice().list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(le, currency, startDay, invoices).as(AccountSpec::new);
    }

    static Arbitrary<InvoiceSpec> invoice() {
        Arbitrary<Head> head = Combinators.combine(
                Arbitraries.frequency(Tuple.of(2, -1), Tuple.of(6, 0), Tuple.of(2, 1)),
                Arbitraries.integers().between(0, 400),
                secondOfDay()).as(Head::new);
        Arbitrary<List<LineSpec>> lines = line().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<PaymentSpec> payment = Combinators.combine(
                Arbitraries.frequency(Tuple.of(25, 0), Tuple.of(50, 1), Tuple.of(25, 2)),
                Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(1, 60),
                Arbitraries.integers().between(100, 900)).as(PaymentSpec::new);
        Arbitrary<CreditSpec> credit = Combinators.combine(
                Arbitraries.frequency(Tuple.of(7, false), Tuple.of(3, true)),
                Arbitraries.integers().between(1, 200),
                secondOfDay(),
                Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(2, 1000), Tuple.of(6, -1))
                        .flatMap(p -> p >= 0 ? Arbitraries.just(p) : Arbitraries.integers().between(1, 999))
                        .list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(false, true)).as(CreditSpec::new);
        Arbitrary<FollowUp> refund = followUp(3);
        Arbitrary<FollowUp> voided = followUp(2);
        Arbitrary<ChangeSpec> change = Combinators.combine(
                Arbitraries.frequency(Tuple.of(40, 0), Tuple.of(20, 1), Tuple.of(15, 2), Tuple.of(25, 3)),
                Arbitraries.integers().between(50, 950),
                Arbitraries.integers().between(10, 90),
                secondOfDay(),
                Arbitraries.integers().between(0, 20)).as(ChangeSpec::new);
        Arbitrary<UsageSpec> usage = Combinators.combine(
                Arbitraries.frequency(Tuple.of(7, false), Tuple.of(3, true)),
                Arbitraries.longs().between(1, 5000),
                Arbitraries.longs().between(1, 500)).as(UsageSpec::new);
        Arbitrary<DisputeSpec> dispute = Combinators.combine(
                Arbitraries.frequency(Tuple.of(7, false), Tuple.of(3, true)),
                Arbitraries.integers().between(1, 90),
                Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(1, 90),
                Arbitraries.frequency(Tuple.of(1, 1000), Tuple.of(2, -1))
                        .flatMap(p -> p >= 0 ? Arbitraries.just(p) : Arbitraries.integers().between(1, 999)),
                secondOfDay()).as(DisputeSpec::new);
        Arbitrary<Extras> extras = Combinators.combine(change, usage, dispute,
                Arbitraries.frequency(Tuple.of(7, false), Tuple.of(3, true))).as(Extras::new);
        return Combinators.combine(head, lines, payment, credit, refund, voided, extras).as(InvoiceSpec::new);
    }

    static Arbitrary<FollowUp> followUp(int inTen) {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(10 - inTen, false), Tuple.of(inTen, true)),
                Arbitraries.integers().between(1, 200),
                secondOfDay(),
                Arbitraries.frequency(Tuple.of(1, 1000), Tuple.of(3, -1))
                        .flatMap(p -> p >= 0 ? Arbitraries.just(p) : Arbitraries.integers().between(1, 999)))
                .as(FollowUp::new);
    }

    static Arbitrary<LineSpec> line() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(1, 2))
                        .flatMap(size -> switch (size) {
                            case 0 -> Arbitraries.longs().between(500, 9_999);
                            case 1 -> Arbitraries.longs().between(10_000, 999_999);
                            default -> Arbitraries.longs().between(1_000_000, 10_000_000);
                        }),
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(4, -1))
                        .flatMap(p -> p >= 0 ? Arbitraries.just(p) : Arbitraries.integers().between(1, 500)),
                Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(6, -1))
                        .flatMap(p -> p >= 0 ? Arbitraries.just(p) : Arbitraries.integers().between(50, 250)),
                Arbitraries.integers().between(-2, 1),
                Arbitraries.frequency(Tuple.of(6, 1), Tuple.of(4, -1))
                        .flatMap(d -> d >= 0 ? Arbitraries.just(d) : Arbitraries.integers().between(2, 28)),
                Arbitraries.integers().between(1, 14)).as(LineSpec::new);
    }

    /** Midnight now and then: an event exactly at a month's end instant is a boundary worth testing. */
    static Arbitrary<Integer> secondOfDay() {
        return Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(8, -1))
                .flatMap(s -> s >= 0 ? Arbitraries.just(s) : Arbitraries.integers().between(1, 86_399));
    }

    // ------------------------------------------------------------------ building a consistent history

    /** A history of the spec with the features the topology supports ({@link #ON_THE_PIPELINE}). */
    public static History build(Spec spec) {
        return build(spec, ON_THE_PIPELINE);
    }

    /** One Stripe customer's invoices as they are being built, with the spec that asks for their documents. */
    private record Planned(History.Invoice invoice, InvoiceSpec spec, String tag, boolean followUps) {
    }

    public static History build(Spec spec, Set<Feature> features) {
        Random random = new Random(spec.seed());
        Instant asOf = spec.lateAsOf() ? Instant.parse("2027-06-01T00:00:00Z") : Instant.parse("2026-12-01T00:00:00Z");
        int totalDays = (int) Duration.between(BASE, asOf).toDays();

        List<History.LegalEntity> les = new ArrayList<>();
        List<History.Period> periods = new ArrayList<>();
        List<History.GlMapping> gl = new ArrayList<>();
        for (int i = 0; i < LEGAL_ENTITIES.length; i++) {
            String[] le = LEGAL_ENTITIES[i];
            les.add(new History.LegalEntity(le[0], le[1], le[2]));
            int closed = spec.closedMonths().get(i);
            YearMonth m = YearMonth.of(2026, 1);
            for (int k = 0; k < 24; k++, m = m.plusMonths(1)) {
                periods.add(new History.Period(le[0], m, k >= closed));
            }
            for (int r = 0; r < ROLES.length; r++) {
                gl.add(new History.GlMapping(le[0], ROLES[r], le[3 + r]));
            }
        }
        List<History.Product> products = new ArrayList<>();
        for (int p = 0; p < PRODUCTS.length; p++) {
            products.add(new History.Product(PRODUCTS[p], RATABLE[p], PRODUCTS[p].substring(5)));
        }
        if (features.contains(Feature.USAGE)) {
            products.add(new History.Product(USAGE_PRODUCT, "USAGE", USAGE_PRODUCT.substring(5)));
        }
        List<History.FxRate> rates = fxRates(random, totalDays);

        List<History.Crosswalk> crosswalks = new ArrayList<>();
        List<History.CrmAccount> crmAccounts = new ArrayList<>();
        List<History.Opportunity> opportunities = new ArrayList<>();
        List<History.Customer> customers = new ArrayList<>();
        List<History.Subscription> subscriptions = new ArrayList<>();
        List<History.Invoice> invoices = new ArrayList<>();
        List<History.Payment> payments = new ArrayList<>();
        List<History.CreditNote> notes = new ArrayList<>();
        List<History.Refund> refunds = new ArrayList<>();
        List<History.InvoiceVoid> voids = new ArrayList<>();
        List<History.SubscriptionUpdate> updates = new ArrayList<>();
        List<History.Dispute> disputes = new ArrayList<>();

        for (int a = 0; a < spec.accounts().size(); a++) {
            AccountSpec as = spec.accounts().get(a);
            String[] le = LEGAL_ENTITIES[as.legalEntity()];
            String currency = CURRENCIES[as.currency()];
            String tag = "G" + a;
            int startDay = Math.min(as.startDay(), totalDays - 30);
            Instant start = BASE.plus(Duration.ofDays(startDay)).plusSeconds(3600);
            String crmId = sfId("001", a, spec.seed());
            String customerId = "cus_" + tag + "Cust";
            crmAccounts.add(new History.CrmAccount(crmId, "Account " + tag, start.minus(Duration.ofDays(10))));
            customers.add(new History.Customer(customerId, crmId, "Customer " + tag, start, "evt_cus" + tag));
            crosswalks.add(new History.Crosswalk(crmId, customerId, "C-" + le[0].substring(3) + (1001 + a), le[0]));

            List<Planned> planned = new ArrayList<>();
            Map<Integer, String> subscriptionIds = new LinkedHashMap<>();
            for (int i = 0; i < as.invoices().size(); i++) {
                InvoiceSpec is = as.invoices().get(i);
                String inTag = tag + "x" + i;
                int day = startDay + 1 + Math.floorMod(is.head().dayOffset(), Math.max(1, totalDays - startDay - 3));
                Instant at = BASE.plus(Duration.ofDays(day)).plusSeconds(is.head().secondOfDay());
                LocalDate invoiceDate = LocalDate.ofInstant(at, ZoneOffset.UTC);

                List<History.InvoiceLine> lines = new ArrayList<>();
                Set<Integer> usedProducts = new LinkedHashSet<>();
                for (int j = 0; j < is.lines().size(); j++) {
                    LineSpec ls = is.lines().get(j);
                    if (!usedProducts.add(ls.product())) {
                        continue; // one line per product and invoice
                    }
                    long discount = ls.amount() * ls.discountPermille() / 1000;
                    long net = ls.amount() - discount;
                    long tax = BigDecimal.valueOf(net * ls.taxPermille()).divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_UP)
                            .longValueExact();
                    Instant periodStart;
                    Instant periodEnd;
                    if (RATABLE[ls.product()]) {
                        YearMonth m = YearMonth.from(invoiceDate).plusMonths(ls.startShiftMonths());
                        if (m.isBefore(YearMonth.of(2026, 1))) {
                            m = YearMonth.of(2026, 1);
                        }
                        LocalDate s = m.atDay(ls.startDay());
                        periodStart = s.atStartOfDay().toInstant(ZoneOffset.UTC);
                        periodEnd = s.plusMonths(ls.months()).atStartOfDay().toInstant(ZoneOffset.UTC);
                    } else {
                        periodStart = invoiceDate.atStartOfDay().toInstant(ZoneOffset.UTC);
                        periodEnd = periodStart;
                    }
                    lines.add(new History.InvoiceLine("il_" + inTag + "x" + j, PRODUCTS[ls.product()], ls.amount(), discount,
                            tax, periodStart, periodEnd));
                }
                UsageSpec us = is.extras().usage();
                if (features.contains(Feature.USAGE) && us.present()) {
                    // billed in arrears: the month before the invoice
                    LocalDate first = invoiceDate.withDayOfMonth(1);
                    lines.add(new History.InvoiceLine("il_" + inTag + "xm", USAGE_PRODUCT, us.quantity() * us.unitAmount(), 0, 0,
                            first.minusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                            first.atStartOfDay().toInstant(ZoneOffset.UTC), us.quantity(), false, null, null, null));
                }

                String subscriptionId = null;
                if (is.head().subscription() >= 0) {
                    int sIdx = is.head().subscription();
                    subscriptionId = subscriptionIds.get(sIdx);
                    if (subscriptionId == null) {
                        subscriptionId = "sub_" + tag + "x" + sIdx;
                        subscriptionIds.put(sIdx, subscriptionId);
                        String oppId = sfId("006", a * 10 + sIdx, spec.seed());
                        Instant created = start.plusSeconds(1800 + 60L * sIdx);
                        subscriptions.add(new History.Subscription(subscriptionId, customerId, oppId, currency, created,
                                "evt_sub" + tag + "x" + sIdx, lines.stream().map(History.InvoiceLine::productId).toList()));
                        opportunities.add(new History.Opportunity(oppId, crmId, "Deal " + tag + "x" + sIdx,
                                lines.stream().mapToLong(History.InvoiceLine::net).sum(), currency,
                                start.minus(Duration.ofDays(5)).plusSeconds(60L * sIdx),
                                start.minus(Duration.ofDays(1)).plusSeconds(60L * sIdx)));
                    }
                }
                History.Invoice inv = new History.Invoice("in_" + inTag, customerId, subscriptionId, currency, at, lines,
                        "evt_inv" + inTag, "INV-" + inTag);
                planned.add(new Planned(inv, is, inTag, true));

                boolean voided = is.voided().present();
                // a subscription change mid-term: an invoice of its own with the proration lines
                ChangeSpec cs = is.extras().change();
                boolean changeOn = cs.kind() == 3 ? features.contains(Feature.CUSTOMER_CREDIT)
                        : features.contains(Feature.SUBSCRIPTION_CHANGES);
                History.InvoiceLine changed = lines.stream()
                        .filter(l -> isRatable(l.productId()) && l.discount() == 0 && l.amount() >= 100).findFirst().orElse(null);
                boolean downgraded = false;
                if (subscriptionId != null && cs.kind() > 0 && changeOn && !voided && changed != null) {
                    LocalDate ps = LocalDate.ofInstant(changed.periodStart(), ZoneOffset.UTC);
                    LocalDate pe = LocalDate.ofInstant(changed.periodEnd(), ZoneOffset.UTC);
                    long days = ChronoUnit.DAYS.between(ps, pe);
                    LocalDate c = ps.plusDays(Math.max(1, days * cs.permille() / 1000));
                    Instant changeAt = c.atStartOfDay().toInstant(ZoneOffset.UTC);
                    if (c.isBefore(pe) && changeAt.isAfter(at) && changeAt.plusSeconds(cs.secondOfDay()).isBefore(asOf)) {
                        long rest = ChronoUnit.DAYS.between(c, pe);
                        long unit = changed.amount();
                        long newUnit = cs.kind() == 1 ? unit * (100 + cs.percent()) / 100
                                : cs.kind() == 3 ? unit * (100 - cs.percent()) / 100 : unit;
                        long newQuantity = cs.kind() == 2 ? 2 + cs.percent() % 3 : 1;
                        long credit = -ReferenceLedger.share(unit, rest, days);
                        long debit = ReferenceLedger.share(newUnit * newQuantity, rest, days);
                        String uTag = inTag + "u";
                        String item = subscriptionItem(subscriptionId, changed.productId());
                        History.InvoiceLine unused = new History.InvoiceLine("il_" + uTag + "x0", changed.productId(), credit, 0,
                                taxLike(changed, credit), changeAt, changed.periodEnd(), 1, true, item, inv.id(), changed.id());
                        History.InvoiceLine remaining = new History.InvoiceLine("il_" + uTag + "x1", changed.productId(), debit, 0,
                                taxLike(changed, debit), changeAt, changed.periodEnd(), newQuantity, true, item, null, null);
                        Instant invoicedAt = changeAt.plusSeconds(cs.secondOfDay());
                        updates.add(new History.SubscriptionUpdate(subscriptionId, changed.productId(), invoicedAt, unit, 1,
                                newUnit, newQuantity, "evt_subu" + uTag));
                        History.Invoice proration = new History.Invoice("in_" + uTag, customerId, subscriptionId, currency,
                                invoicedAt, List.of(unused, remaining), "evt_inv" + uTag, "INV-" + uTag, "subscription_update", 0);
                        downgraded = proration.total() < 0;
                        planned.add(new Planned(proration, new InvoiceSpec(is.head(), is.lines(),
                                new PaymentSpec(1, cs.payDelayDays(), 1, 1000), is.credit(), is.refund(), is.voided()), uTag, false));
                    }
                }
                // a renewal for the next term once the term of the invoice's ratable lines ended (always after a
                // downgrade, so that a later invoice applies the credit more often)
                Instant termEnd = lines.stream().filter(l -> isRatable(l.productId())).map(History.InvoiceLine::periodEnd)
                        .max(Comparator.naturalOrder()).orElse(null);
                if (features.contains(Feature.RENEWALS) && (is.extras().renewal() || downgraded) && subscriptionId != null && !voided
                        && termEnd != null && termEnd.plusSeconds(3600).isBefore(asOf)) {
                    String rTag = inTag + "r";
                    String renewalId = "sub_" + rTag;
                    String oppId = sfId("006", 500 + a * 10 + i, spec.seed());
                    List<History.InvoiceLine> next = new ArrayList<>();
                    for (History.InvoiceLine l : lines) {
                        if (!isRatable(l.productId())) {
                            continue;
                        }
                        LocalDate ps = LocalDate.ofInstant(l.periodStart(), ZoneOffset.UTC);
                        LocalDate pe = LocalDate.ofInstant(l.periodEnd(), ZoneOffset.UTC);
                        LocalDate s = LocalDate.ofInstant(termEnd, ZoneOffset.UTC);
                        long months = Math.max(1, ChronoUnit.MONTHS.between(ps, pe));
                        next.add(new History.InvoiceLine("il_" + rTag + "x" + next.size(), l.productId(), l.amount(), l.discount(),
                                l.tax(), s.atStartOfDay().toInstant(ZoneOffset.UTC),
                                s.plusMonths(months).atStartOfDay().toInstant(ZoneOffset.UTC)));
                    }
                    Instant renewedAt = termEnd.minus(Duration.ofDays(1));
                    subscriptions.add(new History.Subscription(renewalId, customerId, oppId, currency, renewedAt,
                            "evt_sub" + rTag, next.stream().map(History.InvoiceLine::productId).toList(), subscriptionId));
                    opportunities.add(new History.Opportunity(oppId, crmId, "Renewal " + rTag,
                            next.stream().mapToLong(History.InvoiceLine::net).sum(), currency,
                            renewedAt.minus(Duration.ofDays(20)), renewedAt.minus(Duration.ofDays(2))));
                    History.Invoice renewal = new History.Invoice("in_" + rTag, customerId, renewalId, currency,
                            termEnd.plusSeconds(1800), next, "evt_inv" + rTag, "INV-" + rTag, "subscription_cycle", 0);
                    planned.add(new Planned(renewal, new InvoiceSpec(is.head(), is.lines(), new PaymentSpec(1, 5, 1, 1000),
                            is.credit(), is.refund(), is.voided()), rTag, false));
                }
            }

            // customer credit: negative invoices credit the customer, later invoices apply it (Stripe's customer balance)
            if (features.contains(Feature.CUSTOMER_CREDIT)) {
                List<Integer> byTime = new ArrayList<>();
                for (int k = 0; k < planned.size(); k++) {
                    byTime.add(k);
                }
                byTime.sort(Comparator.comparing((Integer k) -> planned.get(k).invoice().effectiveAt())
                        .thenComparing(k -> planned.get(k).invoice().id()));
                long balance = 0;
                for (int k : byTime) {
                    Planned pl = planned.get(k);
                    long total = pl.invoice().total();
                    if (total < 0) {
                        balance += -total;
                    } else if (balance > 0 && total > 0 && !(pl.followUps() && pl.spec().voided().present())) {
                        History.Invoice applying = pl.invoice().withStartingBalance(-balance);
                        balance -= applying.appliedCredit();
                        planned.set(k, new Planned(applying, pl.spec(), pl.tag(), pl.followUps()));
                    }
                }
            }

            for (Planned pl : planned) {
                History.Invoice inv = pl.invoice();
                InvoiceSpec is = pl.spec();
                String inTag = pl.tag();
                Instant at = inv.effectiveAt();
                List<History.InvoiceLine> lines = inv.lines();
                invoices.add(inv);

                boolean voided = pl.followUps() && is.voided().present();
                boolean creditApplied = inv.appliedCredit() > 0;
                // payments of what is due
                List<History.Payment> paid = new ArrayList<>();
                long due = inv.amountDue();
                if (!voided && is.payment().kind() > 0 && due > 0) {
                    long first = is.payment().kind() == 1 ? due : Math.max(1, due * is.payment().firstPartPermille() / 1000);
                    Instant firstAt = at.plus(Duration.ofDays(is.payment().delayDays())).plusSeconds(600);
                    if (firstAt.isBefore(asOf)) {
                        paid.add(new History.Payment("inpay_" + inTag + "x0", inv.id(), "pi_" + inTag + "x0", first, currency,
                                firstAt, "evt_pay" + inTag + "x0"));
                        Instant secondAt = firstAt.plus(Duration.ofDays(is.payment().secondDelayDays()));
                        if (first < due && secondAt.isBefore(asOf)) {
                            paid.add(new History.Payment("inpay_" + inTag + "x1", inv.id(), "pi_" + inTag + "x1",
                                    due - first, currency, secondAt, "evt_pay" + inTag + "x1"));
                        }
                    }
                }
                payments.addAll(paid);
                if (!pl.followUps()) {
                    continue; // proration and renewal invoices: paid, nothing else
                }

                boolean refundWanted = !voided && is.refund().present() && !paid.isEmpty();
                // credit note (not of metered lines, not of an invoice that applied customer credit)
                History.CreditNote note = null;
                if (!voided && !creditApplied && is.credit().present()) {
                    Instant cnAt = dayAfter(at, is.credit().delayDays(), is.credit().secondOfDay());
                    if (cnAt.isBefore(asOf)) {
                        List<History.CreditNoteLine> cnLines = new ArrayList<>();
                        for (int j = 0; j < lines.size(); j++) {
                            History.InvoiceLine l = lines.get(j);
                            if (USAGE_PRODUCT.equals(l.productId())) {
                                continue;
                            }
                            int permille = is.credit().permilles().get(j % is.credit().permilles().size());
                            long c = l.net() * permille / 1000;
                            if (refundWanted) {
                                c = Math.min(c, l.net() / 2);
                            }
                            if (c <= 0) {
                                continue;
                            }
                            long t = is.credit().taxed() && l.tax() > 0
                                    ? BigDecimal.valueOf(c).multiply(BigDecimal.valueOf(l.tax()))
                                            .divide(BigDecimal.valueOf(l.net()), 0, RoundingMode.HALF_UP).longValueExact()
                                    : 0;
                            cnLines.add(new History.CreditNoteLine("cnli_" + inTag + "x" + j, l.id(), c, t));
                        }
                        if (!cnLines.isEmpty()) {
                            Instant cnAtFinal = cnAt;
                            boolean afterPayment = paid.stream().anyMatch(p -> p.paidAt().isBefore(cnAtFinal));
                            note = new History.CreditNote("cn_" + inTag, inv.id(), inv.customerId(), currency, cnAt, cnLines,
                                    "evt_cn" + inTag, afterPayment ? "post_payment" : "pre_payment");
                            notes.add(note);
                        }
                    }
                }
                long net = lines.stream().mapToLong(History.InvoiceLine::net).sum();
                long credited = note == null ? 0 : note.subtotal();
                // refund of (part of) the first payment
                long refunded = 0;
                if (refundWanted) {
                    History.Payment p = paid.get(0);
                    Instant reAt = dayAfter(p.paidAt(), is.refund().delayDays(), is.refund().secondOfDay());
                    long cap = Math.min(p.amount(), net - credited);
                    long amount = cap * is.refund().permille() / 1000;
                    if (reAt.isBefore(asOf) && amount > 0) {
                        refunds.add(new History.Refund("re_" + inTag, p.paymentIntentId(), amount, currency, reAt,
                                "evt_re" + inTag));
                        refunded = amount;
                    }
                }
                // a dispute of the first payment: never more than is left of it after the refund, nor of the revenue
                DisputeSpec ds = is.extras().dispute();
                if (features.contains(Feature.DISPUTES) && ds.present() && !paid.isEmpty()) {
                    History.Payment p = paid.get(0);
                    long cap = Math.min(p.amount() - refunded, net - credited - refunded);
                    long amount = cap * ds.permille() / 1000;
                    Instant createdAt = dayAfter(p.paidAt(), ds.delayDays(), ds.secondOfDay());
                    Instant withdrawnAt = createdAt.plusSeconds(120);
                    if (amount > 0 && withdrawnAt.isBefore(asOf)) {
                        Instant closedAt = dayAfter(withdrawnAt, ds.closeDelayDays(), ds.secondOfDay());
                        boolean closed = closedAt.isBefore(asOf);
                        disputes.add(new History.Dispute("dp_" + inTag, p.paymentIntentId(), amount, currency,
                                disputeFee(currency), createdAt, withdrawnAt, closed ? (ds.outcome() == 0 ? "won" : "lost") : "open",
                                closed ? closedAt : null, "evt_dp" + inTag));
                    }
                }
                // void of an unpaid, uncredited invoice
                if (voided) {
                    Instant voidAt = dayAfter(at, is.voided().delayDays(), is.voided().secondOfDay());
                    if (voidAt.isBefore(asOf)) {
                        voids.add(new History.InvoiceVoid(inv.id(), voidAt, "evt_void" + inTag));
                    }
                }
            }
        }
        return new History(spec.seed(), asOf, les, periods, gl, products, rates, crosswalks, crmAccounts, opportunities,
                customers, subscriptions, invoices, payments, notes, refunds, voids, updates, disputes);
    }

    private static boolean isRatable(String productId) {
        for (int p = 0; p < PRODUCTS.length; p++) {
            if (PRODUCTS[p].equals(productId)) {
                return RATABLE[p];
            }
        }
        return false;
    }

    /** The subscription item of a product on a subscription, as {@link HistoryJson} names it. */
    static String subscriptionItem(String subscriptionId, String productId) {
        return "si_" + subscriptionId.substring(4) + "_" + productId.substring(5);
    }

    /** The tax of a proration line at the rate of the line it changes (signed, half up). */
    private static long taxLike(History.InvoiceLine l, long amount) {
        return l.net() == 0 ? 0 : BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(l.tax()))
                .divide(BigDecimal.valueOf(l.net()), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Stripe's dispute fee, 15 major units, in the disputed currency's minor units. */
    private static long disputeFee(String currency) {
        return BigDecimal.valueOf(15).scaleByPowerOfTen(io.ledgerline.money.Currencies.exponent(currency)).longValueExact();
    }

    /** Midnight of the day {@code days} after {@code t}, plus {@code secondOfDay}; always after {@code t}. */
    private static Instant dayAfter(Instant t, int days, int secondOfDay) {
        Instant d = LocalDate.ofInstant(t, ZoneOffset.UTC).plusDays(Math.max(1, days)).atStartOfDay().toInstant(ZoneOffset.UTC);
        return d.plusSeconds(secondOfDay);
    }

    private static String sfId(String prefix, int n, long seed) {
        long mixed = (seed * 0x9E3779B97F4A7C15L) ^ (n * 0xC2B2AE3D27D4EB4FL);
        return prefix + String.format(Locale.ROOT, "%03d", n % 1000)
                + String.format(Locale.ROOT, "%012X", mixed & 0xFFFFFFFFFFFFL);
    }

    /** Rates from every currency to every functional currency: one on 2026-01-01, a few more later, 4–6 decimals. */
    private static List<History.FxRate> fxRates(Random random, int totalDays) {
        List<History.FxRate> out = new ArrayList<>();
        for (String from : CURRENCIES) {
            for (String[] le : LEGAL_ENTITIES) {
                String to = le[1];
                if (from.equals(to)) {
                    continue;
                }
                Set<LocalDate> dates = new java.util.TreeSet<>();
                dates.add(LocalDate.of(2026, 1, 1));
                int more = random.nextInt(4);
                for (int k = 0; k < more; k++) {
                    dates.add(LocalDate.of(2026, 1, 1).plusDays(1 + random.nextInt(totalDays - 1)));
                }
                BigDecimal base = USD_VALUE.get(from).divide(USD_VALUE.get(to), 12, RoundingMode.HALF_UP);
                for (LocalDate d : dates) {
                    double drift = 1 + (random.nextDouble() - 0.5) * 0.1;
                    int scale = 4 + random.nextInt(3);
                    BigDecimal rate = base.multiply(BigDecimal.valueOf(drift)).setScale(scale, RoundingMode.HALF_UP);
                    if (rate.signum() <= 0) {
                        rate = BigDecimal.ONE.movePointLeft(scale);
                    }
                    String text = random.nextInt(4) == 0 ? rate.toPlainString() : rate.stripTrailingZeros().toPlainString();
                    out.add(new History.FxRate(from, to, d, text));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ delivery

    /** TICK: the pipeline clock moves to the instant in {@code line} (ISO-8601), recognizing what has ended by it. */
    public enum Channel { CDC, BILLING, TICK }

    public record Delivery(Channel channel, String line) {
    }

    /** The history's Stripe lines, about one in four delivered twice, shuffled. */
    static List<HistoryJson.StripeLine> shuffledWithRedeliveries(History h, Random random) {
        List<HistoryJson.StripeLine> stripe = new ArrayList<>();
        for (HistoryJson.StripeLine l : HistoryJson.stripe(h)) {
            stripe.add(l);
            if (random.nextInt(4) == 0) {
                stripe.add(l);
            }
        }
        Collections.shuffle(stripe, random);
        return stripe;
    }

    /** How the documents of one invoice (payments, credit notes, refunds, disputes, void) are ordered among themselves. */
    public enum InvoiceOrder {
        /** As the shuffle left them. */
        SHUFFLED,
        /** In the slots the shuffle gave them, in business order (payments first, then the rest by business date). */
        BUSINESS_ORDER,
        /** In the slots the shuffle gave them, latest business date first (payments included). */
        LATEST_FIRST
    }

    /**
     * The order the connectors deliver the CDC and Stripe lines in (master data goes first, separately): Stripe
     * events in fully random order, about one in four delivered twice, randomly interleaved with the CDC lines (which
     * keep their commit order), and up to four clock ticks at random increasing instants before as-of among them, so
     * that an adjustment may arrive before its invoice or payment, after a later-dated adjustment, or after months
     * past its date were recognized. To make every kind of order frequent, each history picks (from its seed) how an
     * invoice's own documents are ordered among themselves: all invoices as the shuffle left them, all in
     * {@link InvoiceOrder#BUSINESS_ORDER}, or each invoice at random one of the three. Whether a delivery happened to
     * keep business order within every invoice is {@link #keepsBusinessOrder}.
     */
    public static List<Delivery> delivery(History h) {
        Random random = new Random(h.seed() * 31 + 7);
        int mode = random.nextInt(3);
        InvoiceOrder[] choices = InvoiceOrder.values();
        return delivery(h, random, () -> mode == 0 ? InvoiceOrder.SHUFFLED : mode == 1 ? InvoiceOrder.BUSINESS_ORDER
                : choices[random.nextInt(choices.length)], random.nextInt(5));
    }

    /**
     * The named option for an entry-for-entry comparison whatever the history: Stripe events shuffled with
     * redeliveries and interleaved with CDC as {@link #delivery}, but every invoice's documents in business order
     * and no clock tick before the end of input.
     */
    public static List<Delivery> deliveryInBusinessOrder(History h) {
        Random random = new Random(h.seed() ^ 0x5DEECE66DL);
        return delivery(h, random, () -> InvoiceOrder.BUSINESS_ORDER, 0);
    }

    private static List<Delivery> delivery(History h, Random random, java.util.function.Supplier<InvoiceOrder> order,
            int ticks) {
        List<HistoryJson.StripeLine> stripe = shuffledWithRedeliveries(h, random);
        Map<String, List<Integer>> slots = new java.util.TreeMap<>();
        for (int i = 0; i < stripe.size(); i++) {
            HistoryJson.StripeLine l = stripe.get(i);
            if (l.ordered() && l.invoiceId() != null) {
                slots.computeIfAbsent(l.invoiceId(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> positions : slots.values()) {
            InvoiceOrder o = order.get();
            if (o == InvoiceOrder.SHUFFLED) {
                continue;
            }
            List<HistoryJson.StripeLine> events = new ArrayList<>(positions.stream().map(stripe::get).toList());
            events.sort(o == InvoiceOrder.BUSINESS_ORDER ? BUSINESS_ORDER
                    : Comparator.comparing(HistoryJson.StripeLine::businessTime).reversed());
            for (int k = 0; k < positions.size(); k++) {
                stripe.set(positions.get(k), events.get(k));
            }
        }
        List<String> cdc = HistoryJson.cdc(h);
        List<Delivery> out = new ArrayList<>();
        int c = 0;
        int s = 0;
        while (c < cdc.size() || s < stripe.size()) {
            int left = cdc.size() - c + stripe.size() - s;
            if (random.nextInt(left) < cdc.size() - c) {
                out.add(new Delivery(Channel.CDC, cdc.get(c++)));
            } else {
                out.add(new Delivery(Channel.BILLING, stripe.get(s++).json()));
            }
        }
        long span = h.asOf().getEpochSecond() - BASE.getEpochSecond();
        List<Long> at = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int t = 0; t < ticks; t++) {
            at.add(BASE.getEpochSecond() + (long) (random.nextDouble() * span));
            positions.add(random.nextInt(out.size() + 1));
        }
        Collections.sort(at);
        Collections.sort(positions);
        for (int t = ticks - 1; t >= 0; t--) {
            out.add(positions.get(t), new Delivery(Channel.TICK, Instant.ofEpochSecond(at.get(t)).toString()));
        }
        return out;
    }

    /** An invoice's documents in business order: payments first, then by business date, on one instant by kind. */
    static final Comparator<HistoryJson.StripeLine> BUSINESS_ORDER = Comparator
            .comparing((HistoryJson.StripeLine l) -> !l.isPayment())
            .thenComparing(HistoryJson.StripeLine::businessTime)
            .thenComparingInt(HistoryJson.StripeLine::rank)
            .thenComparing(HistoryJson.StripeLine::eventId);

    /**
     * Whether the delivery kept business order within every invoice, so that the topology's journal must equal the
     * reference entry for entry (out of that order Ledgerline corrects by reversal and revision, and only balances
     * compare): the first copy of each of an invoice's documents arrives in {@link #BUSINESS_ORDER}, and no clock
     * tick before a credit note, refund, dispute event or void reached a month end after its business date (the tick
     * would have recognized a month the document should have re-planned first). Redeliveries are duplicates and
     * change nothing.
     */
    public static boolean keepsBusinessOrder(History h, List<Delivery> deliveries) {
        Map<String, HistoryJson.StripeLine> byJson = new HashMap<>();
        HistoryJson.stripe(h).forEach(l -> byJson.put(l.json(), l));
        Set<String> seen = new java.util.HashSet<>();
        Map<String, HistoryJson.StripeLine> last = new HashMap<>();
        Instant clock = null;
        for (Delivery d : deliveries) {
            if (d.channel() == Channel.TICK) {
                Instant t = Instant.parse(d.line());
                clock = clock == null || t.isAfter(clock) ? t : clock;
                continue;
            }
            if (d.channel() != Channel.BILLING) {
                continue;
            }
            HistoryJson.StripeLine l = byJson.get(d.line());
            if (l == null || !seen.add(l.eventId()) || !l.ordered()) {
                continue;
            }
            if (!l.isPayment() && clock != null && !nextMonthStart(l.businessTime()).isAfter(clock)) {
                return false;
            }
            HistoryJson.StripeLine previous = last.put(l.invoiceId(), l);
            if (previous != null && BUSINESS_ORDER.compare(previous, l) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The first month end (midnight UTC on the 1st) strictly after {@code t}. */
    private static Instant nextMonthStart(Instant t) {
        return YearMonth.from(LocalDate.ofInstant(t, ZoneOffset.UTC)).plusMonths(1).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
    }
}
