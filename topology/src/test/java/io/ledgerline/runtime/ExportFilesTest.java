package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ERPs and the default as-of that the runtime derives from export files agree with what the topology decodes. */
class ExportFilesTest {

    private static final Path BASIC = Path.of("../fixtures/basic");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The latest event of fixtures/basic: refund.created evt_62be7bf2b837dcd082abd1d5. */
    private static final Instant BASIC_LATEST = Instant.ofEpochSecond(1_781_517_600L);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void erpsAreThoseOfLegalEntitiesTheNormalizerAccepts() throws IOException {
        Path masterdata = dir.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE);
        Files.write(masterdata, List.of(
                legalEntity("LE-US", " NetSuite "),
                legalEntity("LE-DE", "sap"),
                legalEntity("LE-FR", "Net Suite"),           // cannot name a topic: dead-lettered
                legalEntity("LE-IT", "erp.journal"),         // neither
                legalEntity("LE-ES", "9erp"),                // neither
                legalEntity("LE-NL", ""),
                "{\"type\":\"legal_entity\",\"legalEntity\":\"LE-BE\",\"erp\":\"oracle\"}", // no currency: dead-lettered
                "{\"type\":\"legal_entity\",\"legalEntity\":\"LE-AT\",\"erp\":",  // not JSON
                "",
                "{\"type\":\"product_mapping\",\"productId\":\"p\",\"recognition\":\"RATABLE\",\"erp\":\"dynamics\"}"),
                StandardCharsets.UTF_8);

        assertThat(ExportFiles.erpsOf(masterdata)).containsExactly("netsuite", "sap");
        assertThat(ExportFiles.erpsOf(BASIC.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE)))
                .containsExactly("netsuite", "sap");
    }

    @Test
    void theLatestEventTimeOfTheBasicFixtures() {
        assertThat(ExportFiles.latestEventTime(BASIC, NOW)).contains(BASIC_LATEST);
    }

    @Test
    void eventsThatWillBeDeadLetteredDoNotMoveTheLatestEventTime() throws IOException {
        Path input = copyOfBasic();
        List<String> stripe = new ArrayList<>();
        // booked like any event, but more than 1 h ahead of the wall clock: months after now have not ended
        stripe.add(refundAt("evt_year_2100", Instant.parse("2100-01-01T00:00:00Z").getEpochSecond()));
        stripe.add(refundAt("evt_just_too_late", NOW.plusSeconds(3601).getEpochSecond()));
        // created * 1000 overflows a long: rejected by the normalizer, never multiplied here
        stripe.add(refundAt("evt_overflow", Long.MAX_VALUE / 10));
        stripe.add(refundAt("evt_negative", -5));
        stripe.add(refundAt("evt_text", 0).replace("\"created\":0", "\"created\":\"soon\""));
        // valid JSON with a late time, but not an event Ledgerline decodes
        stripe.add("{\"id\":\"evt_junk\",\"created\":" + NOW.getEpochSecond() + "}");
        stripe.add(refundAt("evt_unused_type", NOW.getEpochSecond()).replace("refund.created", "balance.available"));
        append(input.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), stripe);
        append(input.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE), List.of(
                cdcAt(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()),
                "{\"payload\":{\"ChangeEventHeader\":{\"commitTimestamp\":" + NOW.toEpochMilli() + "}}}"));

        assertThat(ExportFiles.latestEventTime(input, NOW)).contains(BASIC_LATEST);
    }

    @Test
    void anEventWithinTheHourAheadOfTheWallClockCounts() throws IOException {
        Path input = copyOfBasic();
        Instant soon = NOW.plusSeconds(3600);
        append(input.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), List.of(refundAt("evt_soon", soon.getEpochSecond())));
        assertThat(ExportFiles.latestEventTime(input, NOW)).contains(soon);

        Instant cdcSoon = NOW.plusSeconds(3599);
        Path cdcOnly = copyOfBasic();
        append(cdcOnly.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE), List.of(cdcAt(cdcSoon.toEpochMilli())));
        assertThat(ExportFiles.latestEventTime(cdcOnly, NOW)).contains(cdcSoon);
    }

    @Test
    void noBookableEventMeansNoLatestEventTime() throws IOException {
        Path input = Files.createDirectories(dir.resolve("empty"));
        Files.write(input.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE),
                List.of(refundAt("evt_year_2100", Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())));
        Files.write(input.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE), List.of("not json"));
        assertThat(ExportFiles.latestEventTime(input, NOW)).isEmpty();
    }

    private Path copyOfBasic() throws IOException {
        Path input = Files.createTempDirectory(dir, "input");
        for (String file : List.of(ExportFileReplayer.STRIPE_EVENTS_FILE, ExportFileReplayer.SALESFORCE_CDC_FILE,
                ExportFileReplayer.ERP_MASTERDATA_FILE)) {
            Files.copy(BASIC.resolve(file), input.resolve(file));
        }
        return input;
    }

    private static void append(Path file, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        all.addAll(lines);
        Files.write(file, all, StandardCharsets.UTF_8);
    }

    private static String legalEntity(String legalEntity, String erp) throws IOException {
        return JSON.writeValueAsString(JSON.createObjectNode().put("type", "legal_entity")
                .put("legalEntity", legalEntity).put("name", legalEntity).put("functionalCurrency", "USD")
                .put("erp", erp));
    }

    /** The latest refund of fixtures/basic under another id and time. */
    private static String refundAt(String id, long createdSeconds) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(line(BASIC.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE),
                "evt_62be7bf2b837dcd082abd1d5"));
        event.put("id", id).put("created", createdSeconds);
        ((ObjectNode) event.path("data").path("object")).put("id", "re_" + id).put("created", createdSeconds);
        return JSON.writeValueAsString(event);
    }

    /** The latest change of fixtures/basic, committed at another time. */
    private static String cdcAt(long commitMillis) throws IOException {
        List<String> lines = Files.readAllLines(BASIC.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE),
                StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        ObjectNode change = (ObjectNode) JSON.readTree(lines.get(lines.size() - 1));
        ((ObjectNode) change.path("payload").path("ChangeEventHeader")).put("commitTimestamp", commitMillis);
        return JSON.writeValueAsString(change);
    }

    private static String line(Path file, String containing) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.contains(containing))
                .findFirst().orElseThrow();
    }
}
