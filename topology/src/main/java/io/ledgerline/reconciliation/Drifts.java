package io.ledgerline.reconciliation;

import io.ledgerline.alerts.WorkflowAlerts;
import io.ledgerline.contract.Booking;
import io.ledgerline.contract.BookingKind;
import io.ledgerline.contract.ContractBookings;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.Drift;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.contract.InvoiceView;
import io.ledgerline.contract.OrderView;
import io.ledgerline.contract.SubscriptionView;
import io.ledgerline.ops.WorkflowAlertKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Where the CRM, billing and the ERP disagree about one account, as workflow conditions (stage
 * {@value #STAGE}, subject and amounts on both sides): the ledger watches them with {@link WorkflowAlerts} (raised
 * by a clock tick once they outlast their threshold) and the reconciliation record lists those that have begun by its
 * as-of. Pure: no Kafka.
 * <ul>
 *   <li>BOOKED_NOT_BILLED: a Closed Won new-business or renewal booking with no invoice for it (a renewal counts from
 *       the end of the contract it renews);</li>
 *   <li>BILLED_NOT_BOOKED: an invoice of a subscription that names no Closed Won opportunity, or a one-off invoice of
 *       an account with no booking in its currency;</li>
 *   <li>BOOKING_BILLING_MISMATCH: a new-business booking whose amount differs from the year's value of the
 *       subscription it created plus the one-off lines billed with it;</li>
 *   <li>NOT_POSTED: entries of an ended period the ERP has not confirmed POSTED, per legal entity, period and
 *       currency;</li>
 *   <li>POSTED_AMOUNT_MISMATCH: an entry the ERP reports POSTED for another amount than was journaled.</li>
 * </ul>
 */
public final class Drifts {

    public static final String STAGE = "reconciliation";

    /** The kinds this class watches, for {@link WorkflowAlerts#sync}. */
    public static final Set<WorkflowAlertKind> KINDS = Set.of(WorkflowAlertKind.BOOKED_NOT_BILLED, WorkflowAlertKind.BILLED_NOT_BOOKED,
            WorkflowAlertKind.BOOKING_BILLING_MISMATCH, WorkflowAlertKind.NOT_POSTED, WorkflowAlertKind.POSTED_AMOUNT_MISMATCH);

    private Drifts() {
    }

    /**
     * Every drift of the account now, of the kinds watched: a kind not watched is neither alerted on nor in the
     * reconciliation record, so it is not looked for (without the ERP's results every entry is unposted, and the
     * NOT_POSTED conditions would list them all on every change).
     *
     * @param start   when a condition that happened at a business time starts counting (the wait grace's rule)
     * @param watched the kinds the deployment watches
     */
    public static List<WorkflowAlerts.Condition> of(ContractState s, UnaryOperator<Instant> start,
                                                    java.util.function.Predicate<WorkflowAlertKind> watched) {
        List<WorkflowAlerts.Condition> out = new ArrayList<>();
        if (watched.test(WorkflowAlertKind.BOOKED_NOT_BILLED)) {
            bookedNotBilled(s, start, out);
        }
        if (watched.test(WorkflowAlertKind.BILLED_NOT_BOOKED)) {
            billedNotBooked(s, start, out);
        }
        if (watched.test(WorkflowAlertKind.BOOKING_BILLING_MISMATCH)) {
            mismatches(s, start, out);
        }
        if (watched.test(WorkflowAlertKind.NOT_POSTED)) {
            notPosted(s, start, out);
        }
        if (watched.test(WorkflowAlertKind.POSTED_AMOUNT_MISMATCH)) {
            postedAmounts(s, start, out);
        }
        return out;
    }

    /**
     * The condition as the ledger watches it (in its alert store). A NOT_POSTED condition is watched without the amount
     * and entries that change with every entry journaled in the period, so its store record is written when the period
     * first has an unposted entry and when the last is posted, not once per entry; the reconciliation record and
     * {@code GET /reconciliation/{accountId}} carry its amount and entry ids.
     */
    public static WorkflowAlerts.Condition toWatch(WorkflowAlerts.Condition c) {
        if (c.kind() != WorkflowAlertKind.NOT_POSTED) {
            return c;
        }
        String[] parts = c.subjectId().split("/"); // <accountId>/<legal entity>/<period>/<currency>
        return new WorkflowAlerts.Condition(c.kind(), c.stage(), c.subjectId(), c.accountId(), c.correlationId(), null, c.currency(), c.since(),
                "journal entries of account " + parts[0] + " in " + parts[1] + " period " + parts[2] + " (" + parts[3]
                        + ") are not all posted by the ERP; GET /reconciliation/" + parts[0] + " lists them with their amounts");
    }

    /** The drifts of one currency that have begun by {@code asOf}, as the reconciliation record lists them. */
    public static List<Drift> inRecord(List<WorkflowAlerts.Condition> conditions, String currency, Instant asOf,
                                       java.util.function.Predicate<WorkflowAlertKind> watched) {
        return conditions.stream()
                .filter(c -> currency.equals(c.currency()) && !c.since().isAfter(asOf) && watched.test(c.kind()))
                .map(c -> new Drift(c.kind().name(), c.amountMinor() == null ? 0L : c.amountMinor(), c.subjectId(), c.message()))
                .sorted(java.util.Comparator.comparing(Drift::getKind).thenComparing(Drift::getSubjectId))
                .toList();
    }

    private static void bookedNotBilled(ContractState s, UnaryOperator<Instant> start, List<WorkflowAlerts.Condition> out) {
        for (OrderView o : s.getOrders()) {
            if (o.getAcceptedAt() == null) {
                continue;
            }
            BookingKind kind = o.getKind() == null ? BookingKind.NEW : o.getKind();
            if (kind == BookingKind.NEW) {
                List<InvoiceView> billed = invoicesOf(s, Set.copyOf(o.getSubscriptionIds()), null);
                if (billed.isEmpty()) {
                    out.add(condition(WorkflowAlertKind.BOOKED_NOT_BILLED, o.getOpportunityId(), s, o.getOpportunityId(), o.getAmountMinor(),
                            o.getCurrency(), start.apply(o.getAcceptedAt()), "opportunity " + o.getOpportunityId() + name(o) + " was booked Closed Won at "
                                    + o.getAcceptedAt() + " for " + amount(o.getAmountMinor(), o.getCurrency()) + " and nothing is billed for it "
                                    + (o.getSubscriptionIds().isEmpty() ? "(no subscription names it)" : "(subscriptions " + o.getSubscriptionIds() + " have no invoice)")));
                }
            } else if (kind == BookingKind.RENEWAL) {
                renewal(s, o, start, out);
            }
        }
    }

    /**
     * A renewal is billed by an invoice of the renewed subscriptions dated from the start of the renewed term: the
     * renewed Contract's end date, or, while no Contract record says it, the end of the current period of the account's
     * subscriptions in the renewal's currency.
     */
    private static void renewal(ContractState s, OrderView o, UnaryOperator<Instant> start, List<WorkflowAlerts.Condition> out) {
        Optional<ContractBookings> renewed = s.getContracts().stream()
                .filter(c -> c.getContractId() != null && c.getContractId().equals(o.getContractId())).findFirst();
        Set<String> opportunities = renewed.map(c -> c.getBookings().stream().map(Booking::getOpportunityId).collect(Collectors.toSet()))
                .orElse(Set.of());
        Set<String> subscriptions = s.getSubscriptions().stream()
                .filter(x -> opportunities.contains(x.getOpportunityId())
                        || renewed.map(ContractBookings::getOriginatingOpportunityId).filter(id -> id.equals(x.getOpportunityId())).isPresent()
                        || (renewed.map(ContractBookings::getEndDate).isEmpty() && x.getCurrency().equalsIgnoreCase(String.valueOf(o.getCurrency()))))
                .map(SubscriptionView::getSubscriptionId).collect(Collectors.toSet());
        Optional<Instant> knownStart = renewed.map(ContractBookings::getEndDate).map(Drifts::date)
                .or(() -> s.getSubscriptions().stream().filter(x -> subscriptions.contains(x.getSubscriptionId()))
                        .map(SubscriptionView::getCurrentPeriodEnd).filter(Objects::nonNull).max(Instant::compareTo));
        if (knownStart.isEmpty()) {
            return; // nothing says when the renewed term starts yet: a watched condition keeps its start, so wait
        }
        Instant termStart = knownStart.get();
        boolean billed = !invoicesOf(s, subscriptions, termStart).isEmpty();
        if (!billed) {
            Instant since = termStart.isAfter(o.getAcceptedAt()) ? termStart : o.getAcceptedAt();
            out.add(condition(WorkflowAlertKind.BOOKED_NOT_BILLED, o.getOpportunityId(), s, o.getOpportunityId(), o.getAmountMinor(),
                    o.getCurrency(), start.apply(since), "renewal " + o.getOpportunityId() + name(o) + " of contract " + o.getContractId()
                            + " was booked Closed Won at " + o.getAcceptedAt() + " for " + amount(o.getAmountMinor(), o.getCurrency())
                            + " and no invoice of the renewed subscriptions " + new java.util.TreeSet<>(subscriptions) + " is dated from the renewed term's start "
                            + termStart));
        }
    }

    private static void billedNotBooked(ContractState s, UnaryOperator<Instant> start, List<WorkflowAlerts.Condition> out) {
        for (InvoiceView v : s.getInvoices()) {
            long billed = billed(v);
            if (v.getVoided() || billed == 0) {
                continue;
            }
            String why = null;
            if (v.getSubscriptionId() != null) {
                SubscriptionView sub = s.getSubscriptions().stream().filter(x -> x.getSubscriptionId().equals(v.getSubscriptionId()))
                        .findFirst().orElse(null);
                String opportunity = sub == null ? null : sub.getOpportunityId();
                if (opportunity == null) {
                    why = "its subscription " + v.getSubscriptionId() + " names no opportunity (metadata.crm_opportunity_id)";
                } else if (s.getOrders().stream().noneMatch(o -> o.getOpportunityId().equals(opportunity) && o.getAcceptedAt() != null)) {
                    why = "its subscription " + v.getSubscriptionId() + " names opportunity " + opportunity + ", which is not Closed Won";
                }
            } else if (s.getOrders().stream().noneMatch(o -> o.getAcceptedAt() != null && v.getCurrency().equals(o.getCurrency()))) {
                why = "it belongs to no subscription and account " + s.getAccountId() + " has no Closed Won booking in " + v.getCurrency();
            }
            if (why != null) {
                out.add(condition(WorkflowAlertKind.BILLED_NOT_BOOKED, v.getInvoiceId(), s, v.getCorrelationId(), billed, v.getCurrency(),
                        start.apply(v.getEffectiveAt()), "invoice " + v.getInvoiceId() + " bills " + amount(billed, v.getCurrency())
                                + " (excluding tax) and nothing is booked for it: " + why));
            }
        }
    }

    private static void mismatches(ContractState s, UnaryOperator<Instant> start, List<WorkflowAlerts.Condition> out) {
        for (OrderView o : s.getOrders()) {
            if (o.getAcceptedAt() == null || (o.getKind() != null && o.getKind() != BookingKind.NEW) || o.getSubscriptionIds().isEmpty()
                    || o.getAmountMinor() == null) {
                continue;
            }
            List<SubscriptionView> subs = s.getSubscriptions().stream().filter(x -> o.getSubscriptionIds().contains(x.getSubscriptionId())).toList();
            if (subs.stream().anyMatch(x -> x.getCreatedValueMinor() == null)) {
                continue; // no fixed value (metered) or its created event has not arrived
            }
            long recurring = subs.stream().mapToLong(SubscriptionView::getCreatedValueMinor).sum();
            long oneOff = invoicesOf(s, Set.copyOf(o.getSubscriptionIds()), null).stream().mapToLong(InvoiceView::getPointInTimeMinor).sum();
            long value = recurring + oneOff;
            boolean otherCurrency = subs.stream().anyMatch(x -> !x.getCurrency().equals(o.getCurrency()));
            if (value != o.getAmountMinor() || otherCurrency) {
                String subsText = subs.stream().map(x -> x.getSubscriptionId() + " (" + x.getCurrency() + ")").collect(Collectors.joining(", "));
                out.add(condition(WorkflowAlertKind.BOOKING_BILLING_MISMATCH, o.getOpportunityId(), s, o.getOpportunityId(),
                        o.getAmountMinor() - value, o.getCurrency(), start.apply(o.getAcceptedAt()),
                        "opportunity " + o.getOpportunityId() + name(o) + " booked " + amount(o.getAmountMinor(), o.getCurrency())
                                + "; subscriptions " + subsText + " are worth " + recurring + " a year plus " + oneOff
                                + " of one-off lines billed = " + value + " (difference " + (o.getAmountMinor() - value) + ")"));
            }
        }
    }

    private static void notPosted(ContractState s, UnaryOperator<Instant> start, List<WorkflowAlerts.Condition> out) {
        TreeMap<String, List<ErpPostingView>> open = new TreeMap<>();
        for (ErpPostingView p : s.getErpPostings()) {
            if (p.getStatus() != ErpPostingStatus.POSTED) {
                open.computeIfAbsent(p.getLegalEntity() + "/" + p.getPostingPeriod() + "/" + p.getCurrency(), k -> new ArrayList<>()).add(p);
            }
        }
        open.forEach((key, entries) -> {
            ErpPostingView first = entries.get(0);
            Instant periodEnd = YearMonth.parse(first.getPostingPeriod()).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant latest = entries.stream().map(ErpPostingView::getJournaledAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(periodEnd);
            Instant since = latest.isAfter(periodEnd) ? latest : periodEnd;
            long amount = entries.stream().mapToLong(ErpPostingView::getAmountMinor).sum();
            out.add(condition(WorkflowAlertKind.NOT_POSTED, s.getAccountId() + "/" + key, s, null, amount, first.getCurrency(), start.apply(since),
                    entries.size() + " journal entries of account " + s.getAccountId() + " in " + first.getLegalEntity() + " period "
                            + first.getPostingPeriod() + " (" + amount(amount, first.getCurrency()) + " of debits) are not posted by "
                            + first.getErp() + ": " + entries.stream().map(e -> e.getEntryId() + " " + e.getStatus()).collect(Collectors.joining(", "))));
        });
    }

    private static void postedAmounts(ContractState s, UnaryOperator<Instant> start, List<WorkflowAlerts.Condition> out) {
        for (ErpPostingView p : s.getErpPostings()) {
            if (p.getStatus() == ErpPostingStatus.POSTED && p.getPostedAmountMinor() != null && p.getPostedAmountMinor() != p.getAmountMinor()) {
                long difference = p.getPostedAmountMinor() - p.getAmountMinor();
                out.add(condition(WorkflowAlertKind.POSTED_AMOUNT_MISMATCH, p.getEntryId(), s, p.getCorrelationId(), difference, p.getCurrency(),
                        start.apply(p.getResultAt() == null ? p.getJournaledAt() : p.getResultAt()),
                        "the ERP posted journal entry " + p.getEntryId() + " as document " + p.getErpDocumentNumber() + " for "
                                + amount(p.getPostedAmountMinor(), p.getCurrency()) + "; it was journaled for "
                                + amount(p.getAmountMinor(), p.getCurrency()) + " (difference " + difference + ")"));
            }
        }
    }

    /** The non-void invoices of these subscriptions, dated from {@code from} if given. */
    private static List<InvoiceView> invoicesOf(ContractState s, Set<String> subscriptions, Instant from) {
        return s.getInvoices().stream()
                .filter(v -> v.getSubscriptionId() != null && subscriptions.contains(v.getSubscriptionId()) && !v.getVoided())
                .filter(v -> from == null || !v.getEffectiveAt().isBefore(from))
                .toList();
    }

    static long billed(InvoiceView v) {
        return v.getTotalMinor() - v.getTaxMinor() - (v.getCreditedMinor() - v.getCreditedTaxMinor());
    }

    private static Instant date(String isoDate) {
        return LocalDate.parse(isoDate).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static WorkflowAlerts.Condition condition(WorkflowAlertKind kind, String subject, ContractState s, String correlationId,
                                                      Long amount, String currency, Instant since, String message) {
        return new WorkflowAlerts.Condition(kind, STAGE, subject, s.getAccountId(), correlationId, amount,
                currency == null ? null : currency.toUpperCase(Locale.ROOT), since, message);
    }

    private static String name(OrderView o) {
        return o.getName() == null ? "" : " (" + o.getName() + ")";
    }

    private static String amount(Long minor, String currency) {
        return (minor == null ? "no amount" : minor + " minor units of") + " " + currency;
    }
}
