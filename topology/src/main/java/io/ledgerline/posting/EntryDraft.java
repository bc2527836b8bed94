package io.ledgerline.posting;

import io.ledgerline.common.SourceRef;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.InvoiceLedgerState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects the lines of one journal entry in transaction currency and turns them into a balanced
 * {@link JournalEntry}: converts each line to functional currency, books conversion residue to an explicit
 * ROUNDING line, resolves GL accounts, drops all-zero lines and refuses to emit anything that does not balance.
 */
public final class EntryDraft {

    private final EntityBook book;
    private final EntryType type;
    private final ExchangeRate rate;
    private final List<DraftLine> lines = new ArrayList<>();
    private String entryId;
    private PostingPeriod period;
    private String correlationId;
    private String reversesEntryId;
    private SourceRef source;
    private String accountId;
    private String customerId;

    private record DraftLine(Role role, Side side, long amountMinor, Long functionalMinor, String productId, String memo,
                             UsageDetail usage) {
    }

    /** What a usage line keeps on its journal line: the billed quantity and the service period (ISO dates). */
    public record UsageDetail(long quantity, LocalDate periodStart, LocalDate periodEndExclusive) {
    }

    public EntryDraft(EntityBook book, EntryType type, ExchangeRate rate) {
        this.book = Objects.requireNonNull(book);
        this.type = Objects.requireNonNull(type);
        this.rate = Objects.requireNonNull(rate);
    }

    public EntryDraft id(String id) {
        this.entryId = id;
        return this;
    }

    public EntryDraft period(PostingPeriod p) {
        this.period = p;
        return this;
    }

    public EntryDraft correlation(String id) {
        this.correlationId = id;
        return this;
    }

    public EntryDraft reverses(String id) {
        this.reversesEntryId = id;
        return this;
    }

    public EntryDraft source(String system, String objectType, String objectId, String eventId) {
        this.source = new SourceRef(system, objectType, objectId, eventId);
        return this;
    }

    /** The CRM account (business key) and the ERP customer the AR lines belong to. */
    public EntryDraft customer(String crmAccountId, String erpCustomerId) {
        this.accountId = crmAccountId;
        this.customerId = erpCustomerId;
        return this;
    }

    public EntryDraft debit(Role role, long amountMinor, String productId, String memo) {
        return add(role, Side.DEBIT, amountMinor, null, productId, memo);
    }

    public EntryDraft credit(Role role, long amountMinor, String productId, String memo) {
        return add(role, Side.CREDIT, amountMinor, null, productId, memo);
    }

    /** A line whose functional amount is fixed by the rule (e.g. AR at the invoice's rate), not by this entry's rate. */
    public EntryDraft line(Role role, Side side, long amountMinor, long functionalMinor, String memo) {
        return add(role, side, amountMinor, functionalMinor, null, memo);
    }

    public EntryDraft line(Role role, Side side, long amountMinor, long functionalMinor, String productId, String memo) {
        return add(role, side, amountMinor, functionalMinor, productId, memo);
    }

    /** A usage line: credits REVENUE and keeps the quantity and service period on the journal line. */
    public EntryDraft usageRevenue(long amountMinor, String productId, String memo, UsageDetail usage) {
        lines.add(new DraftLine(Role.REVENUE, Side.CREDIT, amountMinor, null, productId, memo, usage));
        return this;
    }

    private EntryDraft add(Role role, Side side, long amountMinor, Long functionalMinor, String productId, String memo) {
        lines.add(new DraftLine(role, side, amountMinor, functionalMinor, productId, memo, null));
        return this;
    }

    /**
     * A draft for a document settled against a booked invoice (payment, credit note, refund): its id, period,
     * transaction and lineage follow from the document, and its AR lines belong to the invoice's customer.
     */
    public static EntryDraft againstInvoice(EntityBook book, EntryType type, ExchangeRate rate, LocalDate date,
                                            InvoiceLedgerState invoice, String objectType,
                                            String objectId, String eventId, String erpCustomerId) {
        return new EntryDraft(book, type, rate)
                .id(EntryIds.of("stripe", objectType, objectId, type, "1"))
                .period(book.periodFor(date))
                .correlation(invoice.getCorrelationId())
                .source("stripe", objectType, objectId, eventId)
                .customer(invoice.getAccountId(), erpCustomerId);
    }

