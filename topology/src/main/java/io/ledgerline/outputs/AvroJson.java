package io.ledgerline.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders Avro records (generic or specific) as plain JSON with the field names of DESIGN.md: a union is rendered as
 * its value (no {@code {"string": ...}} wrapper as in Avro's own JSON encoding), null fields are left out, enums are
 * their symbol, bytes are base64 and longs are numbers. Timestamps ({@code timestamp-millis/micros}) are ISO-8601
 * instants and dates ISO dates, whether the record holds them as {@code long} (generic) or {@code java.time}
 * (specific), so both kinds of record render the same.
 */
public final class AvroJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static ObjectNode toJson(IndexedRecord record) {
        return (ObjectNode) render(record.getSchema(), record);
    }

    /** Renders any value of the given schema; {@code null} renders as JSON null. */
    public static JsonNode render(Schema schema, Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> record((IndexedRecord) value);
            case UNION -> render(branch(schema, value), value);
            case ENUM -> JSON.textNode(value instanceof GenericEnumSymbol<?> symbol ? symbol.toString()
                    : value instanceof Enum<?> e ? e.name() : value.toString());
            case ARRAY -> array(schema.getElementType(), (Collection<?>) value);
            case MAP -> map(schema.getValueType(), (Map<?, ?>) value);
            case STRING -> JSON.textNode(value.toString());
            case BYTES -> bytes(schema, value);
            case FIXED -> fixed(schema, value);
            case INT -> intValue(schema, value);
            case LONG -> longValue(schema, value);
            case FLOAT -> JSON.numberNode(((Number) value).floatValue());
            case DOUBLE -> JSON.numberNode(((Number) value).doubleValue());
            case BOOLEAN -> JSON.booleanNode((Boolean) value);
            case NULL -> JSON.nullNode();
        };
    }

    /**
     * The union branch a value belongs to. Resolved here rather than by {@code GenericData.resolveUnion} because a
     * specific record's logical-type values (e.g. {@code Instant}) are only known to its own generated data model.
     */
    private static Schema branch(Schema union, Object value) {
        Schema onlyNonNull = null;
        int nonNull = 0;
        for (Schema type : union.getTypes()) {
            if (type.getType() != Schema.Type.NULL) {
                onlyNonNull = type;
                nonNull++;
                if (matches(type, value)) {
                    return type;
                }
            }
        }
        if (nonNull == 1) {
            return onlyNonNull;
        }
        return union.getTypes().get(GenericData.get().resolveUnion(union, value));
    }

    private static boolean matches(Schema type, Object value) {
        return switch (type.getType()) {
            case RECORD -> value instanceof IndexedRecord r && r.getSchema().getFullName().equals(type.getFullName());
            case ENUM -> value instanceof GenericEnumSymbol<?> s ? s.getSchema().getFullName().equals(type.getFullName())
                    : value instanceof Enum<?> e && e.getDeclaringClass().getName().equals(type.getFullName());
            case FIXED -> value instanceof GenericFixed f && f.getSchema().getFullName().equals(type.getFullName());
            case STRING -> value instanceof CharSequence;
            case BYTES -> value instanceof ByteBuffer || value instanceof BigDecimal;
            case INT -> value instanceof Integer || value instanceof LocalDate || value instanceof LocalTime;
            case LONG -> value instanceof Long || value instanceof Instant || value instanceof LocalTime;
            case FLOAT -> value instanceof Float;
            case DOUBLE -> value instanceof Double;
            case BOOLEAN -> value instanceof Boolean;
            case ARRAY -> value instanceof Collection<?>;
            case MAP -> value instanceof Map<?, ?>;
            default -> false;
        };
    }

    private static ObjectNode record(IndexedRecord record) {
        ObjectNode node = JSON.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                node.set(field.name(), render(field.schema(), value));
            }
        }
        return node;
    }

    private static ArrayNode array(Schema elementType, Collection<?> values) {
        ArrayNode node = JSON.arrayNode(values.size());
        for (Object element : values) {
            node.add(render(elementType, element));
        }
        return node;
    }

    private static ObjectNode map(Schema valueType, Map<?, ?> values) {
        ObjectNode node = JSON.objectNode();
        // Avro map keys are CharSequence (Utf8 or String): key by their text.
        values.forEach((k, v) -> node.set(k.toString(), render(valueType, v)));
        return node;
    }

    private static JsonNode bytes(Schema schema, Object value) {
        if (value instanceof BigDecimal decimal) {
            return JSON.numberNode(decimal);
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate(); // leave the record's buffer position untouched
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return JSON.numberNode(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
        }
        return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
    }

    private static JsonNode fixed(Schema schema, Object value) {
        if (value instanceof BigDecimal decimal) {
            return JSON.numberNode(decimal);
        }
        byte[] bytes = ((GenericFixed) value).bytes();
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return JSON.numberNode(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
        }
        return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
    }

    private static JsonNode intValue(Schema schema, Object value) {
        LogicalType logical = schema.getLogicalType();
        if (value instanceof LocalDate date) {
            return JSON.textNode(date.toString());
        }
        if (value instanceof LocalTime time) {
            return JSON.textNode(time.toString());
        }
        if (logical instanceof LogicalTypes.Date) {
            return JSON.textNode(LocalDate.ofEpochDay(((Number) value).longValue()).toString());
        }
        return JSON.numberNode(((Number) value).intValue());
    }

    private static JsonNode longValue(Schema schema, Object value) {
        if (value instanceof Instant instant) {
            return JSON.textNode(instant.toString());
        }
        if (value instanceof LocalTime time) {
            return JSON.textNode(time.toString());
        }
        LogicalType logical = schema.getLogicalType();
        long number = ((Number) value).longValue();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return JSON.textNode(Instant.ofEpochMilli(number).toString());
        }
        if (logical instanceof LogicalTypes.TimestampMicros) {
            return JSON.textNode(Instant.EPOCH.plus(number, ChronoUnit.MICROS).toString());
        }
        return JSON.numberNode(number);
    }
}
