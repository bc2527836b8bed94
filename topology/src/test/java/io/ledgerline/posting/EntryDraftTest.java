package io.ledgerline.posting;

import io.ledgerline.waits.Reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.canonical.AccountingPeriod;
import io.ledgerline.canonical.GlMapping;
import io.ledgerline.canonical.LegalEntity;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.canonical.PeriodStatus;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EntryDraftTest {

    private final MasterDataView masterData = new MasterDataView();

    EntryDraftTest() {
        apply("legal_entity:LE-US", new LegalEntity("LE-US", null, "USD", "netsuite", null));
        for (Role role : Role.values()) {
            apply("gl_mapping:LE-US:" + role, new GlMapping("LE-US", role.name(), "GL-" + role));
        }
        apply("accounting_period:LE-US:2026-01", new AccountingPeriod("LE-US", "2026-01", PeriodStatus.CLOSED));
        apply("accounting_period:LE-US:2026-02", new AccountingPeriod("LE-US", "2026-02", PeriodStatus.CLOSED));
        apply("accounting_period:LE-US:2026-03", new AccountingPeriod("LE-US", "2026-03", PeriodStatus.OPEN));
    }

    private void apply(String key, Object payload) {
        masterData.apply(MasterDataRecord.newBuilder().setKey(key).setPayload(payload).build());
    }

    @Test
    void conversionResidueGoesToAnExplicitRoundingLine() {
        EntityBook book = masterData.book("LE-US");
        // three lines of 0.01 EUR at 1.5: each converts to 0.02 USD (half up), the 0.03 EUR total to 0.05
        JournalEntry entry = draft(book, ExchangeRate.parse("EUR", "USD", "1.5"))
                .debit(Role.AR, 3, null, null)
                .credit(Role.REVENUE, 1, "p1", null).credit(Role.REVENUE, 1, "p2", null).credit(Role.REVENUE, 1, "p3", null)
                .build();
        JournalLine rounding = entry.getLines().stream().filter(l -> l.getRole().equals("ROUNDING")).findFirst().orElseThrow();
        assertThat(rounding.getAmountMinor()).isZero();
        assertThat(rounding.getFunctionalAmountMinor()).isEqualTo(1);
        assertThat(rounding.getSide()).isEqualTo(Side.DEBIT); // debits 5, credits 6: one more on the debit side
        assertThat(entry.getLines()).extracting(JournalLine::getAccountCode).contains("GL-ROUNDING", "GL-AR");
    }

    @Test
    void negativeAmountsAreBookedOnTheOtherSideAndZeroLinesAreDropped() {
        JournalEntry entry = draft(masterData.book("LE-US"), ExchangeRate.identity("USD"))
                .debit(Role.AR, 500, null, null)
                .credit(Role.REVENUE, 700, null, null)
                .credit(Role.DEFERRED_REVENUE, -200, null, null)
                .credit(Role.TAX_PAYABLE, 0, null, null)
                .build();
        assertThat(entry.getLines()).hasSize(3);
        assertThat(entry.getLines()).anySatisfy(l -> {
            assertThat(l.getRole()).isEqualTo("DEFERRED_REVENUE");
            assertThat(l.getSide()).isEqualTo(Side.DEBIT);
            assertThat(l.getAmountMinor()).isEqualTo(200);
        });
    }

    @Test
    void refusesAnEntryThatDoesNotBalance() {
        assertThatThrownBy(() -> draft(masterData.book("LE-US"), ExchangeRate.identity("USD"))
                .debit(Role.AR, 500, null, null).credit(Role.REVENUE, 400, null, null).build())
                .hasMessageContaining("does not balance");
    }

    @Test
    void aClosedPeriodPostsToTheNextOpenOneAndKeepsTheOriginal() {
        PostingPeriod period = masterData.book("LE-US").periodFor(LocalDate.parse("2026-01-20"));
        assertThat(period).isEqualTo(new PostingPeriod(LocalDate.parse("2026-03-01"), "2026-03", "2026-01"));
    }

    @Test
    void anUnknownPeriodOrMissingMappingBlocksWithTheKeyThatReleasesIt() {
        assertThatThrownBy(() -> masterData.book("LE-US").periodFor(LocalDate.parse("2026-04-02")))
                .isInstanceOfSatisfying(PostingBlocked.class, b -> {
                    assertThat(b.reason()).isEqualTo(Reason.NO_ACCOUNTING_PERIOD);
                    assertThat(b.waitingFor().toString()).isEqualTo("accounting_period:LE-US");
                });
        assertThatThrownBy(() -> masterData.book("LE-FR"))
                .isInstanceOfSatisfying(PostingBlocked.class, b -> assertThat(b.waitingFor().toString()).isEqualTo("legal_entity:LE-FR"));
        assertThatThrownBy(() -> masterData.rate("EUR", "USD", LocalDate.parse("2026-03-01")))
                .isInstanceOfSatisfying(PostingBlocked.class, b -> assertThat(b.waitingFor().toString()).isEqualTo("fx_rate:EUR:USD"));
    }

    private static EntryDraft draft(EntityBook book, ExchangeRate rate) {
        return new EntryDraft(book, EntryType.INVOICE, rate).id("e1").period(book.periodFor(LocalDate.parse("2026-03-02")))
                .correlation("c1").source("stripe", "invoice", "in_1", "evt_1");
    }
}
