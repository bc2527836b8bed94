package io.ledgerline.reconciliation;

import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.LedgerBalance;
import io.ledgerline.contract.WaterfallCell;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The account's journal summed per legal entity, currency, period, entry type and role, kept in the contract state
 * so that reconciliation and close read a few sums instead of every entry. Pure: no Kafka.
 */
public final class LedgerBalances {

    /** The roles whose lines move money owed by or to the customer, or held: what "posted" is measured on. */
    public static final Set<String> SETTLEMENT_ROLES = Set.of("AR", "CASH", "CUSTOMER_CREDIT");

    private static final Comparator<LedgerBalance> ORDER = Comparator.comparing(LedgerBalance::getLegalEntity)
            .thenComparing(LedgerBalance::getCurrency).thenComparing(LedgerBalance::getPeriod)
            .thenComparing(LedgerBalance::getEntryType).thenComparing(LedgerBalance::getRole);

    private LedgerBalances() {
    }

    /**
     * Adds a journal entry's lines; call once per entry (the contract's erpPostings tell whether it is new).
     *
     * @param billingPeriod the period of the invoice the entry belongs to, for the revenue waterfall; null when it
     *                      belongs to none
     */
    public static void add(ContractState state, JournalEntry entry, String billingPeriod) {
        long revenue = 0;
        for (JournalLine line : entry.getLines()) {
            if (line.getRole().equals("REVENUE") || line.getRole().equals("CONTRA_REVENUE")) {
                revenue += line.getSide() == Side.CREDIT ? line.getAmountMinor() : -line.getAmountMinor();
            }
        }
        if (revenue != 0) {
            String billed = billingPeriod == null ? entry.getPostingPeriod() : billingPeriod;
            List<WaterfallCell> cells = new ArrayList<>(state.getRevenueWaterfall());
            WaterfallCell cell = cells.stream().filter(c -> c.getLegalEntity().equals(entry.getLegalEntity())
                    && c.getCurrency().equals(entry.getCurrency()) && c.getBillingPeriod().equals(billed)
                    && c.getRecognitionPeriod().equals(entry.getPostingPeriod())).findFirst().orElse(null);
            if (cell == null) {
                cell = new WaterfallCell(entry.getLegalEntity(), entry.getCurrency(), billed, entry.getPostingPeriod(), 0L);
                cells.add(cell);
            }
            cell.setAmountMinor(cell.getAmountMinor() + revenue);
            cells.sort(Comparator.comparing(WaterfallCell::getLegalEntity).thenComparing(WaterfallCell::getCurrency)
                    .thenComparing(WaterfallCell::getBillingPeriod).thenComparing(WaterfallCell::getRecognitionPeriod));
            state.setRevenueWaterfall(cells);
        }
        List<LedgerBalance> balances = new ArrayList<>(state.getLedgerBalances());
        for (JournalLine line : entry.getLines()) {
            LedgerBalance b = balances.stream().filter(x -> x.getLegalEntity().equals(entry.getLegalEntity())
                            && x.getCurrency().equals(entry.getCurrency()) && x.getPeriod().equals(entry.getPostingPeriod())
                            && x.getEntryType().equals(entry.getEntryType().name()) && x.getRole().equals(line.getRole()))
                    .findFirst().orElse(null);
            if (b == null) {
                b = LedgerBalance.newBuilder().setLegalEntity(entry.getLegalEntity()).setCurrency(entry.getCurrency())
                        .setFunctionalCurrency(entry.getFunctionalCurrency()).setPeriod(entry.getPostingPeriod())
                        .setEntryType(entry.getEntryType().name()).setRole(line.getRole()).build();
                balances.add(b);
            }
            if (line.getSide() == Side.DEBIT) {
                b.setDebitMinor(Math.addExact(b.getDebitMinor(), line.getAmountMinor()));
                b.setFunctionalDebitMinor(Math.addExact(b.getFunctionalDebitMinor(), line.getFunctionalAmountMinor()));
            } else {
                b.setCreditMinor(Math.addExact(b.getCreditMinor(), line.getAmountMinor()));
                b.setFunctionalCreditMinor(Math.addExact(b.getFunctionalCreditMinor(), line.getFunctionalAmountMinor()));
            }
        }
        balances.sort(ORDER);
        state.setLedgerBalances(balances);
    }

    /**
     * What an entry moves on AR, CASH and CUSTOMER_CREDIT in transaction currency: the larger of those lines' debits
     * and credits (a payment debits CASH and credits AR by the same amount, which is moved once).
     */
    public static long settled(JournalEntry entry) {
        long debits = 0;
        long credits = 0;
        for (JournalLine line : entry.getLines()) {
            if (SETTLEMENT_ROLES.contains(line.getRole())) {
                if (line.getSide() == Side.DEBIT) {
                    debits += line.getAmountMinor();
                } else {
                    credits += line.getAmountMinor();
                }
            }
        }
        return Math.max(debits, credits);
    }

    /** Credits less debits of {@code role} over the balances that {@code match}. */
    public static long net(List<LedgerBalance> balances, String role, java.util.function.Predicate<LedgerBalance> match) {
        return balances.stream().filter(b -> b.getRole().equals(role) && match.test(b))
                .mapToLong(b -> b.getCreditMinor() - b.getDebitMinor()).sum();
    }

    /** Debits of {@code role} over the balances that {@code match}. */
    public static long debits(List<LedgerBalance> balances, String role, java.util.function.Predicate<LedgerBalance> match) {
        return balances.stream().filter(b -> b.getRole().equals(role) && match.test(b)).mapToLong(LedgerBalance::getDebitMinor).sum();
    }

    static boolean sameCurrency(LedgerBalance b, String currency) {
        return Objects.equals(b.getCurrency(), currency);
    }
}
