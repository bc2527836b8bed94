package io.ledgerline.glinterface;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One journal entry as the rows of an ERP's GL interface tables: a header row per entry and a line row per journal
 * line, numbered from 1 in the entry's order. Each row is a Kafka Connect JSON document with its schema
 * ({@code {"schema": ..., "payload": ...}}, what Connect's {@code JsonConverter} reads with
 * {@code schemas.enable=true}), so any JDBC sink connector can write it without a schema registry. Column names are
 * snake_case, as a finance team's staging schema has them (deploy/sql/gl_interface.sql).
 *
 * <p>Both row kinds carry their whole primary key (header: {@code entry_id}; line: {@code entry_id, line_no}), so an
 * upsert on it makes a redelivered entry overwrite itself instead of posting twice: entries are immutable and their
 * ids deterministic, so a redelivery carries the same rows. The header's {@code line_count} and control totals let the
 * ERP's import take an entry only once all its lines have arrived (headers and lines travel on two topics).
 */
public final class GlInterfaceRows {

    /** Scale of {@code exchange_rate}: at least this many decimals, more if a rate has them (nothing is rounded). */
    static final int RATE_SCALE = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GlInterfaceRows() {
    }

    /** A row: its key on the topic (also its primary key) and its Connect JSON document. */
    public record Row(String key, String json) {
    }

    public static Row header(JournalEntry entry) {
        Fields f = new Fields("io.ledgerline.glinterface.JournalHeader");
        long debit = 0;
        long credit = 0;
        long functionalDebit = 0;
        long functionalCredit = 0;
        for (JournalLine line : entry.getLines()) {
            if (line.getSide() == Side.DEBIT) {
                debit += line.getAmountMinor();
                functionalDebit += line.getFunctionalAmountMinor();
            } else {
                credit += line.getAmountMinor();
                functionalCredit += line.getFunctionalAmountMinor();
            }
        }
        f.string("entry_id", entry.getEntryId(), false);
        f.string("entry_type", entry.getEntryType().name(), false);
        f.string("legal_entity", entry.getLegalEntity(), false);
        f.string("erp", entry.getErp(), false);
        f.date("posting_date", LocalDate.parse(entry.getPostingDate()));
        f.string("posting_period", entry.getPostingPeriod(), false);
        f.string("original_period", entry.getOriginalPeriod(), true);
        f.string("currency", entry.getCurrency(), false);
        f.string("functional_currency", entry.getFunctionalCurrency(), false);
        f.decimal("exchange_rate", new BigDecimal(entry.getExchangeRate()));
        f.string("correlation_id", entry.getCorrelationId(), false);
        f.string("reverses_entry_id", entry.getReversesEntryId(), true);
        f.string("account_id", entry.getAccountId(), true);
        f.string("source_system", entry.getSource().getSystem(), false);
        f.string("source_object_type", entry.getSource().getObjectType(), false);
        f.string("source_object_id", entry.getSource().getObjectId(), false);
        f.string("source_event_id", entry.getSource().getEventId(), false);
        f.int32("line_count", entry.getLines().size());
        f.int64("total_debit_minor", debit, false);
        f.int64("total_credit_minor", credit, false);
        f.int64("functional_total_debit_minor", functionalDebit, false);
        f.int64("functional_total_credit_minor", functionalCredit, false);
        return new Row(entry.getEntryId(), f.render());
    }

    public static List<Row> lines(JournalEntry entry) {
        List<Row> rows = new ArrayList<>(entry.getLines().size());
        int lineNo = 0;
        for (JournalLine line : entry.getLines()) {
            lineNo++;
            Fields f = new Fields("io.ledgerline.glinterface.JournalLine");
            f.string("entry_id", entry.getEntryId(), false);
            f.int32("line_no", lineNo);
            f.string("legal_entity", entry.getLegalEntity(), false);
            f.string("role", line.getRole(), false);
            f.string("account_code", line.getAccountCode(), false);
            f.string("side", line.getSide().name(), false);
            f.string("currency", entry.getCurrency(), false);
            f.int64("amount_minor", line.getAmountMinor(), false);
            f.string("functional_currency", entry.getFunctionalCurrency(), false);
            f.int64("functional_amount_minor", line.getFunctionalAmountMinor(), false);
            f.string("product_id", line.getProductId(), true);
            f.string("customer_id", line.getCustomerId(), true);
            f.string("memo", line.getMemo(), true);
            f.int64("quantity", line.getQuantity(), true);
            f.string("service_period_start", line.getServicePeriodStart(), true);
            f.string("service_period_end", line.getServicePeriodEnd(), true);
            rows.add(new Row(entry.getEntryId() + "/" + lineNo, f.render()));
        }
        return rows;
    }

    /** A Connect struct schema and its payload, built field by field. */
    private static final class Fields {
        private final ObjectNode schema = NODES.objectNode();
        private final ArrayNode fields;
        private final ObjectNode payload = NODES.objectNode();

        Fields(String name) {
            schema.put("type", "struct");
            fields = schema.putArray("fields");
            schema.put("optional", false);
            schema.put("name", name);
        }

        private ObjectNode field(String name, String type, boolean optional) {
            ObjectNode field = fields.addObject();
            field.put("field", name);
            field.put("type", type);
            field.put("optional", optional);
            return field;
        }

        void string(String name, CharSequence value, boolean optional) {
            if (value == null && !optional) {
                throw new IllegalArgumentException(name + " is required");
            }
            field(name, "string", optional);
            payload.put(name, value == null ? null : value.toString());
        }

        void int32(String name, int value) {
            field(name, "int32", false);
            payload.put(name, value);
        }

        void int64(String name, Long value, boolean optional) {
            field(name, "int64", optional);
            payload.put(name, value);
        }

        void date(String name, LocalDate value) {
            ObjectNode field = field(name, "int32", false);
            field.put("name", "org.apache.kafka.connect.data.Date");
            field.put("version", 1);
            payload.put(name, (int) value.toEpochDay());
        }

        void decimal(String name, BigDecimal value) {
            BigDecimal scaled = value.setScale(Math.max(RATE_SCALE, value.scale()));
            ObjectNode field = field(name, "bytes", false);
            field.put("name", "org.apache.kafka.connect.data.Decimal");
            field.put("version", 1);
            field.putObject("parameters").put("scale", Integer.toString(scaled.scale()));
            payload.put(name, Base64.getEncoder().encodeToString(scaled.unscaledValue().toByteArray()));
        }

        String render() {
            ObjectNode document = NODES.objectNode();
            document.set("schema", schema);
            document.set("payload", payload);
            try {
                return JSON.writeValueAsString(document);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
