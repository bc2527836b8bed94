package io.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RecognitionIndexTest {

    private static final Instant MARCH = Instant.parse("2026-03-31T00:00:00Z");
    private static final Predicate<Instant> NOT_THROUGH_MARCH = through -> through == null || through.isBefore(MARCH);

    @Test
    void aSliceHasTheDueInvoicesInIdOrderAndOnlyThose() {
        RecognitionIndex index = new RecognitionIndex();
        index.saved(invoice("in_3", null, false, true));
        index.saved(invoice("in_1", MARCH, false, true));
        index.saved(invoice("in_2", Instant.parse("2026-02-28T00:00:00Z"), false, true));
        index.saved(invoice("in_4", null, false, false));

        RecognitionIndex.Slice slice = index.slice(null, NOT_THROUGH_MARCH, 10, 10);

        assertThat(slice.due()).as("in_1 is recognized through March, in_4 recognizes nothing").containsExactly("in_2", "in_3");
        assertThat(slice.stoppedAfter()).as("nothing is left").isNull();
    }

    @Test
    void aSavedStateReplacesWhatTheIndexKnewOfItsInvoice() {
        RecognitionIndex index = new RecognitionIndex();
        index.saved(invoice("in_1", null, false, true));
        index.saved(invoice("in_2", null, false, true));

        index.saved(invoice("in_1", MARCH, false, true));
        index.saved(invoice("in_2", null, true, true));

        assertThat(index.slice(null, NOT_THROUGH_MARCH, 10, 10).due()).isEmpty();
        assertThat(index.size()).as("a voided invoice is dropped").isEqualTo(1);
    }

    @Test
    void aSliceStopsAtItsBoundsAndTheNextGoesOnAfterWhereItStopped() {
        RecognitionIndex index = new RecognitionIndex();
        for (int i = 0; i < 10; i++) {
            index.saved(invoice("in_" + i, i % 2 == 0 ? null : MARCH, false, true));
        }

        RecognitionIndex.Slice byDue = index.slice(null, NOT_THROUGH_MARCH, 2, 100);
        assertThat(byDue.due()).containsExactly("in_0", "in_2");
        assertThat(byDue.stoppedAfter()).isEqualTo("in_2");

        RecognitionIndex.Slice byScanned = index.slice(byDue.stoppedAfter(), NOT_THROUGH_MARCH, 100, 3);
        assertThat(byScanned.due()).as("in_3, in_4 and in_5 looked at").containsExactly("in_4");
        assertThat(byScanned.stoppedAfter()).isEqualTo("in_5");

        RecognitionIndex.Slice last = index.slice(byScanned.stoppedAfter(), NOT_THROUGH_MARCH, 100, 100);
        assertThat(last.due()).containsExactly("in_6", "in_8");
        assertThat(last.stoppedAfter()).isNull();
    }

    private static InvoiceLedgerState invoice(String id, Instant recognizedThrough, boolean voided, boolean ratable) {
        BillingInvoice invoice = new BillingInvoice();
        invoice.setInvoiceId(id);
        InvoiceLedgerState state = new InvoiceLedgerState();
        state.setInvoice(invoice);
        state.setVoided(voided);
        state.setRecognizedThrough(recognizedThrough);
        state.setRatableLines(ratable ? List.of(new RatableLineState()) : List.of());
        return state;
    }
}
