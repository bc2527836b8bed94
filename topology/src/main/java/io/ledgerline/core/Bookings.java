package io.ledgerline.core;

import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.contract.BookedAmount;
import io.ledgerline.contract.Booking;
import io.ledgerline.contract.BookingKind;
import io.ledgerline.contract.ContractBookings;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.OrderView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history of bookings per contract of one account ({@code ContractState.contracts}), see docs/bookings.md.
 *
 * <p>It is derived anew, on every change, from the account's orders and the Contract records it has received, and
 * from nothing else, so the same final CRM records give the same bookings whatever order they arrived in. Every
 * Closed Won order is one booking, listed under the contract it amends or renews (as the opportunity names it, known
 * or not), else under the contract whose originating opportunity it is (the lowest id, should several name it), else
 * under no contract.
 */
final class Bookings {

    /** Words of an opportunity's Type that make it a change of an existing contract, lower case. */
    private static final List<String> AMENDING_TYPES = List.of("upgrade", "downgrade", "amendment");
    private static final Comparator<Booking> OLDEST_FIRST = Comparator.comparing(Booking::getClosedWonAt)
            .thenComparing(Booking::getOpportunityId);

    private Bookings() {
    }

    /** CPQ's contract fields decide; without them the Type ("Renewal", "Existing Customer - Upgrade", ...) does. */
    static BookingKind kindOf(CrmOpportunity o) {
        if (o.getAmendedContractId() != null) {
            return BookingKind.AMENDMENT;
        }
        if (o.getRenewedContractId() != null) {
            return BookingKind.RENEWAL;
        }
        String type = o.getOpportunityType() == null ? "" : o.getOpportunityType().toLowerCase(Locale.ROOT);
        if (type.contains("renewal")) {
            return BookingKind.RENEWAL;
        }
        return AMENDING_TYPES.stream().anyMatch(type::contains) ? BookingKind.AMENDMENT : BookingKind.NEW;
    }

    /** The contract an opportunity amends or renews, as it names it; null for new business. */
    static String contractNamedBy(CrmOpportunity o) {
        return o.getAmendedContractId() != null ? o.getAmendedContractId() : o.getRenewedContractId();
    }

    /** Keeps a Contract record's facts (forgets them once it is deleted) and re-derives the bookings. */
    static void applyContract(ContractState state, CrmContract c) {
        List<ContractBookings> contracts = new ArrayList<>(state.getContracts());
        contracts.removeIf(v -> c.getContractId().equals(v.getContractId()));
        if (!c.getDeleted()) {
            contracts.add(ContractBookings.newBuilder()
                    .setContractId(c.getContractId())
                    .setKnown(true)
                    .setAccountId(c.getAccountId())
                    .setOriginatingOpportunityId(c.getOriginatingOpportunityId())
                    .setStatus(c.getStatus())
                    .setStartDate(c.getStartDate())
                    .setEndDate(c.getEndDate())
                    .build());
        }
        state.setContracts(contracts);
        rebuild(state);
    }

    /** Derives every contract's bookings from the orders, keeping only the Contract records' own facts. */
    static void rebuild(ContractState state) {
        Map<String, ContractBookings> byId = new TreeMap<>();
        for (ContractBookings c : state.getContracts()) {
            if (c.getKnown()) {
                byId.put(c.getContractId(), ContractBookings.newBuilder(c).setBookings(new ArrayList<>()).build());
            }
        }
        Map<String, String> contractOfOriginating = new HashMap<>();
        byId.values().forEach(c -> {
            if (c.getOriginatingOpportunityId() != null) {
                contractOfOriginating.putIfAbsent(c.getOriginatingOpportunityId(), c.getContractId()); // lowest id first
            }
        });

        List<Booking> uncontracted = new ArrayList<>();
        for (OrderView order : state.getOrders()) {
            if (order.getAcceptedAt() == null) {
                continue; // not Closed Won (any more)
            }
            String contractId = order.getContractId() != null ? order.getContractId()
                    : contractOfOriginating.get(order.getOpportunityId());
            List<Booking> into = contractId == null ? uncontracted : byId.computeIfAbsent(contractId,
                    id -> ContractBookings.newBuilder().setContractId(id).setKnown(false).build()).getBookings();
            into.add(booking(order));
        }

        List<ContractBookings> contracts = new ArrayList<>(byId.values());
        if (!uncontracted.isEmpty()) {
            contracts.add(ContractBookings.newBuilder().setContractId(null).setBookings(uncontracted).build());
        }
        for (ContractBookings c : contracts) {
            c.getBookings().sort(OLDEST_FIRST);
            c.setBooked(booked(c.getBookings()));
        }
        state.setContracts(contracts);
    }

    private static Booking booking(OrderView order) {
        return Booking.newBuilder()
                .setOpportunityId(order.getOpportunityId())
                // orders stored before kinds were kept are taken as new business until their opportunity changes
                .setKind(order.getKind() != null ? order.getKind() : BookingKind.NEW)
                .setAmountMinor(order.getAmountMinor())
                .setCurrency(order.getCurrency())
                .setCloseDate(order.getCloseDate())
                .setClosedWonAt(order.getAcceptedAt())
                .build();
    }

    private static List<BookedAmount> booked(List<Booking> bookings) {
        Map<String, Long> byCurrency = new TreeMap<>();
        for (Booking b : bookings) {
            if (b.getCurrency() != null && b.getAmountMinor() != null) {
                byCurrency.merge(b.getCurrency(), b.getAmountMinor(), Long::sum);
            }
        }
        List<BookedAmount> booked = new ArrayList<>();
        byCurrency.forEach((currency, minor) -> booked.add(new BookedAmount(currency, minor)));
        return booked;
    }
}
