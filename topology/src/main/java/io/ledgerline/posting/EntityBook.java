package io.ledgerline.posting;

import io.ledgerline.waits.Reason;
import io.ledgerline.waits.WaitKey;
import io.ledgerline.waits.WaitKind;
import io.ledgerline.canonical.LegalEntity;
import io.ledgerline.canonical.PeriodStatus;
import io.ledgerline.money.ExchangeRate;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.NavigableMap;

/** One legal entity's books: functional currency, ERP, chart of accounts and accounting calendar. */
public final class EntityBook {

    private final LegalEntity legalEntity;
    private final MasterDataView masterData;

    EntityBook(LegalEntity legalEntity, MasterDataView masterData) {
        this.legalEntity = legalEntity;
        this.masterData = masterData;
    }

    public String legalEntity() {
        return legalEntity.getLegalEntity();
    }

    public String erp() {
        return legalEntity.getErp();
    }

    public String functionalCurrency() {
        return legalEntity.getFunctionalCurrency();
    }

    public String accountCode(Role role) {
        return masterData.accountCode(legalEntity(), role);
    }

    /** The rate from a transaction currency into this entity's functional currency on a date. */
    public ExchangeRate rateToFunctional(String currency, LocalDate date) {
        return masterData.rate(currency, functionalCurrency(), date);
    }

    /**
     * Where an entry dated {@code date} posts: its own period when open; the next open period when closed
     * (keeping the original); blocked when the calendar has no such period or no open one after it.
     */
    public PostingPeriod periodFor(LocalDate date) {
        YearMonth month = YearMonth.from(date);
        NavigableMap<YearMonth, PeriodStatus> calendar = masterData.periods(legalEntity());
        PeriodStatus status = calendar.get(month);
        if (status == null) {
            throw new PostingBlocked(Reason.NO_ACCOUNTING_PERIOD,
                    "legal entity " + legalEntity() + " has no accounting_period " + month,
                    WaitKey.of(WaitKind.OPEN_PERIOD, legalEntity()));
        }
        if (status == PeriodStatus.OPEN) {
            return new PostingPeriod(date, month.toString(), null);
        }
        for (Map.Entry<YearMonth, PeriodStatus> later : calendar.tailMap(month, false).entrySet()) {
            if (later.getValue() == PeriodStatus.OPEN) {
                return new PostingPeriod(later.getKey().atDay(1), later.getKey().toString(), month.toString());
            }
        }
        throw new PostingBlocked(Reason.CLOSED_PERIOD,
                "period " + month + " of legal entity " + legalEntity() + " is closed and no later period is open",
                WaitKey.of(WaitKind.OPEN_PERIOD, legalEntity()));
    }
}
