package io.ledgerline.reconciliation;

import io.ledgerline.contract.Booking;
import io.ledgerline.contract.BookedAmount;
import io.ledgerline.contract.ContractBookings;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.DisputeView;
import io.ledgerline.contract.Drift;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.contract.InvoiceView;
import io.ledgerline.contract.LedgerBalance;
import io.ledgerline.contract.Reconciliation;
import io.ledgerline.contract.ReconciliationPeriod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One account's reconciliation per transaction currency, from its contract state alone: booked from the CRM's Closed
 * Won opportunities, billed and collected from the billing documents as the ledger applied them, recognized,
 * deferred, receivable and customer credit from the account's journal (its {@code ledgerBalances}), posted from the
 * ERP's results. Billing and the journal are two independent accounts of the same money, which is what the
 * {@link Identities} compare. Pure: no Kafka.
 */
public final class ReconciliationFigures {

    private static final Set<String> BILLING_ENTRIES = Set.of("INVOICE", "CREDIT_NOTE", "REVERSAL");
    private static final Set<String> REVENUE_SIDE = Set.of("REVENUE", "DEFERRED_REVENUE");

    private ReconciliationFigures() {
    }

    /** The figures of both sides for one currency, before they become a record. */
    public record Sides(String currency, long booked, long billed, long refunded, long disputesLost, long collected,
                        long outstanding, long documentCustomerCredit, long recognized, long deferred, long ar,
                        long customerCredit, long posted, long journaled, int unposted) {
    }

    /**
     * The account's records, one per currency, as of {@code asOf}: what the ledger last wrote for it, recomputed (for
     * reports and queries).
     *
     * @param watched the drift kinds the deployment watches (NOT_POSTED only where the ERP reports results)
     */
    public static List<Reconciliation> of(ContractState state, Instant asOf, Predicate<io.ledgerline.ops.WorkflowAlertKind> watched,
                                          java.util.function.UnaryOperator<Instant> start) {
        return Publication.of(state, asOf, start, watched).currencies().stream().map(Publication.Currency::record).toList();
    }

    /** The currencies the account has figures in, in order. */
    public static Set<String> currencies(ContractState state) {
        Set<String> out = new TreeSet<>();
        state.getContracts().forEach(c -> c.getBooked().forEach(b -> out.add(b.getCurrency())));
        state.getInvoices().forEach(i -> out.add(i.getCurrency()));
        state.getLedgerBalances().forEach(b -> out.add(b.getCurrency()));
        return out;
    }

    public static Sides sides(ContractState state, String currency) {
        long booked = 0;
        for (ContractBookings c : state.getContracts()) {
            for (BookedAmount b : c.getBooked()) {
                if (b.getCurrency().equals(currency)) {
                    booked += b.getBookedMinor();
                }
            }
        }
        long billed = 0;
        long refunded = 0;
        long lost = 0;
        long paid = 0;
        long outstanding = 0;
        long customerCredit = 0;
        for (InvoiceView v : state.getInvoices()) {
            if (!v.getCurrency().equals(currency) || v.getVoided()) {
                continue;
            }
            billed += v.getTotalMinor() - v.getTaxMinor() - (v.getCreditedMinor() - v.getCreditedTaxMinor());
            refunded += v.getRefundedMinor();
            lost += v.getDisputes().stream().mapToLong(DisputeView::getLostMinor).sum();
            paid += v.getPaidMinor();
            outstanding += v.getOutstandingMinor();
            customerCredit += v.getCustomerCreditMinor();
        }
        List<LedgerBalance> balances = state.getLedgerBalances();
        Predicate<LedgerBalance> inCurrency = b -> b.getCurrency().equals(currency);
        // CONTRA_REVENUE is revenue taken back (refunds, lost disputes): recognized is net of it
        long recognized = LedgerBalances.net(balances, "REVENUE", inCurrency) + LedgerBalances.net(balances, "CONTRA_REVENUE", inCurrency);
        long deferred = LedgerBalances.net(balances, "DEFERRED_REVENUE", inCurrency);
        long ar = -LedgerBalances.net(balances, "AR", inCurrency);
        long credit = LedgerBalances.net(balances, "CUSTOMER_CREDIT", inCurrency);
        long posted = 0;
        long journaled = 0;
        int unposted = 0;
        for (ErpPostingView p : state.getErpPostings()) {
            if (!p.getCurrency().equals(currency)) {
                continue;
            }
            journaled += p.getSettledMinor();
            if (p.getStatus() == ErpPostingStatus.POSTED) {
                posted += p.getSettledMinor();
            } else {
                unposted++;
            }
        }
        return new Sides(currency, booked, billed, refunded, lost, paid - refunded - lost, outstanding, customerCredit,
                recognized, deferred, ar, credit, posted, journaled, unposted);
    }

