package io.ledgerline.core;

import io.ledgerline.canonical.BillingCustomer;
import io.ledgerline.canonical.BillingInvoice;
import io.ledgerline.canonical.BillingSubscription;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CrmAccount;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.InvoicePayment;
import io.ledgerline.canonical.SubscriptionItem;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.CurrencyBalance;
import io.ledgerline.contract.DisputeView;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.contract.InvoiceView;
import io.ledgerline.contract.OrderView;
import io.ledgerline.contract.PaymentView;
import io.ledgerline.contract.SubscriptionView;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.reconciliation.LedgerBalances;
import io.ledgerline.state.InvoiceLedgerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Folds canonical events and ledger outcomes into the analysts' contract view of one account. Pure: no Kafka. */
public final class ContractProjection {

    /** The change type of a CRM record's state while it is deleted (an UNDELETE ends it). */
    private static final String DELETE = "DELETE";

    private ContractProjection() {
    }

    public static ContractState empty(String accountId) {
        return ContractState.newBuilder().setAccountId(accountId).build();
    }

    /** Applies what the event itself says (names, stages, statuses); ledger outcomes come through the other methods. */
    public static void apply(ContractState state, CanonicalEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof CrmAccount a) {
            state.setAccountName(a.getName());
            state.setBillingCountry(a.getBillingCountry());
        } else if (payload instanceof CrmOpportunity o) {
            OrderView order = upsert(state.getOrders(), state::setOrders, v -> v.getOpportunityId().equals(o.getOpportunityId()),
                    () -> OrderView.newBuilder().setOpportunityId(o.getOpportunityId()).build());
            order.setName(o.getName());
            order.setStageName(o.getStageName());
            order.setAmountMinor(o.getAmountMinor());
            order.setCurrency(o.getCurrency());
            order.setCloseDate(o.getCloseDate());
            order.setKind(Bookings.kindOf(o));
            order.setContractId(Bookings.contractNamedBy(o));
            if (!o.getClosedWon() || DELETE.equals(o.getChangeType())) {
                order.setAcceptedAt(null); // no longer an accepted order, nor a booking
            } else if (order.getAcceptedAt() == null) {
                order.setAcceptedAt(event.getEventTime());
            }
            linkOrdersToSubscriptions(state);
            Bookings.rebuild(state);
        } else if (payload instanceof BillingCustomer c) {
            addIfAbsent(state.getBillingCustomerIds(), state::setBillingCustomerIds, c.getCustomerId());
        } else if (payload instanceof BillingSubscription s) {
            SubscriptionView sub = upsert(state.getSubscriptions(), state::setSubscriptions,
                    v -> v.getSubscriptionId().equals(s.getSubscriptionId()),
                    () -> SubscriptionView.newBuilder().setSubscriptionId(s.getSubscriptionId())
                            .setCustomerId(s.getCustomerId()).setStatus(s.getStatus()).setCurrency(s.getCurrency()).build());
            sub.setCustomerId(s.getCustomerId());
            sub.setOpportunityId(s.getCrmOpportunityId());
            sub.setStatus(s.getStatus());
            sub.setCurrency(s.getCurrency());
            sub.setStartDate(s.getStartDate());
            sub.setCanceledAt(s.getCanceledAt());
            sub.setProductIds(s.getItems().stream().map(SubscriptionItem::getProductId).filter(Objects::nonNull).distinct().toList());
            // the latest period end any event showed, so the order subscription events arrive in does not matter
            java.util.stream.Stream.concat(s.getItems().stream().map(SubscriptionItem::getCurrentPeriodEnd),
                            java.util.stream.Stream.of(sub.getCurrentPeriodEnd()))
                    .filter(Objects::nonNull).max(java.time.Instant::compareTo).ifPresent(sub::setCurrentPeriodEnd);
            if (s.getChange() == io.ledgerline.canonical.SubscriptionChange.CREATED) {
                sub.setCreatedValueMinor(io.ledgerline.reconciliation.SubscriptionValue.annual(s));
            }
            linkOrdersToSubscriptions(state);
        } else if (payload instanceof BillingInvoice inv) {
            state.getInvoices().stream().filter(v -> v.getInvoiceId().equals(inv.getInvoiceId())).findFirst()
                    .ifPresent(v -> v.setStatus(inv.getStatus()));
        } else if (payload instanceof InvoicePayment p) {
            PaymentView pv = upsert(state.getPayments(), state::setPayments, v -> v.getInvoicePaymentId().equals(p.getInvoicePaymentId()),
                    () -> PaymentView.newBuilder().setInvoicePaymentId(p.getInvoicePaymentId()).setInvoiceId(p.getInvoiceId())
                            .setAmountMinor(p.getAmountMinor()).setCurrency(p.getCurrency()).setPaidAt(p.getPaidAt())
                            .setApplied(false).build());
            pv.setPaymentIntentId(p.getPaymentIntentId());
        }
        state.setLastEventId(event.getEventId());
        state.setLastEventTime(event.getEventTime());
    }

    /** A Salesforce CPQ Contract: what it says about itself, and the bookings it gathers (see {@link Bookings}). */
    public static void applyContract(ContractState state, CrmContract contract) {
        Bookings.applyContract(state, contract);
        state.setLastEventId(contract.getEventId());
        state.setLastEventTime(contract.getEventTime());
    }

    public static void applyCrosswalk(ContractState state, CustomerCrosswalk crosswalk) {
        state.setLegalEntity(crosswalk.getLegalEntity());
        state.setErpCustomerId(crosswalk.getErpCustomerId());
        if (crosswalk.getBillingCustomerId() != null) {
            addIfAbsent(state.getBillingCustomerIds(), state::setBillingCustomerIds, crosswalk.getBillingCustomerId());
        }
    }

    /** Mirrors the ledger's view of an invoice (amounts settled, status) into the contract. */
    public static void applyInvoiceLedger(ContractState state, InvoiceLedgerState ledger) {
        BillingInvoice inv = ledger.getInvoice();
        InvoiceView view = upsert(state.getInvoices(), state::setInvoices, v -> v.getInvoiceId().equals(inv.getInvoiceId()),
                () -> InvoiceView.newBuilder().setInvoiceId(inv.getInvoiceId()).setCorrelationId(ledger.getCorrelationId())
                        .setStatus(inv.getStatus()).setCurrency(inv.getCurrency()).setEffectiveAt(inv.getEffectiveAt())
                        .setTotalMinor(inv.getTotalMinor()).setTaxMinor(inv.getTaxMinor()).setOutstandingMinor(inv.getTotalMinor())
                        .build());
        view.setNumber(inv.getNumber());
        view.setSubscriptionId(inv.getSubscriptionId());
        view.setCorrelationId(ledger.getCorrelationId());
        // the latest invoice event sets the status; the ledger knows better once the invoice is void or settled
        if (ledger.getVoided()) {
            view.setStatus("void");
        } else if (ledger.getPaidMinor() > 0 && ledger.getArOutstandingMinor() <= 0) {
            view.setStatus("paid");
        }
        view.setPaidMinor(ledger.getPaidMinor());
        long usage = ledger.getUsageLines().stream().mapToLong(io.ledgerline.state.UsageLineState::getNetMinor).sum();
        view.setUsageMinor(usage);
        view.setPointInTimeMinor(ledger.getPointInTimeRevenueMinor() - usage);
        view.setVoided(ledger.getVoided());
        view.setCreditedMinor(ledger.getCreditedMinor());
        view.setCreditedTaxMinor(ledger.getDocuments().stream()
                .filter(d -> d.getPayload() instanceof io.ledgerline.canonical.CreditNote note && ledger.getCreditNoteIds().contains(note.getCreditNoteId()))
                .mapToLong(d -> ((io.ledgerline.canonical.CreditNote) d.getPayload()).getTaxMinor()).sum());
        view.setRefundedMinor(ledger.getRefundedMinor());
        view.setOutstandingMinor(ledger.getVoided() ? 0 : ledger.getArOutstandingMinor());
        view.setCustomerCreditMinor(ledger.getCustomerCreditMinor() - ledger.getCustomerCreditAppliedMinor());
        view.setDisputes(ledger.getDisputes().stream().map(d -> DisputeView.newBuilder().setDisputeId(d.getDisputeId())
                .setStatus(d.getStatus()).setReason(d.getReason()).setAmountMinor(d.getAmountMinor()).setFeeMinor(d.getFeeMinor())
                .setHeldMinor(d.getReceivableMinor()).setLostMinor(d.getLostMinor()).build()).toList());
        for (PaymentView p : state.getPayments()) {
            if (ledger.getPaymentIds().contains(p.getInvoicePaymentId())) {
                p.setApplied(true);
            }
        }
        state.setBalances(balances(state.getInvoices()));
    }

    /** A journal entry of the account: its id, and its posting as SENT until the ERP reports what it did. */
    public static void addJournalEntry(ContractState state, JournalEntry entry, java.time.Instant journaledAt) {
        addJournalEntry(state, entry, journaledAt, null);
    }

    /** @param billingPeriod the period of the invoice the entry belongs to (revenue waterfall), null if none */
    public static void addJournalEntry(ContractState state, JournalEntry entry, java.time.Instant journaledAt, String billingPeriod) {
        if (erpPosting(state, entry.getEntryId()).isEmpty()) {
            List<ErpPostingView> postings = new ArrayList<>(state.getErpPostings());
            postings.add(ErpPostingView.newBuilder()
                    .setEntryId(entry.getEntryId())
                    .setEntryType(entry.getEntryType().name())
                    .setCorrelationId(entry.getCorrelationId())
                    .setLegalEntity(entry.getLegalEntity())
                    .setErp(entry.getErp())
                    .setPostingPeriod(entry.getPostingPeriod())
                    .setCurrency(entry.getCurrency())
                    .setAmountMinor(TransactionTimelines.debits(entry))
                    .setStatus(ErpPostingStatus.SENT)
                    .setJournaledAt(journaledAt)
                    .setSettledMinor(LedgerBalances.settled(entry))
                    .build());
            state.setErpPostings(postings);
            LedgerBalances.add(state, entry, billingPeriod);
        }
    }

    /** The account's journal entry {@code entryId} and what the ERP did with it. */
    public static Optional<ErpPostingView> erpPosting(ContractState state, String entryId) {
        return state.getErpPostings().stream().filter(p -> p.getEntryId().equals(entryId)).findFirst();
    }

    private static List<CurrencyBalance> balances(List<InvoiceView> invoices) {
        Map<String, CurrencyBalance> byCurrency = new TreeMap<>();
        for (InvoiceView v : invoices) {
            if ("void".equals(v.getStatus())) {
                continue;
            }
            CurrencyBalance b = byCurrency.computeIfAbsent(v.getCurrency(), c -> CurrencyBalance.newBuilder().setCurrency(c)
                    .setInvoicedMinor(0).setPaidMinor(0).setCreditedMinor(0).setRefundedMinor(0).setOutstandingMinor(0).build());
            b.setInvoicedMinor(b.getInvoicedMinor() + v.getTotalMinor());
            b.setPaidMinor(b.getPaidMinor() + v.getPaidMinor());
            b.setCreditedMinor(b.getCreditedMinor() + v.getCreditedMinor());
            b.setRefundedMinor(b.getRefundedMinor() + v.getRefundedMinor());
            b.setOutstandingMinor(b.getOutstandingMinor() + v.getOutstandingMinor());
            b.setCustomerCreditMinor(b.getCustomerCreditMinor() + v.getCustomerCreditMinor());
            b.setDisputedMinor(b.getDisputedMinor() + v.getDisputes().stream().mapToLong(DisputeView::getHeldMinor).sum());
        }
        return new ArrayList<>(byCurrency.values());
    }

    private static void linkOrdersToSubscriptions(ContractState state) {
        for (OrderView order : state.getOrders()) {
            List<String> subs = state.getSubscriptions().stream()
                    .filter(s -> order.getOpportunityId().equals(s.getOpportunityId()))
                    .map(SubscriptionView::getSubscriptionId)
                    .toList();
            order.setSubscriptionIds(new ArrayList<>(subs));
        }
    }

    private static <T> T upsert(List<T> items, java.util.function.Consumer<List<T>> setter, Predicate<T> match,
                                java.util.function.Supplier<T> create) {
        for (T item : items) {
            if (match.test(item)) {
                return item;
            }
        }
        List<T> copy = new ArrayList<>(items);
        T created = create.get();
        copy.add(created);
        setter.accept(copy);
        return created;
    }

    private static void addIfAbsent(List<String> items, java.util.function.Consumer<List<String>> setter, String value) {
        if (!items.contains(value)) {
            List<String> copy = new ArrayList<>(items);
            copy.add(value);
            setter.accept(copy);
        }
    }

}
