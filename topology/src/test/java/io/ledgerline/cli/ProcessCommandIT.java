package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code process} over the basic fixtures and checks the journals against {@code expected.json}, which was
 * computed independently of the pipeline; then again over duplicated, shuffled Stripe events, which must not change a
 * single journal entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessCommandIT {

    private static final Path FIXTURES = Path.of("../fixtures/basic");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path temp;

    private JsonNode expected;
    private Map<String, String> erpByLegalEntity;
    /** journal topic file name -> its entries, from the run over the fixtures as they are. */
    private Map<String, List<JsonNode>> journals;

    record Run(int exitCode, String out, String err) {
    }

    static Run process(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LedgerlineCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    void runOverTheFixtures() throws IOException {
        expected = MAPPER.readTree(FIXTURES.resolve("expected.json").toFile());
        erpByLegalEntity = new HashMap<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("erp-masterdata.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = MAPPER.readTree(line);
            if ("legal_entity".equals(record.path("type").asText())) {
                erpByLegalEntity.put(record.get("legalEntity").asText(), record.get("erp").asText());
            }
        }
        Path output = temp.resolve("basic-out");
        Run run = process("process", "--input", FIXTURES.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as("process exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.out()).contains("erp.journal.");
        journals = readJournals(output);
    }

    @Test
    void writesEveryOutputTopic() {
        Path output = temp.resolve("basic-out");
        for (String topic : List.of("q2c.contracts", "q2c.exceptions", "q2c.deadletter", "q2c.alerts.workflow",
                "q2c.alerts.lag", "erp.journal.netsuite", "erp.journal.sap")) {
            assertThat(output.resolve(topic + ".jsonl")).as(topic).exists();
        }
    }

    @Test
    void invoiceEntriesMatchTheIndependentTotals() {
        Iterator<Map.Entry<String, JsonNode>> invoices = expected.get("invoices").fields();
        assertThat(invoices.hasNext()).isTrue();
        while (invoices.hasNext()) {
            Map.Entry<String, JsonNode> invoice = invoices.next();
            String id = invoice.getKey();
            JsonNode want = invoice.getValue();
            String legalEntity = want.get("legal_entity").asText();
            String file = "erp.journal." + erpByLegalEntity.get(legalEntity);

            JsonNode entry = single(file, "INVOICE", id);
            assertThat(entry.get("legalEntity").asText()).as(id).isEqualTo(legalEntity);
            assertThat(sum(entry, "AR", "DEBIT", "amountMinor")).as(id + " AR").isEqualTo(want.get("total").asLong());
            assertAmount(entry, id, "TAX_PAYABLE", want.get("tax").asLong());
            assertAmount(entry, id, "DEFERRED_REVENUE", want.get("deferred").asLong());
            assertAmount(entry, id, "REVENUE", want.get("revenue").asLong());
        }
    }

    @Test
    void paymentEntriesMatchTheIndependentTotals() {
        Iterator<Map.Entry<String, JsonNode>> payments = expected.get("payments").fields();
        assertThat(payments.hasNext()).isTrue();
        while (payments.hasNext()) {
            Map.Entry<String, JsonNode> payment = payments.next();
            String id = payment.getKey();
            JsonNode want = payment.getValue();
            String legalEntity = expected.get("invoices").get(want.get("invoice").asText()).get("legal_entity").asText();
            String file = "erp.journal." + erpByLegalEntity.get(legalEntity);

            JsonNode entry = single(file, "PAYMENT", id);
            assertThat(sum(entry, "CASH", "DEBIT", "amountMinor")).as(id + " cash").isEqualTo(want.get("amount").asLong());
            assertThat(sum(entry, "CASH", "DEBIT", "functionalAmountMinor")).as(id + " cash functional")
                    .isEqualTo(want.get("functional").asLong());
            if (want.has("fx_gain")) {
                assertThat(sum(entry, "FX_GAIN_LOSS", "CREDIT", "functionalAmountMinor")).as(id + " fx gain")
                        .isEqualTo(want.get("fx_gain").asLong());
            }
        }
    }

    @Test
    void everyEntryBalancesAndIdsAreUnique() {
        List<JsonNode> all = journals.values().stream().flatMap(List::stream).toList();
        assertThat(all).isNotEmpty();
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : all) {
            String id = entry.get("entryId").asText();
            assertThat(ids.add(id)).as("duplicate entryId %s", id).isTrue();
            assertThat(sumSide(entry, "DEBIT", "amountMinor")).as(id + " transaction currency")
                    .isEqualTo(sumSide(entry, "CREDIT", "amountMinor"));
            assertThat(sumSide(entry, "DEBIT", "functionalAmountMinor")).as(id + " functional currency")
                    .isEqualTo(sumSide(entry, "CREDIT", "functionalAmountMinor"));
        }
    }

    @Test
    void duplicatedAndShuffledStripeEventsGiveTheSameJournal() throws IOException {
        Path input = temp.resolve("dup-in");
        Files.createDirectories(input);
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                Files.copy(file, input.resolve(file.getFileName()));
            }
        }
        List<String> events = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("stripe-events.jsonl"))) {
            if (!line.isBlank()) {
                events.add(line);
                events.add(line);
            }
        }
        Collections.shuffle(events, new Random(20260401L));
        Files.write(input.resolve("stripe-events.jsonl"), events);

        Path output = temp.resolve("dup-out");
        Run run = process("process", "--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as("process exit code; stderr:%n%s", run.err()).isZero();

        Map<String, List<JsonNode>> again = readJournals(output);
        assertThat(again.keySet()).isEqualTo(journals.keySet());
        for (String file : journals.keySet()) {
            assertThat(new HashSet<>(again.get(file))).as(file).isEqualTo(new HashSet<>(journals.get(file)));
        }
    }

    @Test
    void rejectsAMissingInputDirectory() {
        Run run = process("process", "--input", temp.resolve("nope").toString(), "--output",
                temp.resolve("nope-out").toString());
        assertThat(run.exitCode()).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(run.err()).contains("nope");
    }

    private JsonNode single(String file, String entryType, String objectId) {
        List<JsonNode> matches = journals.getOrDefault(file, List.of()).stream()
                .filter(e -> entryType.equals(e.path("entryType").asText()))
                .filter(e -> objectId.equals(e.path("source").path("objectId").asText()))
                .toList();
        assertThat(matches).as("%s entry for %s in %s.jsonl", entryType, objectId, file).hasSize(1);
        return matches.get(0);
    }

    private static void assertAmount(JsonNode entry, String id, String role, long expectedAmount) {
        if (expectedAmount == 0) {
            assertThat(lines(entry).filter(l -> role.equals(l.get("role").asText())).toList())
                    .as(id + " has no " + role + " line").isEmpty();
        } else {
            assertThat(sum(entry, role, "CREDIT", "amountMinor")).as(id + " " + role).isEqualTo(expectedAmount);
        }
    }

    private static long sum(JsonNode entry, String role, String side, String field) {
        return lines(entry)
                .filter(l -> role.equals(l.get("role").asText()) && side.equals(l.get("side").asText()))
                .mapToLong(l -> l.get(field).asLong())
                .sum();
    }

    private static long sumSide(JsonNode entry, String side, String field) {
        return lines(entry).filter(l -> side.equals(l.get("side").asText())).mapToLong(l -> l.get(field).asLong()).sum();
    }

    private static Stream<JsonNode> lines(JsonNode entry) {
        List<JsonNode> lines = new ArrayList<>();
        entry.get("lines").forEach(lines::add);
        return lines.stream();
    }

    private static Map<String, List<JsonNode>> readJournals(Path output) throws IOException {
        Map<String, List<JsonNode>> result = new HashMap<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("erp.journal.")).toList()) {
                String topic = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
                List<JsonNode> entries = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        entries.add(MAPPER.readTree(line));
                    }
                }
                result.put(topic, entries);
            }
        }
        return result;
    }
}
