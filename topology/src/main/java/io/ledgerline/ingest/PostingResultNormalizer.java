package io.ledgerline.ingest;

import static io.ledgerline.ingest.JsonFields.optionalText;
import static io.ledgerline.ingest.JsonFields.requireText;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.PostingResult;
import io.ledgerline.canonical.PostingStatus;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.ingest.JsonFields.InvalidInput;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Turns the ERP sink connector's result record
 * {@code {"entryId","status":"POSTED"|"REJECTED","erpDocumentNumber","reason","at"}} (and optionally the
 * {@code amountMinor} it posted, compared with the entry's debits by reconciliation) into a canonical event carrying a
 * {@link PostingResult}. {@code at} is required: the result dated last decides an entry's status. The event id names
 * the entry, the outcome and its time, so a redelivered result is a duplicate and a second outcome is an event of its
 * own. Thread-safe, never throws on bad input.
 */
public final class PostingResultNormalizer {

    public NormalizeResult<CanonicalEvent> normalize(byte[] json) {
        ObjectNode record;
        try {
            record = JsonFields.readObject(json);
        } catch (InvalidInput e) {
            return NormalizeResult.rejected("erp posting result: " + e.getMessage(), e.getCause());
        }
        String entryId = null;
        try {
            entryId = requireText(record, "entryId", "");
            String status = requireText(record, "status", "");
            PostingStatus postingStatus = switch (status) {
                case "POSTED" -> PostingStatus.POSTED;
                case "REJECTED" -> PostingStatus.REJECTED;
                default -> throw new InvalidInput("status '" + status + "' is neither POSTED nor REJECTED");
            };
            String documentNumber = optionalText(record, "erpDocumentNumber", "");
            // a posting the ERP confirms without a document cannot be reconciled against the ERP's books
            if (postingStatus == PostingStatus.POSTED && (documentNumber == null || documentNumber.isBlank())) {
                throw new InvalidInput("status POSTED needs an erpDocumentNumber");
            }
            String at = timestamp(record);
            PostingResult result = PostingResult.newBuilder()
                    .setEntryId(entryId)
                    .setStatus(postingStatus)
                    .setErpDocumentNumber(documentNumber)
                    .setReason(optionalText(record, "reason", ""))
                    .setAt(at)
                    .setAmountMinor(amount(record))
                    .build();
            return NormalizeResult.accepted(CanonicalEvent.newBuilder()
                    .setEventId("erp:posting-result:" + entryId + ":" + status + ":" + at)
                    .setSourceSystem(SourceSystem.ERP)
                    .setEventType("erp.posting_result." + status.toLowerCase(Locale.ROOT))
                    .setEventTime(OffsetDateTime.parse(at).toInstant())
                    .setAccountId(null)
                    .setPayload(result)
                    .build());
        } catch (InvalidInput e) {
            return NormalizeResult.rejected(context(entryId) + e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            return NormalizeResult.rejected(context(entryId) + "cannot be normalized: " + e, e);
        }
    }

    /** The optional {@code amountMinor} the ERP says it posted: a non-negative integer in minor units. */
    private static Long amount(ObjectNode record) {
        Long amount = JsonFields.optionalLong(record, "amountMinor", "");
        if (amount != null && amount < 0) {
            throw new InvalidInput("amountMinor must not be negative");
        }
        return amount;
    }

    /** {@code at} as written, after checking it is an ISO-8601 date-time with an offset (e.g. 2026-01-15T10:00:00Z). */
    private static String timestamp(ObjectNode record) {
        String at = requireText(record, "at", "");
        try {
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("at '" + at + "' is not an ISO-8601 date-time with an offset");
        }
        return at;
    }

    private static String context(String entryId) {
        return entryId == null ? "erp posting result: " : "erp posting result for entry " + entryId + ": ";
    }
}
