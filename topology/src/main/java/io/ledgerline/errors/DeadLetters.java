package io.ledgerline.errors;

import io.ledgerline.names.Topics;
import io.ledgerline.ops.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * How a dead letter keeps the record it stands for, so that it always fits into one record of
 * {@link Topics#MAX_RECORD_BYTES}: an original that fits is kept whole; a larger value keeps its first
 * {@link #KEPT_PREFIX_BYTES} bytes plus the full length and SHA-256, marked {@code truncated}, so it can still be
 * recognized and matched against the source file. Error texts are capped because they may quote the input.
 */
public final class DeadLetters {

    /** Room in a dead letter for everything but the original: error, source position, stage, Avro framing. */
    private static final int ENVELOPE_BYTES = 64 * 1024;
    /** The largest original (key and value together) a dead letter keeps whole. */
    public static final int MAX_WHOLE_ORIGINAL_BYTES = Topics.MAX_RECORD_BYTES - ENVELOPE_BYTES;
    /** How much of a larger original value is kept: enough to see what it was. */
    public static final int KEPT_PREFIX_BYTES = 64 * 1024;
    public static final int MAX_ERROR_CHARS = 4 * 1024;

    /**
     * Headers of a record that carries only the first bytes of a larger original (the export replayer sends a line
     * over the record limit this way rather than failing the run): the original's byte length and hex SHA-256.
     */
    public static final String ORIGINAL_LENGTH_HEADER = "ledgerline.original.length";
    public static final String ORIGINAL_SHA256_HEADER = "ledgerline.original.sha256";

    private DeadLetters() {
    }

    /** Sets key, value and the truncation fields of {@code letter} from the original record. */
    public static DeadLetter.Builder withOriginal(DeadLetter.Builder letter, byte[] key, byte[] value, Headers headers) {
        letter.setKey(key == null ? null : ByteBuffer.wrap(key));
        OptionalLong announcedLength = originalLength(headers);
        if (value != null && announcedLength.isPresent()) {
            return truncated(letter, value, announcedLength.getAsLong(), header(headers, ORIGINAL_SHA256_HEADER));
        }
        int keyLength = key == null ? 0 : key.length;
        if (value != null && (long) keyLength + value.length > MAX_WHOLE_ORIGINAL_BYTES) {
            return truncated(letter, value, value.length, sha256Hex(value));
        }
        return letter.setValue(value == null ? null : ByteBuffer.wrap(value));
    }

    private static DeadLetter.Builder truncated(DeadLetter.Builder letter, byte[] value, long length, String sha256) {
        return letter.setValue(ByteBuffer.wrap(Arrays.copyOf(value, Math.min(value.length, KEPT_PREFIX_BYTES))))
                .setTruncated(true)
                .setOriginalLength(length)
                .setOriginalSha256(sha256);
    }

    /** The error text, capped at {@link #MAX_ERROR_CHARS}. */
    public static String error(String message) {
        if (message.length() <= MAX_ERROR_CHARS) {
            return message;
        }
        return message.substring(0, MAX_ERROR_CHARS) + "... (" + message.length() + " characters in all)";
    }

    /** The length announced by {@link #ORIGINAL_LENGTH_HEADER}, if the record carries only a prefix of its original. */
    public static OptionalLong originalLength(Headers headers) {
        String length = header(headers, ORIGINAL_LENGTH_HEADER);
        if (length == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(length));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The headers that mark a record as the prefix of a larger original. */
    public static Header[] truncationHeaders(long originalLength, String sha256Hex) {
        return new Header[] {
                new RecordHeader(ORIGINAL_LENGTH_HEADER, Long.toString(originalLength).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(ORIGINAL_SHA256_HEADER, sha256Hex.getBytes(StandardCharsets.UTF_8))};
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
