package io.ledgerline.posting;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.journal.EntryType;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class EntryIdsTest {

    @Test
    void everyEntryOfAnObjectHasTheObjectAsItsSource() {
        assertThat(EntryIds.sourceOf(InvoicePostingRule.entryId("in_1"))).isEqualTo("stripe:invoice:in_1");
        assertThat(EntryIds.sourceOf(InvoicePostingRule.entryId("in_1") + ":reversed")).isEqualTo("stripe:invoice:in_1");
        assertThat(EntryIds.sourceOf(RevenueRecognitionRule.entryId("il_7", YearMonth.of(2026, 3))))
                .isEqualTo(EntryIds.sourceOf(RevenueRecognitionRule.entryId("il_7", YearMonth.of(2026, 11)) + ":r2"))
                .isEqualTo("stripe:line_item:il_7");
    }

    @Test
    void anIdNotMadeHereIsItsOwnSource() {
        assertThat(EntryIds.sourceOf("JE-42")).isEqualTo("JE-42");
        assertThat(EntryIds.sourceOf("a:b")).isEqualTo("a:b");
    }
}
