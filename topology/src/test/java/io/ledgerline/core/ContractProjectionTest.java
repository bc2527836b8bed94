package io.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.contract.BookedAmount;
import io.ledgerline.contract.Booking;
import io.ledgerline.contract.BookingKind;
import io.ledgerline.contract.ContractBookings;
import io.ledgerline.contract.ContractState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ContractProjectionTest {

    private static final String ACCOUNT = "001A";
    private static final String CONTRACT = "800A";
    private static final String NEW = "006NEW";
    private static final String UPGRADE = "006UPG";
    private static final String RENEWAL = "006REN";

    @Test
    void newBusinessIsBookedUnderTheContractThatNamesItAsItsOrigin() {
        ContractState state = ContractProjection.empty(ACCOUNT);
        ContractProjection.apply(state, opportunity(NEW, "Closed Won", 1_200_000L, "New Business", null, null, "2026-01-15T12:00:00Z"));
        assertThat(state.getContracts()).singleElement().satisfies(c -> {
            assertThat(c.getContractId()).as("no contract names it yet").isNull();
            assertThat(c.getBookings()).extracting(Booking::getOpportunityId).containsExactly(NEW);
        });

        ContractProjection.applyContract(state, contract(CONTRACT, NEW, false));
        ContractBookings c = state.getContracts().get(0);
        assertThat(state.getContracts()).hasSize(1);
        assertThat(c.getContractId()).isEqualTo(CONTRACT);
        assertThat(c.getKnown()).isTrue();
        assertThat(c.getAccountId()).isEqualTo(ACCOUNT);
        assertThat(c.getOriginatingOpportunityId()).isEqualTo(NEW);
        assertThat(c.getStatus()).isEqualTo("Activated");
        assertThat(c.getStartDate()).isEqualTo("2026-02-01");
        assertThat(c.getEndDate()).isEqualTo("2027-01-31");
        Booking booking = c.getBookings().get(0);
        assertThat(booking.getKind()).isEqualTo(BookingKind.NEW);
        assertThat(booking.getAmountMinor()).isEqualTo(1_200_000L);
        assertThat(booking.getCurrency()).isEqualTo("USD");
        assertThat(booking.getCloseDate()).isEqualTo("2026-01-15");
        assertThat(booking.getClosedWonAt()).isEqualTo(Instant.parse("2026-01-15T12:00:00Z"));
        assertThat(c.getBooked()).containsExactly(new BookedAmount("USD", 1_200_000L));
        assertThat(state.getLastEventId()).isEqualTo("sfdc:Contract:1:" + CONTRACT);
    }

    @Test
    void anAmendmentBeforeItsContractIsListedUnderTheContractItNames() {
        ContractState state = ContractProjection.empty(ACCOUNT);
        ContractProjection.apply(state, opportunity(UPGRADE, "Closed Won", 300_000L, "Existing Customer - Upgrade", CONTRACT, null,
                "2026-05-10T15:00:00Z"));
        ContractBookings c = state.getContracts().get(0);
        assertThat(c.getContractId()).isEqualTo(CONTRACT);
        assertThat(c.getKnown()).as("the Contract record has not arrived").isFalse();
        assertThat(c.getOriginatingOpportunityId()).isNull();
        assertThat(c.getBookings()).extracting(Booking::getKind).containsExactly(BookingKind.AMENDMENT);
        assertThat(state.getOrders().get(0).getKind()).isEqualTo(BookingKind.AMENDMENT);
        assertThat(state.getOrders().get(0).getContractId()).isEqualTo(CONTRACT);
    }

    @Test
    void bookingsAddUpPerCurrencyAndAmendmentsAddTheirDelta() {
        ContractState state = ContractProjection.empty(ACCOUNT);
        ContractProjection.apply(state, opportunity(NEW, "Closed Won", 1_200_000L, "New Business", null, null, "2026-01-15T12:00:00Z"));
        ContractProjection.apply(state, opportunity(UPGRADE, "Closed Won", -50_000L, "Existing Customer - Downgrade", CONTRACT, null,
                "2026-05-10T15:00:00Z"));
        ContractProjection.apply(state, opportunity(RENEWAL, "Closed Won", 1_500_000L, "Renewal", null, CONTRACT, "2026-12-20T16:00:00Z"));
        ContractProjection.apply(state, edited(opportunity("006EUR", "Closed Won", 90_000L, "Existing Customer - Upgrade", CONTRACT, null,
                "2026-06-01T00:00:00Z"), o -> o.setCurrency("EUR")));
        ContractProjection.applyContract(state, contract(CONTRACT, NEW, false));

        ContractBookings c = state.getContracts().get(0);
        assertThat(c.getBookings()).extracting(Booking::getOpportunityId).as("oldest first").containsExactly(NEW, UPGRADE, "006EUR", RENEWAL);
        assertThat(c.getBookings()).extracting(Booking::getKind)
                .containsExactly(BookingKind.NEW, BookingKind.AMENDMENT, BookingKind.AMENDMENT, BookingKind.RENEWAL);
        assertThat(c.getBooked()).containsExactly(new BookedAmount("EUR", 90_000L), new BookedAmount("USD", 2_650_000L));
    }

    @Test
    void aBookingThatLeavesClosedWonIsRemoved() {
        ContractState state = ContractProjection.empty(ACCOUNT);
        ContractProjection.apply(state, opportunity(UPGRADE, "Closed Won", 300_000L, "Existing Customer - Upgrade", CONTRACT, null,
                "2026-05-10T15:00:00Z"));
        ContractProjection.apply(state, opportunity(UPGRADE, "Negotiation", 300_000L, "Existing Customer - Upgrade", CONTRACT, null,
                "2026-05-11T09:00:00Z"));
        assertThat(state.getContracts()).as("an unknown contract no booking names is not listed").isEmpty();
        assertThat(state.getOrders().get(0).getAcceptedAt()).isNull();

        ContractProjection.applyContract(state, contract(CONTRACT, NEW, false));
        ContractProjection.apply(state, opportunity(UPGRADE, "Closed Won", 300_000L, "Existing Customer - Upgrade", CONTRACT, null,
                "2026-05-12T09:00:00Z"));
        assertThat(state.getContracts().get(0).getBookings()).extracting(Booking::getClosedWonAt)
                .containsExactly(Instant.parse("2026-05-12T09:00:00Z"));
        ContractProjection.apply(state, edited(opportunity(UPGRADE, "Closed Won", 300_000L, "Existing Customer - Upgrade", CONTRACT, null,
                "2026-05-13T09:00:00Z"), o -> o.setChangeType("DELETE")));
        assertThat(state.getContracts()).singleElement().satisfies(c -> {
            assertThat(c.getKnown()).as("the contract itself stays").isTrue();
            assertThat(c.getBookings()).as("a deleted opportunity books nothing").isEmpty();
            assertThat(c.getBooked()).isEmpty();
        });
    }

    @Test
    void withoutCpqFieldsTheTypeTellsTheKind() {
        ContractState state = ContractProjection.empty(ACCOUNT);
        ContractProjection.apply(state, opportunity("006A", "Closed Won", 1L, "Renewal", null, null, "2026-01-01T00:00:00Z"));
        ContractProjection.apply(state, opportunity("006B", "Closed Won", 1L, "Existing Customer - Downgrade", null, null, "2026-01-02T00:00:00Z"));
        ContractProjection.apply(state, opportunity("006C", "Closed Won", 1L, "New Customer", null, null, "2026-01-03T00:00:00Z"));
        ContractProjection.apply(state, opportunity("006D", "Closed Won", 1L, null, null, null, "2026-01-04T00:00:00Z"));
        assertThat(state.getContracts()).singleElement().satisfies(c -> {
            assertThat(c.getContractId()).isNull();
            assertThat(c.getBookings()).extracting(Booking::getKind)
                    .containsExactly(BookingKind.RENEWAL, BookingKind.AMENDMENT, BookingKind.NEW, BookingKind.NEW);
        });
    }

    @Test
    void aDeletedContractIsForgottenAndItsNewBusinessHasNoContractAgain() {
        ContractState state = ContractProjection.empty(ACCOUNT);
        ContractProjection.apply(state, opportunity(NEW, "Closed Won", 1_200_000L, "New Business", null, null, "2026-01-15T12:00:00Z"));
        ContractProjection.applyContract(state, contract(CONTRACT, NEW, false));
        ContractProjection.applyContract(state, contract(CONTRACT, NEW, true));
        assertThat(state.getContracts()).singleElement().satisfies(c -> {
            assertThat(c.getContractId()).isNull();
            assertThat(c.getBookings()).extracting(Booking::getOpportunityId).containsExactly(NEW);
        });
    }

    @Test
    void theSameRecordsInAnyArrivalOrderGiveTheSameBookings() {
        // each record's changes keep their order (the CDC merge sees to that); the records interleave freely
        List<List<Consumer<ContractState>>> records = List.of(
                List.of(s -> ContractProjection.apply(s, opportunity(NEW, "Prospecting", 1_000_000L, "New Business", null, null, "2026-01-05T00:00:00Z")),
                        s -> ContractProjection.apply(s, opportunity(NEW, "Closed Won", 1_200_000L, "New Business", null, null, "2026-01-15T12:00:00Z"))),
                List.of(s -> ContractProjection.applyContract(s, contract(CONTRACT, NEW, false))),
                List.of(s -> ContractProjection.apply(s, opportunity(UPGRADE, "Closed Won", 300_000L, "Existing Customer - Upgrade", CONTRACT, null, "2026-05-10T15:00:00Z")),
                        s -> ContractProjection.apply(s, opportunity(UPGRADE, "Closed Lost", 300_000L, "Existing Customer - Upgrade", CONTRACT, null, "2026-05-11T15:00:00Z")),
                        s -> ContractProjection.apply(s, opportunity(UPGRADE, "Closed Won", 250_000L, "Existing Customer - Upgrade", CONTRACT, null, "2026-05-12T15:00:00Z"))),
                List.of(s -> ContractProjection.apply(s, opportunity(RENEWAL, "Closed Won", 1_500_000L, "Renewal", null, CONTRACT, "2026-12-20T16:00:00Z"))),
                List.of(s -> ContractProjection.apply(s, opportunity("006LOST", "Closed Won", 70_000L, "New Business", null, null, "2026-03-01T00:00:00Z")),
                        s -> ContractProjection.apply(s, opportunity("006LOST", "Closed Lost", 70_000L, "New Business", null, null, "2026-03-02T00:00:00Z"))));
        String first = null;
        Random random = new Random(12);
        for (int run = 0; run < 60; run++) {
            List<Deque<Consumer<ContractState>>> queues = new ArrayList<>();
            records.forEach(r -> queues.add(new ArrayDeque<>(r)));
            ContractState state = ContractProjection.empty(ACCOUNT);
            while (!queues.isEmpty()) {
                Deque<Consumer<ContractState>> next = queues.get(random.nextInt(queues.size()));
                next.poll().accept(state);
                if (next.isEmpty()) {
                    queues.remove(next);
                }
            }
            String bookings = state.getContracts().toString();
            if (first == null) {
                first = bookings;
                assertThat(state.getContracts()).singleElement().satisfies(c -> {
                    assertThat(c.getBookings()).extracting(Booking::getOpportunityId).containsExactly(NEW, UPGRADE, RENEWAL);
                    assertThat(c.getBooked()).containsExactly(new BookedAmount("USD", 2_950_000L));
                });
            }
            assertThat(bookings).as("run %d", run).isEqualTo(first);
        }
    }

    private static CanonicalEvent opportunity(String id, String stage, long amountMinor, String type, String amended, String renewed,
                                              String at) {
        CrmOpportunity o = CrmOpportunity.newBuilder()
                .setOpportunityId(id)
                .setAccountId(ACCOUNT)
                .setName(id)
                .setStageName(stage)
                .setClosedWon("Closed Won".equals(stage))
                .setAmountMinor(amountMinor)
                .setCurrency("USD")
                .setCloseDate(at.substring(0, 10))
                .setOpportunityType(type)
                .setAmendedContractId(amended)
                .setRenewedContractId(renewed)
                .setChangeType("UPDATE")
                .build();
        return CanonicalEvent.newBuilder()
                .setEventId("sfdc:Opportunity:" + at + ":" + id)
                .setSourceSystem(SourceSystem.SALESFORCE)
                .setEventType("Opportunity.UPDATE")
                .setEventTime(Instant.parse(at))
                .setAccountId(ACCOUNT)
                .setPayload(o)
                .build();
    }

    private static CanonicalEvent edited(CanonicalEvent event, Consumer<CrmOpportunity.Builder> edit) {
        CrmOpportunity.Builder o = CrmOpportunity.newBuilder((CrmOpportunity) event.getPayload());
        edit.accept(o);
        return CanonicalEvent.newBuilder(event).setPayload(o.build()).build();
    }

    private static CrmContract contract(String id, String originatingOpportunity, boolean deleted) {
        return CrmContract.newBuilder()
                .setEventId("sfdc:Contract:1:" + id)
                .setEventTime(Instant.parse("2026-01-16T08:00:00Z"))
                .setContractId(id)
                .setAccountId(ACCOUNT)
                .setOriginatingOpportunityId(originatingOpportunity)
                .setStatus("Activated")
                .setStartDate("2026-02-01")
                .setEndDate("2027-01-31")
                .setChangeType(deleted ? "DELETE" : "UPDATE")
                .setDeleted(deleted)
                .build();
    }
}
