package io.ledgerline.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * JSON reading helpers shared by the normalizers. Every accessor takes the parent node, the field name and the
 * JSON path of the parent (for error messages, e.g. {@code "data.object"}); the path string is only concatenated
 * on the error path. Violations throw {@link InvalidInput} (stack-trace free), which each normalizer turns into
 * {@link NormalizeResult.Rejected} at its single catch site, so the happy path never builds an exception.
 */
final class JsonFields {

    /**
     * One mapper for all ingest parsing: floats become {@link BigDecimal} (never double), duplicate keys and
     * trailing garbage are errors (a money document with two "amount" keys must not be guessed at). Decimals keep
     * their scale as written ({@code 1.0800} stays {@code 1.0800}, not {@code 1.08}).
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonFields() {
    }

    /** Invalid input; the message says what is wrong and where. Carries no stack trace of its own. */
    static final class InvalidInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidInput(String message) {
            this(message, null);
        }

        InvalidInput(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * Parses {@code bytes} as one JSON object. The bytes must be valid UTF-8 (a replacement character would silently
     * change a name or an id); a leading byte-order mark, which some ERP exports write, is skipped.
     */
    static ObjectNode readObject(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInput("empty record (no JSON document)");
        }
        String text = utf8(bytes);
        if (text.startsWith(BYTE_ORDER_MARK)) {
            text = text.substring(BYTE_ORDER_MARK.length());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInput("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInput("empty record (no JSON document)");
        }
        if (!root.isObject()) {
            throw new InvalidInput("expected a JSON object but got " + describe(root));
        }
        return (ObjectNode) root;
    }

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    /** Decodes strict UTF-8, naming the offset of the first malformed byte. */
    private static String utf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidInput("not valid UTF-8: malformed byte sequence at byte offset " + in.position()
                    + " (0x" + HexFormat.of().toHexDigits(bytes[in.position()]) + ")");
        }
        return out.flip().toString();
    }

    static String path(String parentPath, String field) {
        return parentPath == null || parentPath.isEmpty() ? field : parentPath + "." + field;
    }

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** A required non-blank string (an integral number is accepted and rendered as text, e.g. numeric ERP ids). */
    static String requireText(JsonNode parent, String field, String parentPath) {
        String value = optionalText(parent, field, parentPath);
        if (value == null) {
            throw new InvalidInput(path(parentPath, field) + " missing");
        }
        if (value.isBlank()) {
            throw new InvalidInput(path(parentPath, field) + " is blank");
        }
        return value;
    }

    /** An optional string: null when absent or JSON null. */
    static String optionalText(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        throw new InvalidInput(path(parentPath, field) + " must be a string but is " + describe(node));
    }

    /**
     * A Stripe expandable reference: either the id string or the expanded object carrying {@code id}. Null when
     * absent.
     */
    static String optionalId(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (node != null && node.isObject()) {
            return requireText(node, "id", path(parentPath, field));
        }
        return optionalText(parent, field, parentPath);
    }

    static String requireId(JsonNode parent, String field, String parentPath) {
        String id = optionalId(parent, field, parentPath);
        if (id == null) {
            throw new InvalidInput(path(parentPath, field) + " missing");
        }
        if (id.isBlank()) {
            throw new InvalidInput(path(parentPath, field) + " is blank");
        }
        return id;
    }

    static long requireLong(JsonNode parent, String field, String parentPath) {
        Long value = optionalLong(parent, field, parentPath);
        if (value == null) {
            throw new InvalidInput(path(parentPath, field) + " missing");
        }
        return value;
    }

    /** An optional integer (JSON integer within long range); null when absent or JSON null. */
    static Long optionalLong(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        throw new InvalidInput(path(parentPath, field) + " must be an integer but is " + describe(node));
    }

    static Boolean optionalBoolean(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw new InvalidInput(path(parentPath, field) + " must be true or false but is " + describe(node));
    }

    /** An optional decimal (JSON number, or a string holding one); null when absent. Never goes through double. */
    static BigDecimal optionalDecimal(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            BigDecimal parsed = parseDecimal(node.textValue());
            if (parsed != null) {
                return parsed;
            }
        }
        throw new InvalidInput(path(parentPath, field) + " must be a decimal number but is " + describe(node));
    }

    /** Parses a plain decimal string (digits, optional sign, optional fraction, optional exponent); null if invalid. */
    static BigDecimal parseDecimal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        // cheap pre-check so the common invalid cases don't throw
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return null;
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ObjectNode requireObject(JsonNode parent, String field, String parentPath) {
        ObjectNode node = optionalObject(parent, field, parentPath);
        if (node == null) {
            throw new InvalidInput(path(parentPath, field) + " missing");
        }
        return node;
    }

    static ObjectNode optionalObject(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return null;
        }
        if (node.isObject()) {
            return (ObjectNode) node;
        }
        throw new InvalidInput(path(parentPath, field) + " must be an object but is " + describe(node));
    }

    /** An optional array; an empty node (never null) when absent or JSON null. */
    static JsonNode optionalArray(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return MAPPER.getNodeFactory().arrayNode(0);
        }
        if (node.isArray()) {
            return node;
        }
        throw new InvalidInput(path(parentPath, field) + " must be an array but is " + describe(node));
    }

    static JsonNode requireArray(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            throw new InvalidInput(path(parentPath, field) + " missing");
        }
        return optionalArray(parent, field, parentPath);
    }

    static long secondsToMillis(long epochSeconds) {
        return Math.multiplyExact(epochSeconds, 1000L);
    }

    /** 9999-12-31T23:59:59Z: beyond it a time is not a date any system of ours can hold. */
    private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    /** A required Unix timestamp in seconds, as an Instant with millisecond precision. */
    static Instant requireEpochSeconds(JsonNode parent, String field, String parentPath) {
        return epochSeconds(requireLong(parent, field, parentPath), path(parentPath, field));
    }

    /** An optional Unix timestamp in seconds; null when absent or JSON null. */
    static Instant optionalEpochSeconds(JsonNode parent, String field, String parentPath) {
        Long seconds = optionalLong(parent, field, parentPath);
        return seconds == null ? null : epochSeconds(seconds, path(parentPath, field));
    }

    private static Instant epochSeconds(long seconds, String fieldPath) {
        if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
            throw new InvalidInput(fieldPath + " " + seconds + " is not a Unix time in seconds between "
                    + "1970 and 9999");
        }
        return Instant.ofEpochMilli(secondsToMillis(seconds));
    }

    /** A required amount in minor units that cannot be negative (a payment, a refund, a discount). */
    static long requireNonNegativeAmount(JsonNode parent, String field, String parentPath) {
        long amount = requireLong(parent, field, parentPath);
        if (amount < 0) {
            throw new InvalidInput(path(parentPath, field) + " " + amount + " must not be negative");
        }
        return amount;
    }

    /** Sum of the non-negative integer {@code amount} of every element of an array node (Stripe discount_amounts). */
    static long sumAmounts(JsonNode array, String arrayPath) {
        long sum = 0;
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                throw new InvalidInput(arrayPath + "[" + i + "] must be an object but is " + describe(element));
            }
            sum = Math.addExact(sum, requireNonNegativeAmount(element, "amount", arrayPath + "[" + i + "]"));
        }
        return sum;
    }

    /**
     * The upper-case code of a required currency field. Any three letters are passed on, also a code Ledgerline has
     * no minor unit for: the core parks such an event as UNKNOWN_CURRENCY, where an operator sees it with its context.
     */
    static String requireCurrency(JsonNode parent, String field, String parentPath) {
        String code = requireText(parent, field, parentPath);
        if (code.length() != 3 || !isAsciiLetters(code)) {
            throw new InvalidInput(path(parentPath, field) + " '" + code + "' is not a three-letter currency code");
        }
        return code.toUpperCase(Locale.ROOT);
    }

    private static boolean isAsciiLetters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /** Short description of a node for error messages. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isNull()) {
            return "null";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        if (node.isValueNode()) {
            String text = node.toString();
            if (text.length() > 40) {
                text = text.substring(0, 40) + "...";
            }
            return type + " " + text;
        }
        return type;
    }
}
