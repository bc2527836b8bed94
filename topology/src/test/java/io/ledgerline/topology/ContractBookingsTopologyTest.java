package io.ledgerline.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ledgerline.contract.BookedAmount;
import io.ledgerline.contract.Booking;
import io.ledgerline.contract.BookingKind;
import io.ledgerline.contract.ContractBookings;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.OrderView;
import io.ledgerline.ingest.CpqChanges;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A CPQ customer's new business, its Contract, an upgrade and a renewal, through the whole topology in two orders. */
class ContractBookingsTopologyTest {

    private static final Instant AS_OF = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void bookingsPerContractAreTheSameWhateverOrderTheRecordsArriveIn() {
        List<String> chronological = concat(CpqChanges.account(), CpqChanges.newBusiness(), CpqChanges.contract(),
                CpqChanges.upgrade(), CpqChanges.renewal());
        // amendments and the renewal before the contract they name, the contract before its own opportunity
        List<String> scrambled = concat(CpqChanges.renewal(), CpqChanges.upgrade(), CpqChanges.contract(),
                CpqChanges.newBusiness(), CpqChanges.account());

        ContractState inOrder = finalState(chronological);
        ContractState outOfOrder = finalState(scrambled);

        assertThat(outOfOrder.getContracts().toString()).isEqualTo(inOrder.getContracts().toString());
        assertThat(outOfOrder.getAccountName()).isEqualTo("Harbor Systems");

        ContractBookings contract = inOrder.getContracts().get(0);
        assertThat(inOrder.getContracts()).hasSize(1);
        assertThat(contract.getContractId()).isEqualTo(CpqChanges.CONTRACT);
        assertThat(contract.getKnown()).isTrue();
        assertThat(contract.getAccountId()).isEqualTo(CpqChanges.ACCOUNT);
        assertThat(contract.getOriginatingOpportunityId()).isEqualTo(CpqChanges.NEW_BUSINESS);
        assertThat(contract.getStatus()).isEqualTo("Activated");
        assertThat(contract.getStartDate()).isEqualTo("2026-02-01");
        assertThat(contract.getEndDate()).isEqualTo("2027-01-31");
        assertThat(contract.getBookings()).extracting(Booking::getOpportunityId)
                .containsExactly(CpqChanges.NEW_BUSINESS, CpqChanges.UPGRADE, CpqChanges.RENEWAL);
        assertThat(contract.getBookings()).extracting(Booking::getKind)
                .containsExactly(BookingKind.NEW, BookingKind.AMENDMENT, BookingKind.RENEWAL);
        assertThat(contract.getBookings()).extracting(Booking::getAmountMinor).containsExactly(1_200_000L, 300_000L, 1_500_000L);
        assertThat(contract.getBookings()).extracting(Booking::getClosedWonAt).containsExactly(Instant.parse("2026-01-15T12:00:00Z"),
                Instant.parse("2026-05-10T15:00:00Z"), Instant.parse("2026-12-20T16:00:00Z"));
        assertThat(contract.getBooked()).containsExactly(new BookedAmount("USD", 3_000_000L));

        assertThat(inOrder.getOrders()).extracting(OrderView::getOpportunityId, OrderView::getKind, OrderView::getContractId)
                .containsExactlyInAnyOrder(
                        tuple(CpqChanges.NEW_BUSINESS, BookingKind.NEW, null),
                        tuple(CpqChanges.UPGRADE, BookingKind.AMENDMENT, CpqChanges.CONTRACT),
                        tuple(CpqChanges.RENEWAL, BookingKind.RENEWAL, CpqChanges.CONTRACT));
    }

    @Test
    void beforeTheContractArrivesItsAmendmentIsListedUnderItAsNotYetKnown() {
        ContractState state = finalState(concat(CpqChanges.upgrade()));
        assertThat(state.getContracts()).singleElement().satisfies(c -> {
            assertThat(c.getContractId()).isEqualTo(CpqChanges.CONTRACT);
            assertThat(c.getKnown()).isFalse();
            assertThat(c.getBookings()).extracting(Booking::getKind).containsExactly(BookingKind.AMENDMENT);
        });
    }

    @Test
    void aGapOnAContractIsAnExceptionUntilItsNextState() {
        try (TopologyHarness harness = new TopologyHarness(AS_OF)) {
            harness.cdc(List.of(CpqChanges.contract().get(0),
                    CpqChanges.gap("Contract", CpqChanges.CONTRACT, "2026-01-17T08:00:00Z", 5010)));
            harness.cdc(List.of(CpqChanges.create("Contract", CpqChanges.CONTRACT, "2026-01-18T08:00:00Z", 5011,
                    CpqChanges.CONTRACT_FIELDS))); // the re-sync
            assertThat(harness.exceptions()).allSatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("CDC_GAP");
                assertThat(e.getAccountId()).isEqualTo(CpqChanges.ACCOUNT);
                assertThat(e.getSource().getObjectType()).isEqualTo("Contract");
            }).extracting(PipelineException::getStatus).containsExactly(ExceptionStatus.OPEN, ExceptionStatus.RELEASED);
        }
    }

    private static ContractState finalState(List<String> cdcLines) {
        try (TopologyHarness harness = new TopologyHarness(AS_OF)) {
            harness.cdc(cdcLines);
            List<ContractState> states = harness.contracts();
            assertThat(states).isNotEmpty();
            assertThat(harness.deadLetters()).isEmpty();
            assertThat(harness.exceptions()).isEmpty();
            return states.get(states.size() - 1);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return new ArrayList<>(Stream.of(parts).flatMap(List::stream).toList());
    }
}