    /**
     * Books whatever separates debits from credits in functional currency to FX_GAIN_LOSS: the realized difference
     * between the rate a document settles at and the rate its counterpart was carried at (a gain is a credit).
     */
    public EntryDraft realizedFx(String memo) {
        long debits = 0;
        long credits = 0;
        for (DraftLine l : lines) {
            long functional = functional(l);
            boolean debit = (l.side() == Side.DEBIT) == (l.amountMinor() >= 0 && functional >= 0);
            if (debit) {
                debits += Math.abs(functional);
            } else {
                credits += Math.abs(functional);
            }
        }
        long difference = debits - credits;
        if (difference != 0) {
            line(Role.FX_GAIN_LOSS, difference > 0 ? Side.CREDIT : Side.DEBIT, 0, Math.abs(difference),
                    "realized FX " + (difference > 0 ? "gain" : "loss") + " on " + memo);
        }
        return this;
    }

    /** True when every line is zero in both currencies, i.e. there is nothing to post. */
    public boolean isEmpty() {
        return lines.stream().allMatch(l -> l.amountMinor() == 0 && functional(l) == 0);
    }

    public JournalEntry build() {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(source, "source");
        List<JournalLine> out = new ArrayList<>(lines.size() + 1);
        long debit = 0, credit = 0, debitF = 0, creditF = 0;
        for (DraftLine l : lines) {
            long amount = l.amountMinor();
            long functional = functional(l);
            Side side = l.side();
            // a negative amount (a proration credit, a loss) is the same line on the other side
            if (amount < 0 || (amount == 0 && functional < 0)) {
                amount = -amount;
                functional = -functional;
                side = opposite(side);
            }
            if (amount == 0 && functional == 0) {
                continue;
            }
            if (functional < 0) {
                throw new IllegalStateException("line " + l.role() + " of " + entryId + " converts to a negative functional amount");
            }
            JournalLine line = journalLine(l.role(), side, amount, functional, l.productId(), l.memo());
            if (l.usage() != null) {
                line.setQuantity(l.usage().quantity());
                line.setServicePeriodStart(l.usage().periodStart().toString());
                line.setServicePeriodEnd(l.usage().periodEndExclusive().toString());
            }
            out.add(line);
            if (side == Side.DEBIT) {
                debit += amount;
                debitF += functional;
            } else {
                credit += amount;
                creditF += functional;
            }
        }
        if (debit != credit) {
            throw new IllegalStateException("entry " + entryId + " does not balance in " + rate.from() + ": debits " + debit + ", credits " + credit);
        }
        long residue = debitF - creditF;
        if (residue != 0) {
            Side side = residue > 0 ? Side.CREDIT : Side.DEBIT;
            out.add(journalLine(Role.ROUNDING, side, 0, Math.abs(residue), null, "currency conversion rounding"));
        }
        return JournalEntry.newBuilder()
                .setEntryId(entryId)
                .setEntryType(type)
                .setLegalEntity(book.legalEntity())
                .setErp(book.erp())
                .setPostingDate(period.postingDate().toString())
                .setPostingPeriod(period.period())
                .setOriginalPeriod(period.originalPeriod())
                .setCurrency(rate.from())
                .setFunctionalCurrency(book.functionalCurrency())
                .setExchangeRate(rate.rateText())
                .setCorrelationId(correlationId)
                .setReversesEntryId(reversesEntryId)
                .setSource(source)
                .setLines(out)
                .setAccountId(accountId)
                .build();
    }

    private long functional(DraftLine l) {
        return l.functionalMinor() != null ? l.functionalMinor() : rate.convert(l.amountMinor());
    }

    private JournalLine journalLine(Role role, Side side, long amount, long functional, String productId, String memo) {
        return JournalLine.newBuilder()
                .setRole(role.name())
                .setAccountCode(book.accountCode(role))
                .setSide(side)
                .setAmountMinor(amount)
                .setFunctionalAmountMinor(functional)
                .setProductId(productId)
                .setCustomerId(role == Role.AR ? customerId : null)
                .setMemo(memo)
                .build();
    }

    static Side opposite(Side side) {
        return side == Side.DEBIT ? Side.CREDIT : Side.DEBIT;
    }
}
