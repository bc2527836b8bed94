package io.ledgerline.reconciliation;

import io.ledgerline.contract.BillingStatus;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.CrmObjectType;
import io.ledgerline.contract.CrmWriteback;
import io.ledgerline.contract.DisputeView;
import io.ledgerline.contract.ErpPostingStatus;
import io.ledgerline.contract.ErpPostingView;
import io.ledgerline.contract.InvoiceView;
import io.ledgerline.contract.OrderView;
import io.ledgerline.contract.PaymentView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The billing status the CRM shows on each Closed Won opportunity (through its subscriptions' invoices) and on the
 * account (all its invoices), as {@code crm.writeback} records keyed by the Salesforce record id. Pure: no Kafka.
 * <p>
 * Status over the non-void invoices: DISPUTED while a dispute is open (not won, lost or closed); else, with nothing
 * outstanding, PAID once anything was paid, CREDITED when credit notes cleared it; PARTIALLY_PAID when part is paid;
 * INVOICED otherwise; VOID when every invoice was voided. {@code paidMinor} is what payments applied (refunds do not
 * reopen an invoice, so a refund changes nothing the CRM sees).
 */
public final class BillingWriteback {

    /** Stripe's dispute statuses that end it: decided, or an inquiry closed without a chargeback. */
    private static final Set<String> CLOSED_DISPUTE = Set.of("won", "lost", "warning_closed", "prevented");

    private BillingWriteback() {
    }

    /** The records the account's state implies, by record id; opportunities and accounts with no invoice have none. */
    public static Map<String, CrmWriteback> of(ContractState s) {
        Map<String, CrmWriteback> out = new LinkedHashMap<>();
        for (OrderView o : s.getOrders()) {
            if (o.getAcceptedAt() == null || o.getSubscriptionIds().isEmpty()) {
                continue;
            }
            List<InvoiceView> invoices = s.getInvoices().stream()
                    .filter(v -> v.getSubscriptionId() != null && o.getSubscriptionIds().contains(v.getSubscriptionId())).toList();
            status(s, o.getOpportunityId(), CrmObjectType.Opportunity, invoices).ifPresent(r -> out.put(r.getRecordId(), r));
        }
        status(s, s.getAccountId(), CrmObjectType.Account, s.getInvoices()).ifPresent(r -> out.put(r.getRecordId(), r));
        return out;
    }

    private static java.util.Optional<CrmWriteback> status(ContractState s, String recordId, CrmObjectType type, List<InvoiceView> all) {
        if (all.isEmpty()) {
            return java.util.Optional.empty();
        }
        InvoiceView latest = all.stream().max(Comparator.comparing(InvoiceView::getEffectiveAt).thenComparing(InvoiceView::getInvoiceId)).orElseThrow();
        String currency = latest.getCurrency();
        List<InvoiceView> invoices = all.stream().filter(v -> v.getCurrency().equals(currency)).toList();
        List<InvoiceView> standing = invoices.stream().filter(v -> !v.getVoided()).toList();
        long billed = standing.stream().mapToLong(InvoiceView::getTotalMinor).sum();
        long paid = standing.stream().mapToLong(InvoiceView::getPaidMinor).sum();
        long credited = standing.stream().mapToLong(InvoiceView::getCreditedMinor).sum();
        long outstanding = standing.stream().mapToLong(InvoiceView::getOutstandingMinor).sum();
        boolean disputed = standing.stream().flatMap(v -> v.getDisputes().stream()).map(DisputeView::getStatus)
                .anyMatch(st -> !CLOSED_DISPUTE.contains(st));
        BillingStatus status;
        if (standing.isEmpty()) {
            status = BillingStatus.VOID;
        } else if (disputed) {
            status = BillingStatus.DISPUTED;
        } else if (outstanding <= 0 && paid > 0) {
            status = BillingStatus.PAID;
        } else if (outstanding <= 0 && credited > 0) {
            status = BillingStatus.CREDITED;
        } else if (paid > 0) {
            status = BillingStatus.PARTIALLY_PAID;
        } else {
            status = BillingStatus.INVOICED;
        }
        Set<String> ids = invoices.stream().map(InvoiceView::getInvoiceId).collect(Collectors.toSet());
        List<ErpPostingView> invoiceEntries = s.getErpPostings().stream()
                .filter(p -> "INVOICE".equals(p.getEntryType()) && ids.stream().anyMatch(id -> p.getEntryId().contains(":" + id + ":")))
                .toList();
        List<String> documents = invoiceEntries.stream().filter(p -> p.getStatus() == ErpPostingStatus.POSTED)
                .map(ErpPostingView::getErpDocumentNumber).filter(Objects::nonNull).distinct().sorted().toList();
        Instant lastChange = invoices.stream().map(InvoiceView::getEffectiveAt).max(Instant::compareTo).orElseThrow();
        for (PaymentView p : s.getPayments()) {
            if (p.getApplied() && ids.contains(p.getInvoiceId()) && p.getPaidAt().isAfter(lastChange)) {
                lastChange = p.getPaidAt();
            }
        }
        for (ErpPostingView p : invoiceEntries) {
            if (p.getStatus() == ErpPostingStatus.POSTED && p.getResultAt() != null && p.getResultAt().isAfter(lastChange)) {
                lastChange = p.getResultAt();
            }
        }
        return java.util.Optional.of(CrmWriteback.newBuilder()
                .setRecordId(recordId)
                .setObjectType(type)
                .setAccountId(s.getAccountId())
                .setBillingStatus(status)
                .setBilledMinor(billed)
                .setPaidMinor(paid)
                .setOutstandingMinor(Math.max(0, outstanding))
                .setCurrency(currency)
                .setErpDocumentNumbers(new ArrayList<>(documents))
                .setErpDocumentNumber(documents.isEmpty() ? null : String.join(", ", documents))
                .setInvoiceIds(invoices.stream().map(InvoiceView::getInvoiceId).sorted().toList())
                .setLastChange(lastChange)
                .build());
    }

}
