package io.ledgerline.ingest;

import static io.ledgerline.ingest.JsonFields.optionalText;
import static io.ledgerline.ingest.JsonFields.requireArray;
import static io.ledgerline.ingest.JsonFields.requireLong;
import static io.ledgerline.ingest.JsonFields.requireObject;
import static io.ledgerline.ingest.JsonFields.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.ingest.JsonFields.InvalidInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a Salesforce CDC record as the Streaming-API JSON the source connector writes:
 * {@code {"schema":..,"payload":{"ChangeEventHeader":{..},<fields>},"event":{"replayId":N}}}.
 *
 * <p>Only decodes and validates the header; merging deltas into full record state is {@link CrmRecordMerger}'s job.
 * Thread-safe and stateless. Never throws on bad input.
 */
public final class SalesforceCdcDecoder {

    private static final String HEADER = "ChangeEventHeader";
    private static final String HEADER_PATH = "payload." + HEADER;

    public NormalizeResult<CdcChange> decode(byte[] json) {
        ObjectNode root;
        try {
            root = JsonFields.readObject(json);
        } catch (InvalidInput e) {
            return NormalizeResult.rejected("salesforce cdc event: " + e.getMessage(), e.getCause());
        }
        String entity = null;
        try {
            ObjectNode payload = requireObject(root, "payload", "");
            ObjectNode header = requireObject(payload, HEADER, "payload");
            entity = requireText(header, "entityName", HEADER_PATH);
            String changeType = requireText(header, "changeType", HEADER_PATH);
            if (!CdcChange.CHANGE_TYPES.contains(changeType)) {
                throw new InvalidInput(HEADER_PATH + ".changeType '" + changeType + "' is not a CDC change type");
            }
            List<String> recordIds = strings(header, "recordIds", true);
            if (recordIds.isEmpty()) {
                throw new InvalidInput(HEADER_PATH + ".recordIds is empty");
            }
            long commitTimestamp = requireLong(header, "commitTimestamp", HEADER_PATH);
            long sequence = requireLong(header, "sequenceNumber", HEADER_PATH);
            if (sequence < Integer.MIN_VALUE || sequence > Integer.MAX_VALUE) {
                throw new InvalidInput(HEADER_PATH + ".sequenceNumber " + sequence + " is out of range");
            }
            long replayId = replayId(root);

            // the parsed tree is ours alone: the payload minus its header is the field values
            payload.remove(HEADER);
            ObjectNode fields = payload;
            return NormalizeResult.accepted(new CdcChange(
                    entity,
                    recordIds,
                    changeType,
                    strings(header, "changedFields", false),
                    strings(header, "nulledFields", false),
                    commitTimestamp,
                    optionalText(header, "transactionKey", HEADER_PATH),
                    (int) sequence,
                    replayId,
                    fields));
        } catch (InvalidInput e) {
            return NormalizeResult.rejected(context(entity) + e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            return NormalizeResult.rejected(context(entity) + "cannot be decoded: " + e, e);
        }
    }

    private static String context(String entity) {
        return entity == null ? "salesforce cdc event: " : "salesforce cdc event (" + entity + "): ";
    }

    /** event.replayId: a JSON integer, or a string of digits. */
    private static long replayId(ObjectNode root) {
        ObjectNode event = requireObject(root, "event", "");
        JsonNode node = event.get("replayId");
        if (node != null && node.isTextual()) {
            String text = node.textValue();
            long value = 0;
            boolean digits = !text.isEmpty() && text.length() <= 18;
            for (int i = 0; digits && i < text.length(); i++) {
                char c = text.charAt(i);
                digits = c >= '0' && c <= '9';
                value = value * 10 + (c - '0');
            }
            if (!digits) {
                throw new InvalidInput("event.replayId must be an integer but is " + JsonFields.describe(node));
            }
            return value;
        }
        return requireLong(event, "replayId", "event");
    }

    private static List<String> strings(ObjectNode header, String field, boolean required) {
        JsonNode array = required ? requireArray(header, field, HEADER_PATH) : JsonFields.optionalArray(header, field, HEADER_PATH);
        if (array.isEmpty()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            if (!value.isTextual() || value.textValue().isBlank()) {
                throw new InvalidInput(HEADER_PATH + "." + field + "[" + i + "] must be a non-blank string but is "
                        + JsonFields.describe(value));
            }
            values.add(value.textValue());
        }
        return values;
    }
}
