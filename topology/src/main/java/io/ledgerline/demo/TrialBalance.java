package io.ledgerline.demo;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Debits and credits per GL account, per legal entity and transaction currency, in the transaction and the functional
 * currency. Every entry balances on its own, so every book must too: an unbalanced book means a broken entry.
 */
public record TrialBalance(Map<BookKey, Book> books) {

    public record BookKey(String legalEntity, String currency) implements Comparable<BookKey> {
        @Override
        public int compareTo(BookKey other) {
            int byEntity = legalEntity.compareTo(other.legalEntity);
            return byEntity != 0 ? byEntity : currency.compareTo(other.currency);
        }
    }

    /** One GL account's totals; the role is what the posting rules booked to it (AR, CASH, ...). */
    public record Account(String role, long debit, long credit, long functionalDebit, long functionalCredit) {

        Account plus(JournalLine line) {
            boolean isDebit = line.getSide() == Side.DEBIT;
            return new Account(role,
                    debit + (isDebit ? line.getAmountMinor() : 0), credit + (isDebit ? 0 : line.getAmountMinor()),
                    functionalDebit + (isDebit ? line.getFunctionalAmountMinor() : 0),
                    functionalCredit + (isDebit ? 0 : line.getFunctionalAmountMinor()));
        }

        /** Debits minus credits in the transaction currency. */
        public long net() {
            return debit - credit;
        }
    }

    public record Book(String functionalCurrency, Map<String, Account> accounts) {

        public Account total() {
            Account sum = new Account("total", 0, 0, 0, 0);
            for (Account a : accounts.values()) {
                sum = new Account("total", sum.debit + a.debit, sum.credit + a.credit,
                        sum.functionalDebit + a.functionalDebit, sum.functionalCredit + a.functionalCredit);
            }
            return sum;
        }

        public boolean balanced() {
            Account total = total();
            return total.debit == total.credit && total.functionalDebit == total.functionalCredit;
        }

        /** The account the posting rules booked {@code role} to, e.g. AR; null when none. */
        public Account byRole(String role) {
            return accounts.values().stream().filter(a -> a.role.equals(role)).findFirst().orElse(null);
        }
    }

    public static TrialBalance of(Collection<JournalEntry> entries) {
        Map<BookKey, Book> books = new TreeMap<>();
        for (JournalEntry entry : entries) {
            BookKey key = new BookKey(entry.getLegalEntity(), entry.getCurrency());
            Book book = books.computeIfAbsent(key, k -> new Book(entry.getFunctionalCurrency(), new TreeMap<>()));
            for (JournalLine line : entry.getLines()) {
                book.accounts().merge(line.getAccountCode(),
                        new Account(line.getRole(), 0, 0, 0, 0).plus(line),
                        (current, added) -> current.plus(line));
            }
        }
        return new TrialBalance(books);
    }

    public boolean balanced() {
        return books.values().stream().allMatch(Book::balanced);
    }
}
