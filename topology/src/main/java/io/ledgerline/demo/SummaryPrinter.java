package io.ledgerline.demo;

import io.ledgerline.money.Currencies;
import io.ledgerline.ops.PipelineException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link LedgerReport} for people: amounts in major units, one block per book. */
public final class SummaryPrinter {

    private static final String ROW = "    %-8s %-18s %16s %16s %18s %18s%n";

    private SummaryPrinter() {
    }

    public static void print(LedgerReport report, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "Journal entries: %d%n", report.journalEntries());
        report.entriesPerErp().forEach((erp, byType) -> out.printf(Locale.ROOT, "  %-10s %4d  (%s)%n", erp,
                byType.values().stream().mapToLong(Long::longValue).sum(),
                byType.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));

        out.println();
        out.println("Trial balance per legal entity and transaction currency");
        report.trialBalance().books().forEach((key, book) -> printBook(out, key, book));

        out.println();
        if (report.openExceptions().isEmpty()) {
            out.println("Open exceptions: none");
        } else {
            out.printf(Locale.ROOT, "Open exceptions: %d%n", report.openExceptions().size());
            for (PipelineException e : report.openExceptions()) {
                out.printf(Locale.ROOT, "  %-22s %s%s%n", e.getReason(), e.getMessage(),
                        e.getAccountId() == null ? "" : " (account " + e.getAccountId() + ")");
            }
        }
        if (report.alerts().isEmpty()) {
            out.println("Open alerts: none");
        } else {
            out.printf(Locale.ROOT, "Open alerts: %d%n", report.alerts().size());
            report.alerts().forEach(a -> out.println("  " + a));
        }
        out.flush();
    }

    private static void printBook(PrintWriter out, TrialBalance.BookKey key, TrialBalance.Book book) {
        String currency = key.currency();
        String functional = book.functionalCurrency();
        out.printf(Locale.ROOT, "  %s %s (functional %s)%n", key.legalEntity(), currency, functional);
        out.printf(Locale.ROOT, ROW, "account", "role", "debit " + currency, "credit " + currency,
                "debit " + functional, "credit " + functional);
        for (Map.Entry<String, TrialBalance.Account> account : book.accounts().entrySet()) {
            row(out, account.getKey(), account.getValue(), currency, functional);
        }
        TrialBalance.Account total = book.total();
        row(out, "total", total, currency, functional);
        out.printf(Locale.ROOT, "    %s%n", book.balanced() ? "debits = credits" : "NOT BALANCED");
    }

    private static void row(PrintWriter out, String label, TrialBalance.Account a, String currency, String functional) {
        out.printf(Locale.ROOT, ROW, label, label.equals("total") ? "" : a.role(), major(a.debit(), currency),
                major(a.credit(), currency), major(a.functionalDebit(), functional),
                major(a.functionalCredit(), functional));
    }

    private static String major(long minor, String currency) {
        try {
            BigDecimal major = Currencies.toMajor(minor, currency);
            return String.format(Locale.ROOT, "%,." + Math.max(0, major.scale()) + "f", major);
        } catch (IllegalArgumentException unknownCurrency) {
            return BigDecimal.valueOf(minor).toPlainString();
        }
    }
}
