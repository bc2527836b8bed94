package io.ledgerline.alerts;

import io.ledgerline.contract.BookingKind;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.OrderView;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.waits.WaitGrace;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ORDER_NOT_PROVISIONED: a Closed Won new-business opportunity that no billing subscription names yet. Amendments and
 * renewals change a subscription that exists, so they are not provisioning orders.
 */
public final class OrderAlerts {

    public static final String STAGE = "ledger";

    private OrderAlerts() {
    }

    /** The account's orders still waiting for a subscription. */
    public static List<WorkflowAlerts.Condition> unprovisioned(ContractState contract, WaitGrace grace, Instant now) {
        if (contract == null) {
            return List.of();
        }
        return contract.getOrders().stream()
                .filter(o -> o.getAcceptedAt() != null && o.getSubscriptionIds().isEmpty())
                .filter(o -> o.getKind() == null || o.getKind() == BookingKind.NEW)
                .map(o -> condition(contract, o, grace.start(o.getAcceptedAt(), now)))
                .toList();
    }

    /** The alert ids of {@link #unprovisioned}, to find the orders that were provisioned since. */
    public static Set<String> ids(List<WorkflowAlerts.Condition> conditions) {
        return conditions.stream().map(WorkflowAlerts.Condition::alertId).collect(Collectors.toSet());
    }

    private static WorkflowAlerts.Condition condition(ContractState contract, OrderView o, Instant since) {
        String name = o.getName() == null ? "" : " (" + o.getName() + ")";
        return new WorkflowAlerts.Condition(WorkflowAlertKind.ORDER_NOT_PROVISIONED, STAGE, o.getOpportunityId(), contract.getAccountId(),
                o.getOpportunityId(), o.getAmountMinor(), o.getCurrency(), since,
                "opportunity " + o.getOpportunityId() + name + " is Closed Won since " + o.getAcceptedAt()
                        + " and no billing subscription names it (metadata.crm_opportunity_id)");
    }
}
