package io.ledgerline.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One decoded Salesforce Change Data Capture event.
 *
 * @param entityName      the sObject, e.g. {@code Account}, {@code Opportunity}
 * @param recordIds       the records the change applies to (one or more; the same field values apply to each)
 * @param changeType      CREATE, UPDATE, DELETE, UNDELETE, GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE or GAP_OVERFLOW
 * @param changedFields   fields changed by an UPDATE (empty for CREATE)
 * @param nulledFields    fields an UPDATE set to null
 * @param commitTimestamp commit time in epoch millis
 * @param transactionKey  the Salesforce transaction (may be null)
 * @param sequenceNumber  order of the change within its transaction
 * @param replayId        position in the CDC channel ({@code event.replayId})
 * @param fields          the field values (the payload minus {@code ChangeEventHeader}); treat as read-only
 */
public record CdcChange(
        String entityName,
        List<String> recordIds,
        String changeType,
        List<String> changedFields,
        List<String> nulledFields,
        long commitTimestamp,
        String transactionKey,
        int sequenceNumber,
        long replayId,
        ObjectNode fields) {

    /** Every change type Salesforce CDC emits. */
    public static final Set<String> CHANGE_TYPES = Set.of(
            "CREATE", "UPDATE", "DELETE", "UNDELETE",
            "GAP_CREATE", "GAP_UPDATE", "GAP_DELETE", "GAP_UNDELETE", "GAP_OVERFLOW");

    public CdcChange {
        Objects.requireNonNull(entityName, "entityName");
        Objects.requireNonNull(changeType, "changeType");
        Objects.requireNonNull(fields, "fields");
        recordIds = List.copyOf(recordIds);
        changedFields = List.copyOf(changedFields);
        nulledFields = List.copyOf(nulledFields);
    }

    /** True for GAP_* and GAP_OVERFLOW: records changed but no field values were delivered. */
    public boolean isGap() {
        return changeType.startsWith("GAP_");
    }
}
