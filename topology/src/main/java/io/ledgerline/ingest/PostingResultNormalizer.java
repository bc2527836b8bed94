package io.ledgerline.ingest;

import static io.ledgerline.ingest.JsonFields.optionalText;
import static io.ledgerline.ingest.JsonFields.requireText;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.canonical.PostingResult;
import io.ledgerline.canonical.PostingStatus;
import io.ledgerline.ingest.JsonFields.InvalidInput;

/**
 * Turns the ERP sink connector's result record
 * {@code {"entryId","status":"POSTED"|"REJECTED","erpDocumentNumber","reason","at"}} into a {@link PostingResult}.
 * Thread-safe, never throws on bad input.
 */
public final class PostingResultNormalizer {

    public NormalizeResult<PostingResult> normalize(byte[] json) {
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
            return NormalizeResult.accepted(PostingResult.newBuilder()
                    .setEntryId(entryId)
                    .setStatus(postingStatus)
                    .setErpDocumentNumber(optionalText(record, "erpDocumentNumber", ""))
                    .setReason(optionalText(record, "reason", ""))
                    .setAt(optionalText(record, "at", ""))
                    .build());
        } catch (InvalidInput e) {
            return NormalizeResult.rejected(context(entryId) + e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            return NormalizeResult.rejected(context(entryId) + "cannot be normalized: " + e, e);
        }
    }

    private static String context(String entryId) {
        return entryId == null ? "erp posting result: " : "erp posting result for entry " + entryId + ": ";
    }
}
