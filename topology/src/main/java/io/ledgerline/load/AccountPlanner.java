package io.ledgerline.load;

import io.ledgerline.load.AccountPlan.Account;
import io.ledgerline.load.AccountPlan.Cancellation;
import io.ledgerline.load.AccountPlan.CreditNote;
import io.ledgerline.load.AccountPlan.Dispute;
import io.ledgerline.load.AccountPlan.DisputeStep;
import io.ledgerline.load.AccountPlan.Event;
import io.ledgerline.load.AccountPlan.Invoice;
import io.ledgerline.load.AccountPlan.Item;
import io.ledgerline.load.AccountPlan.Kind;
import io.ledgerline.load.AccountPlan.Line;
import io.ledgerline.load.AccountPlan.Opportunity;
import io.ledgerline.load.AccountPlan.Payment;
import io.ledgerline.load.AccountPlan.Refund;
import io.ledgerline.load.AccountPlan.Subscription;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plans one account's consistent quote-to-cash history from the seed and the account's number alone (so account k is
 * the same whatever the number of accounts): the CRM account, one or two opportunities closed won, a Stripe customer
 * and a subscription per opportunity (annual or monthly; platform, seats and metered API calls; some with a discount
 * coupon), every invoice the subscription produces in the window (multi-line, with the entity's tax), occasional
 * manual invoices (training days, some voided), and how each invoice is settled: paid at once or on terms, paid in
 * two parts, partly paid, unpaid, credited before payment, refunded in part later.
 *
 * <p>Everything is kept consistent so that the pipeline books every event: a payment never exceeds what is due, a
 * refund never exceeds its payment, a credit note credits part of one line before the invoice is paid, only unpaid
 * manual invoices are voided, and every event is dated inside the window. The shares are in {@link Mix}.
 */
final class AccountPlanner {

    /** Shares, in percent, of the choices the planner makes. */
    static final class Mix {
        static final int SECOND_SUBSCRIPTION = 25;
        static final int ANNUAL = 40;
        static final int ANNUAL_SEATS = 50;
        static final int MONTHLY_SEATS = 60;
        static final int MONTHLY_METERED = 40;
        static final int ONBOARDING = 35;
        static final int DISCOUNT = 20;
        static final int CANCEL_MONTHLY = 12;
        static final int MANUAL_INVOICE = 15;
        static final int MANUAL_VOIDED = 35;
        static final int CREDIT_NOTE = 5;
        static final int ON_TERMS = 35;
        static final int UNPAID = 7;
        static final int PARTLY_PAID = 4;
        static final int PAID_IN_TWO = 8;
        static final int REFUND = 5;
        /** of the fully paid invoices that are not refunded */
        static final int DISPUTE = 2;
        /** of the disputes decided in the window */
        static final int DISPUTE_WON = 55;

        private Mix() {
        }
    }

    private static final String[] NAME_STEMS = {"Acme", "Birch", "Cobalt", "Dune", "Ember", "Fjord", "Granite",
        "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Nimbus", "Orbit", "Pine", "Quartz", "Raven",
        "Sable", "Tundra", "Umber", "Vesta", "Willow", "Xenon", "Yarrow", "Zephyr"};
    private static final String[] NAME_KINDS = {"Labs", "Logistics", "Analytics", "Robotics", "Health", "Foods",
        "Energy", "Media", "Systems", "Trading", "Clinics", "Freight"};

    private static final long DAY = 86_400;
    private static final long HOUR = 3_600;

    private final LoadSettings settings;
    private final long windowStart;
    private final long windowEnd;

    AccountPlanner(LoadSettings settings) {
        this.settings = settings;
        this.windowStart = epoch(settings.start());
        this.windowEnd = epoch(settings.end());
    }

    long windowEnd() {
        return windowEnd;
    }

    static long epoch(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** The account's own random stream: the seed and the account number mixed (SplitMix64's finalizer). */
    static SplittableRandom random(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /** The account's number in base 36, upper case, six characters: part of every id of the account. */
    static String tag(int index) {
        String digits = Integer.toString(index, 36).toUpperCase(Locale.ROOT);
        return "0".repeat(Math.max(0, 6 - digits.length())) + digits;
    }

    AccountPlan plan(int index) {
        SplittableRandom random = random(settings.seed(), index);
        Builder b = new Builder(random, index);
        return b.build();
    }

    private final class Builder {
        private final SplittableRandom random;
        private final String tag;
        private AccountPlan plan;
        private int invoices;
        private int payments;
        private int creditNotes;
        private int refunds;
        private int disputes;

        Builder(SplittableRandom random, int index) {
            this.random = random;
            this.tag = tag(index);
            this.plan = new AccountPlan(account(index));
        }

        private boolean chance(int percent) {
            return random.nextInt(100) < percent;
        }

        private long pick(long[] values) {
            return values[random.nextInt(values.length)];
        }

        private String hex(int digits) {
            StringBuilder s = new StringBuilder(digits);
            for (int i = 0; i < digits; i++) {
                s.append(Character.forDigit(random.nextInt(16), 16));
            }
            return s.toString();
        }

        private String upperHex(int digits) {
            return hex(digits).toUpperCase(Locale.ROOT);
        }

        private Account account(int index) {
            int roll = random.nextInt(100);
            Catalog.Entity entity = Catalog.ENTITIES.get(Catalog.ENTITIES.size() - 1);
            int cumulative = 0;
            for (Catalog.Entity e : Catalog.ENTITIES) {
                cumulative += e.weight();
                if (roll < cumulative) {
                    entity = e;
                    break;
                }
            }
            String currency = chance(entity.foreignPercent()) ? entity.foreign() : entity.currency();
            int taxBasisPoints = chance(entity.taxExemptPercent()) ? 0 : entity.taxBasisPoints();
            String stem = NAME_STEMS[random.nextInt(NAME_STEMS.length)];
            String kind = NAME_KINDS[random.nextInt(NAME_KINDS.length)];
            String country = entity.countries().get(random.nextInt(entity.countries().size()));
            long spanDays = (windowEnd - windowStart) / DAY;
            long createdAt = windowStart + random.nextLong(0, spanDays * 70 / 100) * DAY + 8 * HOUR
                    + random.nextLong(0, 10 * HOUR);
            String lowerTag = tag.toLowerCase(Locale.ROOT);
            return new Account(index, tag, "001Lg" + tag + upperHex(7), stem + " " + kind + " " + tag, country, entity,
                    currency, "cus_" + tag + hex(8), "C-" + entity.country() + "-" + tag,
                    "billing@" + stem.toLowerCase(Locale.ROOT) + "-" + lowerTag + ".example", createdAt, taxBasisPoints,
                    "txr_" + entity.country().toLowerCase(Locale.ROOT) + "_" + taxBasisPoints);
        }

        AccountPlan build() {
            Account a = plan.account;
            List<Event> events = new ArrayList<>();
            events.add(new Event(Kind.CRM_ACCOUNT_CREATE, a.createdAt(), null, a));
            int subscriptionCount = chance(Mix.SECOND_SUBSCRIPTION) ? 2 : 1;
            long opportunityAt = a.createdAt() + HOUR + random.nextLong(0, 5 * DAY);
            boolean customerCreated = false;
            for (int k = 0; k < subscriptionCount; k++) {
                if (k > 0) {
                    opportunityAt += random.nextLong(20, 120) * DAY;
                }
                long closedAt = opportunityAt + random.nextLong(2, 21) * DAY + random.nextLong(0, 6 * HOUR);
                long start = epoch(day(closedAt).plusDays(1));
                if (start + 2 * DAY >= windowEnd) {
                    break;
                }
                if (!customerCreated) {
                    events.add(new Event(Kind.CUSTOMER_CREATED, closedAt + 300, null, a));
                    customerCreated = true;
                }
                subscription(events, k, opportunityAt, closedAt, start);
            }
            if (customerCreated && chance(Mix.MANUAL_INVOICE)) {
                manualInvoice(events);
            }
            // business order; events of one instant keep the order they were planned in (a stable sort)
            events.sort(Comparator.comparingLong(Event::created));
            int seq = 0;
            for (Event e : events) {
                String id = e.kind().file == ExportFile.SALESFORCE_CDC
                        ? uuid()
                        : "evt_" + tag + base36(seq++, 4) + hex(14);
                plan.events.add(new Event(e.kind(), e.created(), id, e.subject()));
            }
            return plan;
        }

        private String uuid() {
            return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
        }

        private void subscription(List<Event> events, int k, long opportunityAt, long closedAt, long start) {
            Account a = plan.account;
            String currency = a.currency();
            boolean annual = chance(Mix.ANNUAL);
            String interval = annual ? "year" : "month";
            String subscriptionId = "sub_" + tag + "S" + k;
            List<Item> items = new ArrayList<>();
            long platform = Catalog.price(pick(annual ? Catalog.PLATFORM_ANNUAL : Catalog.PLATFORM_MONTHLY), currency);
            items.add(new Item("si_" + tag + k + "i0", Catalog.PLATFORM, priceId(Catalog.PLATFORM, currency, interval, platform),
                    1, platform, false));
            if (chance(annual ? Mix.ANNUAL_SEATS : Mix.MONTHLY_SEATS)) {
                long seat = Catalog.price(annual ? Catalog.SEAT_ANNUAL : Catalog.SEAT_MONTHLY, currency);
                items.add(new Item("si_" + tag + k + "i1", Catalog.SEATS, priceId(Catalog.SEATS, currency, interval, seat),
                        random.nextLong(5, 51), seat, false));
            }
            if (!annual && chance(Mix.MONTHLY_METERED)) {
                long perCall = Catalog.pricePerCall(currency);
                items.add(new Item("si_" + tag + k + "i2", Catalog.API_CALLS,
                        priceId(Catalog.API_CALLS, currency, interval, perCall), 0, perCall, true));
            }
            int discount = chance(Mix.DISCOUNT) ? Catalog.DISCOUNT_PERCENTS[random.nextInt(Catalog.DISCOUNT_PERCENTS.length)] : 0;
            String discountId = discount == 0 ? null : "di_" + tag + k + hex(6);
            long onboarding = chance(Mix.ONBOARDING) ? Catalog.price(pick(Catalog.ONBOARDING_FEES), currency) : 0;

            long recurringNet = 0;
            for (Item item : items) {
                if (!item.metered()) {
                    long amount = item.unitAmount() * item.quantity();
                    recurringNet += amount - discountOf(amount, item.product(), discount);
                }
            }
            long contractValue = recurringNet * (annual ? 1 : 12) + onboarding;
            Opportunity opportunity = new Opportunity("006Lg" + tag + Character.forDigit(k, 36) + upperHex(6),
                    a.crmAccountId(), a.name() + (k == 0 ? " - Platform" : " - Expansion"), contractValue, currency,
                    opportunityAt, closedAt,
                    day(closedAt));
            long firstEnd = annual ? epoch(day(start).plusYears(1)) : epoch(day(start).plusMonths(1));
            Subscription subscription = new Subscription(subscriptionId, opportunity, annual, closedAt + 600, start,
                    firstEnd, List.copyOf(items), discount, discountId);
            plan.subscriptions.add(subscription);
            events.add(new Event(Kind.CRM_OPPORTUNITY_CREATE, opportunityAt, null, opportunity));
            events.add(new Event(Kind.CRM_OPPORTUNITY_CLOSED_WON, closedAt, null, opportunity));
            events.add(new Event(Kind.SUBSCRIPTION_CREATED, subscription.createdAt(), null, subscription));

            if (annual) {
                invoice(events, subscription, start, firstEnd, "subscription_create", onboarding, 0);
                return;
            }
            boolean metered = items.stream().anyMatch(Item::metered);
            int cancelAfter = !metered && chance(Mix.CANCEL_MONTHLY) ? random.nextInt(2, 6) : Integer.MAX_VALUE;
            LocalDate startDay = day(start);
            for (int cycle = 0; ; cycle++) {
                long periodStart = epoch(startDay.plusMonths(cycle));
                long periodEnd = epoch(startDay.plusMonths(cycle + 1));
                if (cycle == cancelAfter) {
                    if (periodStart < windowEnd) {
                        long previousStart = epoch(startDay.plusMonths(cycle - 1));
                        events.add(new Event(Kind.SUBSCRIPTION_DELETED, periodStart,
                                null, new Cancellation(subscription, previousStart, periodStart)));
                    }
                    return;
                }
                if (periodStart + 300 >= windowEnd) {
                    return;
                }
                long usageCalls = metered && cycle > 0 ? random.nextLong(1_000, 60_001) : 0;
                invoice(events, subscription, periodStart, periodEnd, cycle == 0 ? "subscription_create" : "subscription_cycle",
                        cycle == 0 ? onboarding : 0, usageCalls);
            }
        }

        private long discountOf(long amount, Catalog.Product product, int percent) {
            return "RATABLE".equals(product.recognition()) ? amount * percent / 100 : 0;
        }

        private String priceId(Catalog.Product product, String currency, String interval, long unit) {
            return "price_" + product.id().substring(5) + "_" + currency.toLowerCase(Locale.ROOT) + "_" + interval + "_" + unit;
        }

        private void invoice(List<Event> events, Subscription subscription, long periodStart, long periodEnd,
                             String billingReason, long onboarding, long usageCalls) {
            Account a = plan.account;
            int n = ++invoices;
            String invoiceId = "in_" + tag + "N" + base36(n, 3);
            List<Line> lines = new ArrayList<>();
            int j = 0;
            for (Item item : subscription.items()) {
                if (item.metered()) {
                    if (usageCalls > 0) {
                        long usageStart = epoch(day(periodStart).minusMonths(1));
                        lines.add(line(invoiceId, j++, item.product(), item.priceId(), "API calls", usageCalls,
                                item.unitAmount(), 0, null, usageStart, periodStart));
                    }
                    continue;
                }
                long amount = item.unitAmount() * item.quantity();
                long discount = discountOf(amount, item.product(), subscription.discountPercent());
                lines.add(line(invoiceId, j++, item.product(), item.priceId(),
                        item.quantity() + " x " + item.product().name(), item.quantity(), item.unitAmount(), discount,
                        discount == 0 ? null : subscription.discountId(), periodStart, periodEnd));
            }
            if (onboarding > 0) {
                lines.add(line(invoiceId, j, Catalog.ONBOARDING, "price_onboarding_" + a.currency().toLowerCase(Locale.ROOT)
                        + "_" + onboarding, "Onboarding", 1, onboarding, 0, null, periodStart, periodStart));
            }
            Invoice invoice = new Invoice(invoiceId, "LG" + tag + "-" + String.format(Locale.ROOT, "%04d", n), subscription,
                    billingReason, periodStart + 300, periodStart, periodEnd, lines,
                    subscription.discountPercent() == 0 ? null : subscription.discountId());
            events.add(new Event(Kind.INVOICE_FINALIZED, invoice.created, null, invoice));
            settle(events, invoice);
        }

        private Line line(String invoiceId, int j, Catalog.Product product, String priceId, String description,
                          long quantity, long unit, long discount, String discountId, long periodStart, long periodEnd) {
            long amount = unit * quantity;
            long tax = Catalog.tax(amount - discount, plan.account.taxBasisPoints());
            return new Line("il_" + invoiceId.substring(3) + "L" + j, product, priceId, description, quantity, amount,
                    discount, tax, periodStart, periodEnd, discountId, unit);
        }

        private void manualInvoice(List<Event> events) {
            Account a = plan.account;
            long first = plan.subscriptions.isEmpty() ? a.createdAt() : plan.subscriptions.get(0).start();
            long latest = windowEnd - 3 * DAY;
            long earliest = first + 10 * DAY;
            if (earliest >= latest) {
                return;
            }
            long dayStart = epoch(day(random.nextLong(earliest, latest)));
            long fee = Catalog.price(pick(Catalog.TRAINING_FEES), a.currency());
            int n = ++invoices;
            String invoiceId = "in_" + tag + "N" + base36(n, 3);
            Line line = line(invoiceId, 0, Catalog.TRAINING,
                    "price_training_" + a.currency().toLowerCase(Locale.ROOT) + "_" + fee,
                    "Training day", 1, fee, 0, null, dayStart, dayStart);
            Invoice invoice = new Invoice(invoiceId, "LG" + tag + "-" + String.format(Locale.ROOT, "%04d", n), null, "manual",
                    dayStart + 10 * HOUR, dayStart, dayStart, List.of(line), null);
            invoice.collectionMethod = "send_invoice";
            events.add(new Event(Kind.INVOICE_FINALIZED, invoice.created, null, invoice));
            if (chance(Mix.MANUAL_VOIDED)) {
                long voidedAt = invoice.created + random.nextLong(1, 6) * DAY;
                if (voidedAt < windowEnd) {
                    invoice.voidedAt = voidedAt;
                    events.add(new Event(Kind.INVOICE_VOIDED, voidedAt, null, invoice));
                    return;
                }
            }
            settle(events, invoice);
        }

        /** Credit note, payments, invoice.paid and refund of one invoice, each only when it falls in the window. */
        private void settle(List<Event> events, Invoice invoice) {
            Account a = plan.account;
            long due = invoice.total();
            if (due <= 0) {
                return;
            }
            long clock = invoice.created;
            boolean onTerms = "send_invoice".equals(invoice.collectionMethod) || chance(Mix.ON_TERMS);
            if (chance(Mix.CREDIT_NOTE)) {
                Line line = invoice.lines.stream().max(Comparator.comparingLong(Line::net)).orElseThrow();
                long percent = new long[] {10, 20, 25, 50}[random.nextInt(4)];
                long amount = line.net() * percent / 100;
                long created = clock + DAY + random.nextLong(0, 12 * HOUR);
                if (amount > 0 && created < windowEnd) {
                    long tax = Math.min(line.tax(), Catalog.tax(amount, a.taxBasisPoints()));
                    int n = ++creditNotes;
                    CreditNote note = new CreditNote("cn_" + tag + "C" + n, "CN" + tag + "-" + n, invoice, line,
                            "cnli_" + tag + "C" + n, amount, tax, created);
                    events.add(new Event(Kind.CREDIT_NOTE_CREATED, created, null, note));
                    due -= note.total();
                    clock = created;
                    onTerms = true;
                }
            }
            if (onTerms) {
                invoice.collectionMethod = "send_invoice";
            }
            long firstPaidAt = clock + (onTerms ? random.nextLong(2, 31) * DAY + random.nextLong(0, 8 * HOUR)
                    : random.nextLong(60, 901));
            int roll = random.nextInt(100);
            List<long[]> schedule = new ArrayList<>(); // {amount, paidAt}
            if (roll < Mix.UNPAID) {
                return;
            } else if (roll < Mix.UNPAID + Mix.PARTLY_PAID) {
                schedule.add(new long[] {part(due), firstPaidAt});
            } else if (roll < Mix.UNPAID + Mix.PARTLY_PAID + Mix.PAID_IN_TWO) {
                long first = part(due);
                schedule.add(new long[] {first, firstPaidAt});
                schedule.add(new long[] {due - first, firstPaidAt + random.nextLong(3, 21) * DAY});
            } else {
                schedule.add(new long[] {due, firstPaidAt});
            }
            Payment last = null;
            for (long[] p : schedule) {
                if (p[0] <= 0 || p[1] >= windowEnd) {
                    break;
                }
                int n = ++payments;
                Payment payment = new Payment("inpay_" + tag + "P" + base36(n, 3) + hex(6), invoice,
                        "pi_" + tag + "P" + base36(n, 3) + hex(6), p[0], p[1]);
                invoice.paid += p[0];
                events.add(new Event(Kind.INVOICE_PAYMENT_PAID, p[1], null, payment));
                last = payment;
            }
            if (last == null || invoice.paid != due) {
                return;
            }
            long paidAt = last.paidAt() + 2;
            if (paidAt < windowEnd) {
                invoice.paidAt = paidAt;
                events.add(new Event(Kind.INVOICE_PAID, paidAt, null, invoice));
            }
            if (chance(Mix.REFUND)) {
                long percent = new long[] {10, 20, 30, 50}[random.nextInt(4)];
                long amount = last.amount() * percent / 100;
                long created = last.paidAt() + random.nextLong(5, 91) * DAY + random.nextLong(0, 8 * HOUR);
                if (amount > 0 && created < windowEnd) {
                    int n = ++refunds;
                    events.add(new Event(Kind.REFUND_CREATED, created, null,
                            new Refund("re_" + tag + "R" + n + hex(6), last, amount, created)));
                    return;
                }
            }
            if (chance(Mix.DISPUTE)) {
                dispute(events, last);
            }
        }

        /** Opened 10–60 days after the payment, funds withdrawn at once, decided 20–60 days later if in the window. */
        private void dispute(List<Event> events, Payment payment) {
            long openedAt = payment.paidAt() + random.nextLong(10, 61) * DAY + random.nextLong(0, 8 * HOUR);
            if (openedAt + 10 >= windowEnd) {
                return;
            }
            long amount = chance(50) ? payment.amount() : Math.max(1, payment.amount() * random.nextLong(30, 100) / 100);
            int n = ++disputes;
            String reason = chance(50) ? "fraudulent" : "product_not_received";
            Dispute d = new Dispute("dp_" + tag + "D" + n + hex(6), "ch_" + tag + "D" + n + hex(6), payment, amount,
                    Catalog.price(1_500, plan.account.currency()), reason, openedAt, openedAt + 5,
                    "txn_" + tag + "D" + n + "w" + hex(12), "txn_" + tag + "D" + n + "r" + hex(12));
            events.add(new Event(Kind.DISPUTE_CREATED, openedAt, null, new DisputeStep(d, "needs_response", false, false, 0)));
            events.add(new Event(Kind.DISPUTE_FUNDS_WITHDRAWN, openedAt + 5, null,
                    new DisputeStep(d, "needs_response", true, false, 0)));
            long decidedAt = openedAt + random.nextLong(20, 61) * DAY + random.nextLong(0, 8 * HOUR);
            if (decidedAt + 10 >= windowEnd) {
                return;
            }
            if (chance(Mix.DISPUTE_WON)) {
                events.add(new Event(Kind.DISPUTE_FUNDS_REINSTATED, decidedAt, null,
                        new DisputeStep(d, "won", true, true, decidedAt)));
                events.add(new Event(Kind.DISPUTE_CLOSED, decidedAt + 5, null, new DisputeStep(d, "won", true, true, decidedAt)));
            } else {
                events.add(new Event(Kind.DISPUTE_CLOSED, decidedAt, null, new DisputeStep(d, "lost", true, false, 0)));
            }
        }

        /** 30 to 70 % of an amount, at least one minor unit and less than all of it when possible. */
        private long part(long amount) {
            if (amount < 2) {
                return amount;
            }
            long share = amount * random.nextLong(30, 71) / 100;
            return Math.max(1, Math.min(amount - 1, share));
        }
    }

    static LocalDate day(long epochSecond) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    static String base36(int n, int width) {
        String digits = Integer.toString(n, 36).toUpperCase(Locale.ROOT);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
