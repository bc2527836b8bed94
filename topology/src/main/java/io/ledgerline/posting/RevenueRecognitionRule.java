package io.ledgerline.posting;

import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import io.ledgerline.state.RecognizedMonth;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Month end of a ratable line's service period: move the month's share from DEFERRED_REVENUE to REVENUE, at the
 * invoice's rate (the last month takes whatever functional amount is still deferred). Brings an invoice's lines
 * up to a given instant, month by month, and records each month in the line's state so it is never posted twice.
 */
public final class RevenueRecognitionRule {

    private RevenueRecognitionRule() {
    }

    /** Recognizes every month that has ended on or before {@code until}; mutates {@code invoice} and returns the entries. */
    public static List<JournalEntry> catchUp(InvoiceLedgerState invoice, Instant until, MasterDataView masterData) {
        List<JournalEntry> entries = new ArrayList<>();
        if (invoice.getVoided()) {
            return entries;
        }
        for (RatableLineState line : invoice.getRatableLines()) {
            if (line.getStopped()) {
                continue;
            }
            YearMonth last = RecognitionSchedule.lastMonth(line);
            for (Map.Entry<YearMonth, Long> month : RecognitionSchedule.plan(line).entrySet()) {
                Instant monthEnd = month.getKey().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (monthEnd.isAfter(until)) {
                    break;
                }
                entries.addAll(recognize(invoice, line, month.getKey(), month.getValue(), month.getKey().equals(last), masterData));
            }
        }
        return entries;
    }

    private static List<JournalEntry> recognize(InvoiceLedgerState invoice, RatableLineState line, YearMonth month,
                                                long amount, boolean lastMonth, MasterDataView masterData) {
        ExchangeRate rate = invoiceRate(invoice);
        long functional = lastMonth ? line.getDeferredFunctionalMinor() : rate.convert(amount);
        String entryId = null;
        List<JournalEntry> out = new ArrayList<>(1);
        if (amount != 0 || functional != 0) {
            JournalEntry entry = entry(invoice, line, month, amount, functional, masterData);
            entryId = entry.getEntryId();
            out.add(entry);
        }
        List<RecognizedMonth> months = new ArrayList<>(line.getRecognizedMonths());
        months.add(new RecognizedMonth(month.toString(), amount, functional, entryId));
        line.setRecognizedMonths(months);
        line.setRecognizedMinor(line.getRecognizedMinor() + amount);
        line.setDeferredMinor(line.getDeferredMinor() - amount);
        line.setDeferredFunctionalMinor(line.getDeferredFunctionalMinor() - functional);
        return out;
    }

    /** The recognition entry of a month already recognized, as it was posted (for its reversal). */
    static JournalEntry rebuild(InvoiceLedgerState invoice, RatableLineState line, RecognizedMonth month, MasterDataView masterData) {
        return entry(invoice, line, YearMonth.parse(month.getMonth()), month.getAmountMinor(), month.getFunctionalMinor(), masterData);
    }

    private static JournalEntry entry(InvoiceLedgerState invoice, RatableLineState line, YearMonth month,
                                      long amount, long functional, MasterDataView masterData) {
        EntityBook book = masterData.book(invoice.getLegalEntity());
        return new EntryDraft(book, EntryType.REVENUE_RECOGNITION, invoiceRate(invoice))
                .id(entryId(line.getLineId(), month))
                .period(book.periodFor(month.atEndOfMonth()))
                .correlation(invoice.getCorrelationId())
                .source("stripe", "line_item", line.getLineId(), invoice.getBookingEventId())
                .customer(invoice.getAccountId(), null)
                .line(Role.DEFERRED_REVENUE, Side.DEBIT, amount, functional, line.getProductId(), "recognized " + month)
                .line(Role.REVENUE, Side.CREDIT, amount, functional, line.getProductId(), "recognized " + month)
                .build();
    }

    public static String entryId(String lineId, YearMonth month) {
        return EntryIds.of("stripe", "line_item", lineId, EntryType.REVENUE_RECOGNITION, month.toString());
    }

    static ExchangeRate invoiceRate(InvoiceLedgerState invoice) {
        return ExchangeRate.parse(invoice.getInvoice().getCurrency(), invoice.getFunctionalCurrency(), invoice.getExchangeRate());
    }
}
