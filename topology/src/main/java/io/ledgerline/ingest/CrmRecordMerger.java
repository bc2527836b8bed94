package io.ledgerline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CrmAccount;
import io.ledgerline.canonical.CrmContract;
import io.ledgerline.canonical.CrmOpportunity;
import io.ledgerline.canonical.CrmSyncGap;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.money.Currencies;
import io.ledgerline.state.CrmRecordState;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Materializes full Salesforce record state from CDC deltas and derives the canonical event. A pure function:
 * no I/O, no clock, never throws on odd input.
 *
 * <p>Merge rules:
 * <ul>
 *   <li>CREATE replaces the fields with the delivered ones, marks the record created and fresh (a CREATE after a gap
 *       is the re-sync);</li>
 *   <li>UPDATE overlays the delivered non-null values (compound fields component by component; a null value means
 *       "unchanged" in CDC) and sets every {@code nulledFields} entry to null;</li>
 *   <li>DELETE keeps the fields and marks the record deleted; UNDELETE overlays the fields and clears the mark. The
 *       mark is kept in fieldsJson as Salesforce's own {@value #DELETED_FIELD} field, since
 *       {@link CrmRecordState} has no deleted flag;</li>
 *   <li>GAP_* leaves the fields alone and marks the state stale;</li>
 *   <li>a change committed before the state's {@code lastCommitTimestamp} (a redelivered old event) is not applied
 *       and emits nothing, except a CREATE on a stale record, which is always taken as the re-sync.</li>
 * </ul>
 *
 * <p>Events: Account → {@link CrmAccount}; Opportunity → {@link CrmOpportunity} once its AccountId is known (until
 * then the state accumulates silently); GAP_* on any of the three → {@link CrmSyncGap}; other entities → none. A
 * Contract (Salesforce CPQ's, {@code ContractChangeEvent}) yields no canonical event but its state, a
 * {@link CrmContract}, once its AccountId is known: amendments and renewals name it, and it names the opportunity that
 * created it (see docs/bookings.md). While a record is stale, non-gap changes still emit: the delivered values are
 * authoritative, and the gap event already raised the re-sync exception.
 */
public final class CrmRecordMerger {

    /** Where the deleted mark lives in {@code fieldsJson}. */
    public static final String DELETED_FIELD = "IsDeleted";

    public static final String ACCOUNT = "Account";
    public static final String OPPORTUNITY = "Opportunity";
    public static final String CONTRACT = "Contract";
    public static final String CLOSED_WON = "Closed Won";

    public CrmMerge merge(CrmRecordState previousOrNull, CdcChange change, String recordId) {
        CrmRecordState previous = previousOrNull;
        String changeType = change.changeType();
        boolean createOnStale = previous != null && previous.getStale() && "CREATE".equals(changeType);
        if (previous != null && change.commitTimestamp() < previous.getLastCommitTimestamp() && !createOnStale) {
            return new CrmMerge(previous, Optional.empty());
        }

        boolean stale = previous != null && previous.getStale();
        boolean created = previous != null && previous.getCreated();
        ObjectNode fields = previous == null ? newObject() : parseState(previous.getFieldsJson());
        if (fields == null) { // unreadable stored state: start over, and don't trust it until a re-sync
            fields = newObject();
            stale = true;
        }

        switch (changeType) {
            case "CREATE" -> {
                fields = newObject();
                overlay(fields, change.fields());
                created = true;
                stale = false;
            }
            case "UPDATE" -> {
                overlay(fields, change.fields());
                for (String nulled : change.nulledFields()) {
                    setNull(fields, nulled);
                }
            }
            case "DELETE" -> fields.set(DELETED_FIELD, BooleanNode.TRUE);
            case "UNDELETE" -> {
                overlay(fields, change.fields());
                fields.remove(DELETED_FIELD);
            }
            default -> stale = true; // GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE, GAP_OVERFLOW
        }

        long lastCommit = previous == null
                ? change.commitTimestamp()
                : Math.max(previous.getLastCommitTimestamp(), change.commitTimestamp());
        CrmRecordState state = CrmRecordState.newBuilder()
                .setEntityName(change.entityName())
                .setRecordId(recordId)
                .setFieldsJson(write(fields))
                .setCreated(created)
                .setStale(stale)
                .setLastCommitTimestamp(lastCommit)
                .build();
        if (CONTRACT.equals(change.entityName()) && !change.isGap()) {
            return new CrmMerge(state, Optional.empty(), Optional.ofNullable(contract(change, recordId, fields)));
        }
        return new CrmMerge(state, Optional.ofNullable(event(change, recordId, fields)));
    }

    private static CanonicalEvent event(CdcChange change, String recordId, ObjectNode fields) {
        String entity = change.entityName();
        String accountId;
        Object payload;
        if (ACCOUNT.equals(entity)) {
            accountId = recordId;
            payload = change.isGap() ? gap(change, recordId) : account(change, recordId, fields);
        } else if (CONTRACT.equals(entity)) { // only its gaps are canonical events
            accountId = text(fields, "AccountId");
            payload = gap(change, recordId);
        } else if (OPPORTUNITY.equals(entity)) {
            accountId = text(fields, "AccountId");
            if (change.isGap()) {
                payload = gap(change, recordId);
            } else if (accountId == null) {
                return null; // not attributable to an account yet; the state keeps accumulating
            } else {
                payload = opportunity(change, recordId, accountId, fields);
            }
        } else {
            return null;
        }
        return CanonicalEvent.newBuilder()
                .setEventId(eventId(change, recordId))
                .setSourceSystem(SourceSystem.SALESFORCE)
                .setEventType(entity + "." + change.changeType())
                .setEventTime(Instant.ofEpochMilli(change.commitTimestamp()))
                .setAccountId(accountId)
                .setPayload(payload)
                .build();
    }

    private static String eventId(CdcChange change, String recordId) {
        return "sfdc:" + change.entityName() + ":" + change.replayId() + ":" + recordId;
    }

    /** The contract's state, or null while its account is not known (the state keeps accumulating). */
    private static CrmContract contract(CdcChange change, String recordId, ObjectNode fields) {
        String accountId = text(fields, "AccountId");
        if (accountId == null) {
            return null;
        }
        String startDate = text(fields, "StartDate");
        String endDate = text(fields, "EndDate");
        return CrmContract.newBuilder()
                .setEventId(eventId(change, recordId))
                .setEventTime(Instant.ofEpochMilli(change.commitTimestamp()))
                .setContractId(recordId)
                .setAccountId(accountId)
                .setOriginatingOpportunityId(text(fields, "SBQQ__Opportunity__c"))
                .setContractNumber(text(fields, "ContractNumber"))
                .setStatus(text(fields, "Status"))
                .setStartDate(startDate)
                .setEndDate(endDate != null ? endDate : endOfTerm(startDate, decimal(fields.get("ContractTerm"))))
                .setChangeType(change.changeType())
                .setDeleted(isDeleted(fields))
                .build();
    }

    /**
     * Salesforce computes a contract's EndDate from StartDate and ContractTerm (months); a change event need not carry
     * it, so it is computed the same way: the day before the start date's day, term months later.
     */
    private static String endOfTerm(String startDate, BigDecimal termMonths) {
        if (startDate == null || termMonths == null) {
            return null;
        }
        try {
            return LocalDate.parse(startDate).plusMonths(termMonths.intValueExact()).minusDays(1).toString();
        } catch (DateTimeException | ArithmeticException e) {
            return null; // not a date or not a whole number of months: unknown rather than wrong
        }
    }

    private static CrmSyncGap gap(CdcChange change, String recordId) {
        return CrmSyncGap.newBuilder()
                .setEntityName(change.entityName())
                .setRecordId(recordId)
                .setChangeType(change.changeType())
                .build();
    }

    private static CrmAccount account(CdcChange change, String recordId, ObjectNode fields) {
        return CrmAccount.newBuilder()
                .setAccountId(recordId)
                .setName(text(fields, "Name"))
                .setBillingCountry(text(fields, "BillingCountry"))
                .setAccountType(text(fields, "Type"))
                .setChangeType(change.changeType())
                .setDeleted(isDeleted(fields))
                .build();
    }

    private static CrmOpportunity opportunity(CdcChange change, String recordId, String accountId, ObjectNode fields) {
        String stage = text(fields, "StageName");
        String currency = text(fields, "CurrencyIsoCode");
        Long amountMinor = null;
        if (currency != null) {
            if (Currencies.isKnown(currency)) {
                currency = Currencies.normalize(currency);
                BigDecimal amount = decimal(fields.get("Amount"));
                if (amount != null) {
                    try {
                        amountMinor = Currencies.toMinorUnits(amount, currency);
                    } catch (ArithmeticException e) {
                        amountMinor = null; // beyond a long: leave it out rather than fail the record
                    }
                }
            } else {
                // passed on upper-cased; the unknown currency is flagged downstream as an exception
                currency = currency.toUpperCase(Locale.ROOT);
            }
        }
        return CrmOpportunity.newBuilder()
                .setOpportunityId(recordId)
                .setAccountId(accountId)
                .setName(text(fields, "Name"))
                .setStageName(stage)
                .setClosedWon(CLOSED_WON.equals(stage))
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setCloseDate(text(fields, "CloseDate"))
                .setOpportunityType(text(fields, "Type"))
                .setChangeType(change.changeType())
                .setChangedFields(change.changedFields())
                .setAmendedContractId(text(fields, "SBQQ__AmendedContract__c"))
                .setRenewedContractId(text(fields, "SBQQ__RenewedContract__c"))
                .build();
    }

    // ---------------------------------------------------------------- JSON state

    private static ObjectNode newObject() {
        return JsonFields.MAPPER.getNodeFactory().objectNode();
    }

    private static ObjectNode parseState(String json) {
        if (json == null || json.isEmpty()) {
            return newObject();
        }
        try {
            JsonNode node = JsonFields.MAPPER.readTree(json);
            return node != null && node.isObject() ? (ObjectNode) node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(ObjectNode fields) {
        try {
            return JsonFields.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e); // cannot happen for an ObjectNode
        }
    }

    /** Copies every non-null value of {@code source} into {@code target}; objects (compound fields) merge recursively. */
    private static void overlay(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> entry : source.properties()) {
            JsonNode value = entry.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            JsonNode existing = target.get(entry.getKey());
            if (value.isObject() && existing != null && existing.isObject()) {
                overlay((ObjectNode) existing, (ObjectNode) value);
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        }
    }

    /** Sets a field to null; {@code Compound.Component} names a component of a compound field. */
    private static void setNull(ObjectNode fields, String name) {
        int dot = name.indexOf('.');
        if (dot > 0) {
            JsonNode compound = fields.get(name.substring(0, dot));
            if (compound != null && compound.isObject()) {
                ((ObjectNode) compound).set(name.substring(dot + 1), NullNode.getInstance());
            }
            return;
        }
        fields.set(name, NullNode.getInstance());
    }

    private static String text(ObjectNode fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            return null;
        }
        return node.textValue();
    }

    private static boolean isDeleted(ObjectNode fields) {
        JsonNode node = fields.get(DELETED_FIELD);
        return node != null && node.asBoolean(false);
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.isTextual() ? JsonFields.parseDecimal(node.textValue()) : null;
    }
}
