package io.ledgerline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.errors.DeadLetters;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.DeadLetter;
import io.ledgerline.runtime.ExportFileReplayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line of the hostile corpus ({@code src/test/resources/hostile}), split into records by the export replayer
 * and fed through the real decode step, has exactly the outcome {@code expected-outcomes.tsv} names: accepted,
 * ignored, or a dead letter that carries the line's original bytes and the expected error.
 */
class HostileInputTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile");

    record Expectation(String file, int line, String outcome, String detail) {
        @Override
        public String toString() {
            return file + ":" + line + " " + outcome + (detail.equals("-") ? "" : " \"" + detail + "\"");
        }
    }

    static Stream<Expectation> corpus() throws IOException {
        return Files.readAllLines(CORPUS.resolve("expected-outcomes.tsv"), StandardCharsets.UTF_8).stream()
                .filter(row -> !row.isBlank() && !row.startsWith("#"))
                .map(row -> row.split("\t", 4))
                .map(f -> new Expectation(f[0], Integer.parseInt(f[1]), f[2], f[3]));
    }

    private static final Map<String, List<ProducerRecord<byte[], byte[]>>> RECORDS = new HashMap<>();

    /** The records the replayer makes of a corpus file; the corpus has no blank lines, so record n is line n. */
    private static synchronized List<ProducerRecord<byte[], byte[]>> records(String file) {
        return RECORDS.computeIfAbsent(file, f -> {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            ExportFileReplayer.forEachRecord(CORPUS.resolve(f), RawDecodePath.of(f).topic(), records::add);
            return records;
        });
    }

    private static byte[] physicalLine(String file, int line) {
        try {
            byte[] bytes = Files.readAllBytes(CORPUS.resolve(file));
            int start = 0;
            for (int n = 1; n < line; n++) {
                start = indexOf(bytes, (byte) '\n', start) + 1;
            }
            return java.util.Arrays.copyOfRange(bytes, start, indexOf(bytes, (byte) '\n', start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyHostileLineHasItsExpectedOutcome(Expectation expected) {
        RawDecodePath<?> path = RawDecodePath.of(expected.file());
        List<ProducerRecord<byte[], byte[]>> records = records(expected.file());
        assertThat(records.size()).as("records of %s", expected.file()).isGreaterThanOrEqualTo(expected.line());
        ProducerRecord<byte[], byte[]> record = records.get(expected.line() - 1);
        byte[] original = physicalLine(expected.file(), expected.line());
        assertThat(record.value()).as("the replayer sends the line's bytes unchanged").isEqualTo(original);

        List<? extends Record<?, ? extends Decoded<?>>> forwarded =
                path.decode(record.key(), record.value(), record.headers(), expected.line() - 1);
        switch (expected.outcome()) {
            case "ACCEPTED" -> assertThat(forwarded).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.value()).isInstanceOf(Decoded.Valid.class));
            case "IGNORED" -> {
                assertThat(forwarded).isEmpty();
                NormalizeResult<?> result = path.normalizer().apply(record.value());
                assertThat(result).isInstanceOf(NormalizeResult.Ignored.class);
                assertThat(((NormalizeResult.Ignored<?>) result).reason()).contains(expected.detail());
            }
            case "DEAD_LETTER" -> {
                assertThat(forwarded).hasSize(1);
                assertThat(forwarded.get(0).value()).isInstanceOf(Decoded.Dead.class);
                DeadLetter letter = ((Decoded.Dead<?>) forwarded.get(0).value()).letter();
                assertThat(letter.getError()).contains(expected.detail());
                assertThat(bytes(letter.getValue())).isEqualTo(original);
                assertThat(letter.getTruncated()).isFalse();
                assertThat(letter.getSourceTopic()).isEqualTo(path.topic());
                assertThat(letter.getSourceOffset()).isEqualTo(expected.line() - 1L);
            }
            default -> throw new IllegalArgumentException("unknown outcome " + expected.outcome());
        }
    }

    @Test
    void everyCorpusFileIsCoveredLineByLine() throws IOException {
        Map<String, Long> expectedLines = new HashMap<>();
        corpus().forEach(e -> expectedLines.merge(e.file(), 1L, Long::sum));
        assertThat(expectedLines).containsOnlyKeys(ExportFileReplayer.SALESFORCE_CDC_FILE, ExportFileReplayer.STRIPE_EVENTS_FILE,
                ExportFileReplayer.ERP_MASTERDATA_FILE, ExportFileReplayer.ERP_POSTING_RESULTS_FILE);
        expectedLines.forEach((file, lines) -> assertThat((long) records(file).size()).as(file).isEqualTo(lines));
        assertThat(corpus().filter(e -> !e.outcome().equals("ACCEPTED")).count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void emptyAndNullRecordsAreDeadLetters() {
        RawDecodePath<?> stripe = RawDecodePath.of(ExportFileReplayer.STRIPE_EVENTS_FILE);
        assertThat(deadLetter(stripe, new byte[0]).getError()).isEqualTo("stripe event: empty record (no JSON document)");
        DeadLetter noValue = deadLetter(stripe, null);
        assertThat(noValue.getError()).isEqualTo("record has no value");
        assertThat(noValue.getValue()).isNull();
    }

    @Test
    void aLineJustUnderOneMegabyteIsDeadLetteredWholeAndTheLetterFitsARecord() {
        byte[] line = invalidLineOf(1024 * 1024 - 1);
        DeadLetter letter = deadLetter(RawDecodePath.of(ExportFileReplayer.STRIPE_EVENTS_FILE), line);
        assertThat(letter.getTruncated()).isFalse();
        assertThat(bytes(letter.getValue())).isEqualTo(line);
        assertThat(letter.getError().length()).isLessThanOrEqualTo(DeadLetters.MAX_ERROR_CHARS + 40);
        assertFitsARecord(letter);
    }

    @Test
    void aRecordTooLargeToKeepWholeKeepsAPrefixItsLengthAndItsHash() {
        byte[] value = invalidLineOf(DeadLetters.MAX_WHOLE_ORIGINAL_BYTES + 1);
        DeadLetter letter = deadLetter(RawDecodePath.of(ExportFileReplayer.ERP_MASTERDATA_FILE), value);
        assertThat(letter.getTruncated()).isTrue();
        assertThat(letter.getOriginalLength()).isEqualTo(value.length);
        assertThat(letter.getOriginalSha256()).isEqualTo(DeadLetters.sha256Hex(value));
        assertThat(bytes(letter.getValue())).isEqualTo(java.util.Arrays.copyOf(value, DeadLetters.KEPT_PREFIX_BYTES));
        assertFitsARecord(letter);
    }

    @Test
    void aLineOverTheRecordLimitIsReplayedAsAPrefixAndBecomesATruncatedDeadLetter(@TempDir Path dir) throws IOException {
        byte[] huge = invalidLineOf(Topics.MAX_RECORD_BYTES + 5);
        Path file = dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE);
        try (var out = Files.newOutputStream(file)) {
            out.write("{\"id\":\"evt_small\"}\n".getBytes(StandardCharsets.UTF_8));
            out.write(huge);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"id\":\"evt_after\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        assertThat(ExportFileReplayer.forEachRecord(file, Topics.RAW_BILLING_EVENTS, records::add)).isEqualTo(3);
        ProducerRecord<byte[], byte[]> prefix = records.get(1);
        assertThat(prefix.value()).hasSize(DeadLetters.KEPT_PREFIX_BYTES);
        assertThat(new String(records.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"evt_after\"}");

        RawDecodePath<?> stripe = RawDecodePath.of(ExportFileReplayer.STRIPE_EVENTS_FILE);
        DeadLetter letter = ((Decoded.Dead<?>) stripe.decode(null, prefix.value(), prefix.headers(), 1).get(0).value()).letter();
        assertThat(letter.getError()).isEqualTo("record of " + huge.length + " bytes exceeds the limit of "
                + Topics.MAX_RECORD_BYTES + " bytes; only its first " + DeadLetters.KEPT_PREFIX_BYTES + " bytes were delivered");
        assertThat(letter.getTruncated()).isTrue();
        assertThat(letter.getOriginalLength()).isEqualTo(huge.length);
        assertThat(letter.getOriginalSha256()).as("hash of the line without its \\r\\n").isEqualTo(DeadLetters.sha256Hex(huge));
        assertThat(bytes(letter.getValue())).isEqualTo(java.util.Arrays.copyOf(huge, DeadLetters.KEPT_PREFIX_BYTES));
    }

    @Test
    void exportLinesEndAtLineFeedsOnlyAndKeepABareCarriageReturn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE);
        Files.write(file, "one\rstill one\r\ntwo\n\n   \nthree\r\rthree\n\rfour".getBytes(StandardCharsets.UTF_8));
        List<String> values = new ArrayList<>();
        ExportFileReplayer.forEachRecord(file, Topics.RAW_BILLING_EVENTS,
                r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(values).containsExactly("one\rstill one", "two", "three\r\rthree", "\rfour");
    }

    @Test
    void aValidInvoiceWithABareCarriageReturnBetweenTokensIsOneAcceptedRecord(@TempDir Path dir) throws IOException {
        String invoice = Fixtures.stripeEvent("invoice.finalized", "in_Acme0001").replace(",\"data\":", ",\r\"data\":");
        Path file = dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE);
        Files.writeString(file, invoice + "\n", StandardCharsets.UTF_8);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        ExportFileReplayer.forEachRecord(file, Topics.RAW_BILLING_EVENTS, records::add);
        assertThat(records).hasSize(1);
        assertThat(RawDecodePath.of(ExportFileReplayer.STRIPE_EVENTS_FILE).decode(null, records.get(0).value(), new RecordHeaders(), 0))
                .singleElement().satisfies(r -> assertThat(r.value()).isInstanceOf(Decoded.Valid.class));
    }

    @Test
    void anEventFarAheadOfTheWallClockIsBusinessDataNotBadInput() {
        long farAhead = RawDecodePath.WALL_CLOCK.getEpochSecond() + 365L * 24 * 3600;
        String refund = Fixtures.stripeEvent("refund.created", "re_Dunmore0001")
                .replace("\"created\":1781517600,\"type\"", "\"created\":" + farAhead + ",\"type\"");
        assertThat(RawDecodePath.of(ExportFileReplayer.STRIPE_EVENTS_FILE).decode(null, refund.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), 0))
                .singleElement().satisfies(r -> {
                    assertThat(r.value()).isInstanceOf(Decoded.Valid.class);
                    assertThat(r.timestamp()).isEqualTo(farAhead * 1000);
                });
        assertThat(Topics.REQUIRED_TOPIC_CONFIG).containsEntry("message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
    }

    /** Not JSON, so every source rejects it, and the error quotes some of it. */
    private static byte[] invalidLineOf(int length) {
        byte[] line = new byte[length];
        java.util.Arrays.fill(line, (byte) 'x');
        return line;
    }

    private static DeadLetter deadLetter(RawDecodePath<?> path, byte[] value) {
        List<? extends Record<?, ? extends Decoded<?>>> forwarded = path.decode(null, value, new RecordHeaders(), 7);
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).value()).isInstanceOf(Decoded.Dead.class);
        return ((Decoded.Dead<?>) forwarded.get(0).value()).letter();
    }

    private static void assertFitsARecord(DeadLetter letter) {
        try {
            // the Avro body; the wire format adds 5 bytes and the record framing well under 1 KiB
            assertThat(letter.toByteBuffer().remaining()).isLessThanOrEqualTo(Topics.MAX_RECORD_BYTES - 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