    /** The account's record for one currency, with its drifts and the identities' outcome. */
    public static Reconciliation record(ContractState state, Sides s, Instant asOf, List<Drift> drifts, List<String> violations) {
        return Reconciliation.newBuilder()
                .setAccountId(state.getAccountId())
                .setLegalEntity(state.getLegalEntity())
                .setCurrency(s.currency())
                .setAsOf(asOf)
                .setBookedMinor(s.booked())
                .setBilledMinor(s.billed())
                .setCollectedMinor(s.collected())
                .setRecognizedMinor(s.recognized())
                .setDeferredMinor(s.deferred())
                .setArMinor(s.ar())
                .setCustomerCreditMinor(s.customerCredit())
                .setPostedMinor(s.posted())
                .setJournaledMinor(s.journaled())
                .setUnpostedEntries(s.unposted())
                .setRefundedMinor(s.refunded())
                .setDisputesLostMinor(s.disputesLost())
                .setOutstandingMinor(s.outstanding())
                .setIdentitiesHold(violations.isEmpty())
                .setViolations(new ArrayList<>(violations))
                .setDrifts(new ArrayList<>(drifts))
                .setWaterfall(state.getRevenueWaterfall().stream().filter(c -> c.getCurrency().equals(s.currency()))
                        .map(c -> io.ledgerline.contract.WaterfallCell.newBuilder(c).build()).toList())
                .setPeriods(periods(state, s.currency()))
                .build();
    }

    /** The same figures per posting period (bookings by their close date), oldest first. */
    static List<ReconciliationPeriod> periods(ContractState state, String currency) {
        TreeMap<String, ReconciliationPeriod> byPeriod = new TreeMap<>();
        java.util.function.Function<String, ReconciliationPeriod> at = p -> byPeriod.computeIfAbsent(p,
                k -> ReconciliationPeriod.newBuilder().setPeriod(k).build());
        for (ContractBookings c : state.getContracts()) {
            for (Booking b : c.getBookings()) {
                String period = bookingPeriod(b);
                if (currency.equals(b.getCurrency()) && b.getAmountMinor() != null && period != null) {
                    ReconciliationPeriod p = at.apply(period);
                    p.setBookedMinor(p.getBookedMinor() + b.getAmountMinor());
                }
            }
        }
        for (LedgerBalance b : state.getLedgerBalances()) {
            if (!b.getCurrency().equals(currency)) {
                continue;
            }
            ReconciliationPeriod p = at.apply(b.getPeriod());
            long net = b.getCreditMinor() - b.getDebitMinor();
            switch (b.getRole()) {
                case "REVENUE" -> p.setRecognizedMinor(p.getRecognizedMinor() + net);
                case "CONTRA_REVENUE" -> p.setRecognizedMinor(p.getRecognizedMinor() + net);
                case "DEFERRED_REVENUE" -> p.setDeferredMinor(p.getDeferredMinor() + net);
                case "AR" -> p.setArMinor(p.getArMinor() - net);
                default -> {
                }
            }
            if (BILLING_ENTRIES.contains(b.getEntryType()) && REVENUE_SIDE.contains(b.getRole())) {
                p.setBilledMinor(p.getBilledMinor() + net);
            }
            if (b.getRole().equals("CASH") && (b.getEntryType().equals("PAYMENT") || b.getEntryType().equals("REFUND"))) {
                p.setCollectedMinor(p.getCollectedMinor() - net);
            }
            if (b.getEntryType().equals("DISPUTE_LOST") && (b.getRole().equals("CONTRA_REVENUE") || b.getRole().equals("DEFERRED_REVENUE"))) {
                p.setCollectedMinor(p.getCollectedMinor() - b.getDebitMinor());
            }
        }
        for (ErpPostingView e : state.getErpPostings()) {
            if (!e.getCurrency().equals(currency)) {
                continue;
            }
            ReconciliationPeriod p = at.apply(e.getPostingPeriod());
            p.setJournaledMinor(p.getJournaledMinor() + e.getSettledMinor());
            if (e.getStatus() == ErpPostingStatus.POSTED) {
                p.setPostedMinor(p.getPostedMinor() + e.getSettledMinor());
            } else {
                p.setUnpostedEntries(p.getUnpostedEntries() + 1);
            }
        }
        return new ArrayList<>(byPeriod.values());
    }

    private static String bookingPeriod(Booking b) {
        if (b.getCloseDate() != null && b.getCloseDate().length() >= 7) {
            return b.getCloseDate().substring(0, 7);
        }
        return b.getClosedWonAt() == null ? null : b.getClosedWonAt().atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
    }

}
