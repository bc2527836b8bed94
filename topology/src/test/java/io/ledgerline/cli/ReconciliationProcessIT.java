package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation issue's acceptance run: {@code process} over the basic fixtures as of 2026-07-01 writes the
 * reconciliation, the close readiness and the CRM write-back; the opportunity without a subscription is
 * BOOKED_NOT_BILLED, every other account's identities hold, each paid invoice's opportunity is written back PAID once;
 * with the ERP's results posting every entry of one legal entity and period, that period is READY and the others say
 * what blocks them.
 */
class ReconciliationProcessIT {

    private static final Path FIXTURES = Path.of("../fixtures/basic");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AS_OF = "2026-07-01T00:00:00Z";
    private static final String FJORD = "001D8C5043CB38917F";

    @TempDir
    Path temp;

    @Test
    void reconciliationCloseAndWriteBack() throws IOException {
        Path plain = temp.resolve("plain");
        ProcessCommandIT.Run first = ProcessCommandIT.process("process", "--input", FIXTURES.toString(), "--output", plain.toString(), "--as-of", AS_OF);
        assertThat(first.exitCode()).as("stderr:%n%s", first.err()).isZero();
        assertThat(first.out()).contains("q2c.reconciliation.jsonl", "crm.writeback.jsonl", "close.jsonl");

        Map<String, JsonNode> reconciliation = latest(plain.resolve("q2c.reconciliation.jsonl"), r -> r.path("accountId").asText() + ":" + r.path("currency").asText());
        assertThat(reconciliation).hasSize(6);
        JsonNode fjord = reconciliation.get(FJORD + ":USD");
        assertThat(fjord.path("drifts")).hasSize(1);
        assertThat(fjord.path("drifts").get(0).path("kind").asText()).isEqualTo("BOOKED_NOT_BILLED");
        assertThat(fjord.path("drifts").get(0).path("subjectId").asText()).isEqualTo("0069021FAE3460D3B6");
        assertThat(fjord.path("drifts").get(0).path("amountMinor").asLong()).isEqualTo(900_000);
        for (JsonNode r : reconciliation.values()) {
            assertThat(r.path("identitiesHold").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.path("recognizedMinor").asLong() + r.path("deferredMinor").asLong()).as(r.path("accountId").asText())
                    .isEqualTo(r.path("billedMinor").asLong() - r.path("refundedMinor").asLong() - r.path("disputesLostMinor").asLong());
            if (r != fjord) {
                // without the ERP's results NOT_POSTED is not watched: no drift at all
                assertThat(r.path("drifts")).as(r.path("accountId").asText()).isEmpty();
            }
        }
        assertThat(Files.readAllLines(plain.resolve("q2c.exceptions.jsonl"))).noneMatch(l -> l.contains("RECONCILIATION_IDENTITY"));
        assertThat(Files.readAllLines(plain.resolve("q2c.alerts.workflow.jsonl"))).filteredOn(l -> l.contains("\"stage\":\"reconciliation\""))
                .singleElement().satisfies(l -> assertThat(l).contains("BOOKED_NOT_BILLED:reconciliation:0069021FAE3460D3B6", "\"OPEN\""));

        Map<String, Integer> paid = new TreeMap<>();
        for (String line : lines(plain.resolve("crm.writeback.jsonl"))) {
            JsonNode w = MAPPER.readTree(line);
            if (w.path("objectType").asText().equals("Opportunity") && w.path("billingStatus").asText().equals("PAID")) {
                paid.merge(w.path("recordId").asText(), 1, Integer::sum);
            }
        }
        assertThat(paid).containsExactlyInAnyOrderEntriesOf(Map.of("006E38CD89DD1E2713", 1, "0062BFD425F089D38D", 1,
                "006B098E9319B68A3C", 1, "0061D87B6B9FC4163C", 1));

        // nothing is posted without the ERP's results: every period is blocked by its entries
        List<JsonNode> close = jsonLines(plain.resolve("close.jsonl"));
        assertThat(close).isNotEmpty().allMatch(c -> c.path("status").asText().equals("BLOCKED"));
        assertThat(Files.readAllLines(plain.resolve("reconciliation.csv")).get(0)).startsWith("legal_entity,period,currency,account_id");
        assertThat(Files.readAllLines(plain.resolve("revenue-waterfall.csv"))).hasSizeGreaterThan(1);

        // the ERP posts every entry of LE-DE in 2026-02 (Bergmann's invoice, payment and February's recognition)
        List<JsonNode> entries = jsonLines(plain.resolve("erp.journal.sap.jsonl"));
        List<String> february = entries.stream().filter(e -> e.path("legalEntity").asText().equals("LE-DE")
                && e.path("postingPeriod").asText().equals("2026-02")).map(e -> e.path("entryId").asText()).toList();
        assertThat(february).hasSize(3);
        Path input = temp.resolve("with-results");
        Files.createDirectories(input);
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                Files.copy(f, input.resolve(f.getFileName()));
            }
        }
        List<String> results = new ArrayList<>();
        for (int i = 0; i < february.size(); i++) {
            results.add("{\"entryId\":\"" + february.get(i) + "\",\"status\":\"POSTED\",\"erpDocumentNumber\":\"SAP-" + (4711 + i)
                    + "\",\"reason\":null,\"at\":\"2026-03-02T12:00:00Z\"}");
        }
        Files.write(input.resolve("erp-posting-results.jsonl"), results);
        Path out = temp.resolve("out");
        ProcessCommandIT.Run second = ProcessCommandIT.process("process", "--input", input.toString(), "--output", out.toString(), "--as-of", AS_OF);
        assertThat(second.exitCode()).as("stderr:%n%s", second.err()).isZero();

        Map<String, JsonNode> statuses = new LinkedHashMap<>();
        jsonLines(out.resolve("close.jsonl")).forEach(c -> statuses.put(c.path("legalEntity").asText() + " " + c.path("period").asText(), c));
        assertThat(statuses.get("LE-DE 2026-02").path("status").asText()).as(statuses.get("LE-DE 2026-02").toString()).isEqualTo("READY");
        assertThat(statuses.get("LE-DE 2026-02").path("blockers")).isEmpty();
        statuses.forEach((key, c) -> {
            if (!key.equals("LE-DE 2026-02")) {
                assertThat(c.path("status").asText()).as(key).isEqualTo("BLOCKED");
                assertThat(c.path("blockers")).as(key).isNotEmpty();
                c.path("blockers").forEach(b -> assertThat(b.path("id").asText()).as(key).isNotBlank());
            }
        });
        // e.g. March of LE-DE: its recognition entry is not posted, and says which
        assertThat(statuses.get("LE-DE 2026-03").path("blockers").toString()).contains("ENTRY_NOT_POSTED",
                "stripe:line_item:il_93337087e734af:REVENUE_RECOGNITION:2026-03");
        assertThat(statuses.keySet()).contains("LE-US 2026-01", "LE-US 2026-06", "LE-DE 2026-06");

        // the posting is reconciled: Bergmann's AR, cash and credit moved by the posted entries
        JsonNode bergmann = latest(out.resolve("q2c.reconciliation.jsonl"), r -> r.path("accountId").asText()).get("0013B0187CB3DBBF0E");
        assertThat(bergmann.path("postedMinor").asLong()).isEqualTo(2 * 2_856_000L);
        assertThat(bergmann.path("unpostedEntries").asInt()).isEqualTo(4);
        // and the CRM learns the ERP's document number of the invoice
        Map<String, JsonNode> writeback = latest(out.resolve("crm.writeback.jsonl"), w -> w.path("recordId").asText());
        assertThat(writeback.get("0062BFD425F089D38D").path("erpDocumentNumbers").toString()).contains("SAP-");
    }

    private static Map<String, JsonNode> latest(Path file, java.util.function.Function<JsonNode, String> key) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode n : jsonLines(file)) {
            out.put(key.apply(n), n);
        }
        return out;
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines(file)) {
            out.add(MAPPER.readTree(line));
        }
        return out;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }
}
