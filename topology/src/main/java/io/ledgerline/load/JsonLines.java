package io.ledgerline.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders one JSON document per line with Jackson's streaming generator into a reused buffer. Not thread-safe. */
final class JsonLines {

    /** Salesforce's timestamp form: {@code 2026-01-05T09:00:00.000Z}. */
    static final DateTimeFormatter SALESFORCE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonFactory FACTORY = new JsonFactory()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setRootValueSeparator(null);

    /** Writes the document's content on {@code out}. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    private final StringBuilder buffer = new StringBuilder(8 * 1024);
    private final Writer writer = new Writer() {
        @Override
        public void write(char[] chars, int offset, int length) {
            buffer.append(chars, offset, length);
        }

        @Override
        public void write(String s, int offset, int length) {
            buffer.append(s, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** One generator for every line: its buffers are reused, each document is flushed into {@link #buffer}. */
    private final JsonGenerator generator;

    JsonLines() {
        try {
            generator = FACTORY.createGenerator(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(Body body) {
        buffer.setLength(0);
        try {
            body.write(generator);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    static String salesforceTime(long epochSecond) {
        return SALESFORCE_TIME.format(Instant.ofEpochSecond(epochSecond));
    }

    static void decimal(JsonGenerator out, String field, BigDecimal value) throws IOException {
        out.writeFieldName(field);
        out.writeNumber(value);
    }
}
