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
 * <p>Merge rules, each applied only to what no later change of the record set (by commit timestamp, then replay id),
 * so the merged record does not depend on the order its changes arrive in:
 * <ul>
 *   <li>CREATE sets the delivered fields and drops those it does not carry, marks the record created and clears the
 *       deleted mark (a CREATE after a gap is the re-sync);</li>
 *   <li>UPDATE overlays the delivered non-null values (compound fields component by component; a null value means
 *       "unchanged" in CDC) and sets every {@code nulledFields} entry to null;</li>
 *   <li>DELETE marks the record deleted and keeps its fields; UNDELETE overlays the fields and clears the mark. The
 *       mark is kept in fieldsJson as Salesforce's own {@value #DELETED_FIELD} field, since
 *       {@link CrmRecordState} has no deleted flag;</li>
 *   <li>GAP_* leaves the fields alone and marks the state stale until a later CREATE;</li>
 *   <li>a change that changes nothing and is older than one already merged (a redelivered old event) emits nothing.
 *       An older change that does change the record (an UPDATE that arrived before its record's CREATE, say) emits
 *       the record as merged, dated by its latest change.</li>
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
        long[] version = {change.commitTimestamp(), change.replayId()};
        ObjectNode fields = previous == null ? newObject() : parseState(previous.getFieldsJson());
        FieldVersions versions;
        if (fields == null) { // unreadable stored state: start over, and don't trust it until a re-sync
            fields = newObject();
            versions = new FieldVersions(newObject());
            versions.gap(version);
        } else {
            versions = previous == null ? new FieldVersions(newObject()) : FieldVersions.of(previous, fields);
        }
        boolean newest = versions.isLatest(version);
        String fieldsBefore = write(fields);
        boolean staleBefore = versions.stale();

        switch (change.changeType()) {
            case "CREATE" -> {
                // the record as of this change: what it does not carry was not set then, unless a later change set it
                versions.removeOlderThan(fields, version, change.fields());
                versions.overlay(fields, change.fields(), version);
                versions.setDeleted(fields, false, version);
                versions.created(version);
            }
            case "UPDATE" -> {
                versions.overlay(fields, change.fields(), version);
                for (String nulled : change.nulledFields()) {
                    versions.setNull(fields, nulled, version);
                }
            }
            case "DELETE" -> versions.setDeleted(fields, true, version);
            case "UNDELETE" -> {
                versions.overlay(fields, change.fields(), version);
                versions.setDeleted(fields, false, version);
            }
            default -> versions.gap(version); // GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE, GAP_OVERFLOW
        }
        versions.seen(version);

        long lastCommit = previous == null
                ? change.commitTimestamp()
                : Math.max(previous.getLastCommitTimestamp(), change.commitTimestamp());
        String fieldsJson = write(fields);
        CrmRecordState state = CrmRecordState.newBuilder()
                .setEntityName(change.entityName())
                .setRecordId(recordId)
                .setFieldsJson(fieldsJson)
                .setCreated(versions.created())
                .setStale(versions.stale())
                .setLastCommitTimestamp(lastCommit)
                .setFieldVersionsJson(write(versions.json()))
                .build();
        // a change that changed nothing and is older than one already merged (a redelivered old event) emits nothing;
        // the latest change redelivered emits the same event again, which the ledger drops as a redelivery
        boolean changed = previous == null || !fieldsJson.equals(fieldsBefore) || versions.stale() != staleBefore;
        if (!change.isGap() && !changed && !newest) {
            return new CrmMerge(state, Optional.empty());
        }
        // the record's state is as of its latest merged change, whichever change arrived last
        Instant asOf = Instant.ofEpochMilli(lastCommit);
        if (CONTRACT.equals(change.entityName()) && !change.isGap()) {
            return new CrmMerge(state, Optional.empty(), Optional.ofNullable(contract(change, recordId, fields, asOf)));
        }
        return new CrmMerge(state, Optional.ofNullable(event(change, recordId, fields, asOf)));
    }

    /**
     * Which change set each field: a field (or a compound field's component, {@code Compound.Component}) takes a
     * change's value only when no later change set it, so changes of one record may arrive in any order (export
     * files are replayed without keys, so two changes of a record can sit in different partitions; a redelivery or a
     * re-sync arrives late anyway) and the merged record is the same. Versions are {@code [commitTimestamp, replayId]}, compared in that order.
     */
    private static final class FieldVersions {

        private static final String DELETED = "~deleted";
        private static final String CREATED = "~created";
        private static final String GAP = "~gap";
        private static final String LATEST = "~latest";

        private final ObjectNode json;

        private FieldVersions(ObjectNode json) {
            this.json = json;
        }

        /**
         * The versions kept in a state; for a state written before they were kept, every field at the state's last
         * commit (what the merge assumed then: nothing older applies).
         */
        static FieldVersions of(CrmRecordState previous, ObjectNode fields) {
            ObjectNode kept = previous.getFieldVersionsJson() == null ? null : parseState(previous.getFieldVersionsJson());
            if (kept != null) {
                return new FieldVersions(kept);
            }
            FieldVersions versions = new FieldVersions(newObject());
            long[] last = {previous.getLastCommitTimestamp(), 0};
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                if (field.getValue().isObject()) {
                    field.getValue().properties().forEach(c -> versions.set(field.getKey() + "." + c.getKey(), last));
                } else {
                    versions.set(field.getKey(), last);
                }
            }
            if (previous.getCreated()) {
                versions.set(CREATED, last);
            }
            if (previous.getStale()) {
                versions.set(GAP, new long[] {last[0], 1});
            }
            versions.set(LATEST, last);
            return versions;
        }

        ObjectNode json() {
            return json;
        }

        /** Whether no change merged so far is later than {@code version}. */
        boolean isLatest(long[] version) {
            long[] latest = get(LATEST);
            return latest == null || compare(version, latest) >= 0;
        }

        void seen(long[] version) {
            raise(LATEST, version);
        }

        boolean created() {
            return json.has(CREATED);
        }

        /** A gap after the last CREATE: a CREATE after it is the re-sync. */
        boolean stale() {
            return json.has(GAP) && (!json.has(CREATED) || compare(get(GAP), get(CREATED)) > 0);
        }

        void created(long[] version) {
            raise(CREATED, version);
        }

        void gap(long[] version) {
            raise(GAP, version);
        }

        /** Copies every non-null value of {@code source} that no later change set; compound fields by component. */
        void overlay(ObjectNode target, ObjectNode source, long[] version) {
            for (Map.Entry<String, JsonNode> entry : source.properties()) {
                JsonNode value = entry.getValue();
                if (value == null || value.isNull()) {
                    continue;
                }
                String name = entry.getKey();
                if (value.isObject()) {
                    JsonNode existing = target.get(name);
                    ObjectNode compound = existing != null && existing.isObject() ? (ObjectNode) existing : newObject();
                    for (Map.Entry<String, JsonNode> component : value.properties()) {
                        if (component.getValue() != null && !component.getValue().isNull()
                                && newer(name + "." + component.getKey(), version)) {
                            compound.set(component.getKey(), component.getValue().deepCopy());
                            set(name + "." + component.getKey(), version);
                        }
                    }
                    if (compound.size() > 0) {
                        target.set(name, compound);
                    }
                } else if (newer(name, version)) {
                    target.set(name, value.deepCopy());
                    set(name, version);
                }
            }
        }

        /** Sets a field (or {@code Compound.Component}) to null unless a later change set it. */
        void setNull(ObjectNode fields, String name, long[] version) {
            if (!newer(name, version)) {
                return;
            }
            set(name, version);
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

        /** Drops the fields a CREATE does not carry that no change at or after it set. */
        void removeOlderThan(ObjectNode fields, long[] version, ObjectNode carried) {
            java.util.List<String> names = new java.util.ArrayList<>();
            fields.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.equals(DELETED_FIELD)) {
                    continue;
                }
                JsonNode value = fields.get(name);
                JsonNode carriedValue = carried.get(name);
                if (value.isObject()) {
                    ObjectNode compound = (ObjectNode) value;
                    java.util.List<String> components = new java.util.ArrayList<>();
                    compound.fieldNames().forEachRemaining(components::add);
                    for (String component : components) {
                        boolean isCarried = carriedValue != null && carriedValue.isObject() && carriedValue.hasNonNull(component);
                        if (!isCarried && newer(name + "." + component, version)) {
                            compound.remove(component);
                        }
                    }
                    if (compound.isEmpty()) {
                        fields.remove(name);
                    }
                } else if ((carriedValue == null || carriedValue.isNull()) && newer(name, version)) {
                    fields.remove(name);
                }
            }
        }

        void setDeleted(ObjectNode fields, boolean deleted, long[] version) {
            if (!newer(DELETED, version)) {
                return;
            }
            set(DELETED, version);
            if (deleted) {
                fields.set(DELETED_FIELD, BooleanNode.TRUE);
            } else {
                fields.remove(DELETED_FIELD);
            }
        }

        /** Records {@code version} under {@code key} if it is later than the one there. */
        private void raise(String key, long[] version) {
            if (newer(key, version)) {
                set(key, version);
            }
        }

        /** Whether {@code version} is later than the one that set {@code key} (always, if none did). */
        private boolean newer(String key, long[] version) {
            long[] known = get(key);
            return known == null || compare(version, known) > 0;
        }

        private long[] get(String key) {
            JsonNode node = json.get(key);
            return node == null || !node.isArray() || node.size() != 2 ? null : new long[] {node.get(0).asLong(), node.get(1).asLong()};
        }

        private void set(String key, long[] version) {
            json.putArray(key).add(version[0]).add(version[1]);
        }

        private static int compare(long[] a, long[] b) {
            int byCommit = Long.compare(a[0], b[0]);
            return byCommit != 0 ? byCommit : Long.compare(a[1], b[1]);
        }
    }

    private static CanonicalEvent event(CdcChange change, String recordId, ObjectNode fields, Instant asOf) {
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
                .setEventTime(asOf)
                .setAccountId(accountId)
                .setPayload(payload)
                .build();
    }

    private static String eventId(CdcChange change, String recordId) {
        return "sfdc:" + change.entityName() + ":" + change.replayId() + ":" + recordId;
    }

    /** The contract's state, or null while its account is not known (the state keeps accumulating). */
    private static CrmContract contract(CdcChange change, String recordId, ObjectNode fields, Instant asOf) {
        String accountId = text(fields, "AccountId");
        if (accountId == null) {
            return null;
        }
        String startDate = text(fields, "StartDate");
        String endDate = text(fields, "EndDate");
        return CrmContract.newBuilder()
                .setEventId(eventId(change, recordId))
                .setEventTime(asOf)
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

    /** Written with its fields in name order, so a record merged from its changes in any order is stored the same. */
    private static String write(ObjectNode fields) {
        try {
            return JsonFields.MAPPER.writeValueAsString(sorted(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e); // cannot happen for an ObjectNode
        }
    }

    private static ObjectNode sorted(ObjectNode fields) {
        ObjectNode out = newObject();
        new java.util.TreeMap<>(fields.properties().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).forEach((name, value) ->
                out.set(name, value.isObject() ? sorted((ObjectNode) value) : value));
        return out;
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
