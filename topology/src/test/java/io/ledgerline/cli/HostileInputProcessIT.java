package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.names.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code process} over the basic fixtures with the hostile corpus mixed in: the journal is the same as without it,
 * every bad line is one dead letter (per source, as {@code expected-outcomes.tsv} says) or one exception, and the
 * input account adds up.
 */
class HostileInputProcessIT {

    private static final Path FIXTURES = Path.of("../fixtures/basic");
    private static final Path HOSTILE = Path.of("src/test/resources/hostile");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TOPIC_OF_FILE = Map.of(
            "erp-masterdata.jsonl", Topics.RAW_ERP_MASTERDATA,
            "salesforce-cdc.jsonl", Topics.RAW_CRM_CDC,
            "stripe-events.jsonl", Topics.RAW_BILLING_EVENTS,
            "erp-posting-results.jsonl", Topics.RAW_ERP_POSTING_RESULTS);

    @TempDir
    Path temp;

    @Test
    void badLinesChangeNoJournalEntryAndEachIsOneDeadLetterOrException() throws IOException {
        Path mixed = temp.resolve("mixed");
        Files.createDirectories(mixed);
        for (String file : TOPIC_OF_FILE.keySet()) {
            Path good = FIXTURES.resolve(file);
            if (Files.exists(good)) {
                Files.write(mixed.resolve(file), Files.readAllBytes(good));
            }
            // byte for byte: the corpus holds bare carriage returns, a byte-order mark and invalid UTF-8
            Files.write(mixed.resolve(file), Files.readAllBytes(HOSTILE.resolve(file)), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        ProcessCommandIT.Run clean = ProcessCommandIT.process("process", "--input", FIXTURES.toString(), "--output", temp.resolve("clean").toString());
        ProcessCommandIT.Run hostile = ProcessCommandIT.process("process", "--input", mixed.toString(), "--output", temp.resolve("hostile").toString());
        assertThat(clean.exitCode()).as(clean.err()).isZero();
        assertThat(hostile.exitCode()).as(hostile.err()).isZero();

        for (String journal : List.of("erp.journal.netsuite.jsonl", "erp.journal.sap.jsonl")) {
            assertThat(sortedLines(temp.resolve("hostile").resolve(journal)))
                    .as(journal).isNotEmpty().isEqualTo(sortedLines(temp.resolve("clean").resolve(journal)));
        }

        Map<String, Long> expectedDeadLetters = expectedOutcomes().stream().filter(o -> o[2].equals("DEAD_LETTER"))
                .collect(Collectors.groupingBy(o -> TOPIC_OF_FILE.get(o[0]), TreeMap::new, Collectors.counting()));
        List<JsonNode> deadLetters = records(temp.resolve("hostile").resolve("q2c.deadletter.jsonl"));
        Map<String, Long> deadLettersPerTopic = deadLetters.stream()
                .collect(Collectors.groupingBy(d -> d.get("sourceTopic").asText(), TreeMap::new, Collectors.counting()));
        assertThat(deadLettersPerTopic).isEqualTo(expectedDeadLetters);
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.get("value").asText()).isNotEmpty());

        // a Salesforce change re-sent under its replay id with other content, a refund dated 2100 (no accounting
        // period) and a refund in an unknown currency; whichever copy of the conflicting change comes first is kept.
        // The ERP both posted and rejected Acme's invoice entry at one instant: the rejection stands (results of one
        // instant count a rejection after a posting, whatever their arrival order) and the contradiction is raised.
        List<JsonNode> exceptions = records(temp.resolve("hostile").resolve("q2c.exceptions.jsonl"));
        assertThat(exceptions).extracting(e -> e.get("reason").asText() + " " + e.get("status").asText())
                .containsExactlyInAnyOrder("CONFLICTING_EVENT OPEN", "NO_ACCOUNTING_PERIOD OPEN", "UNKNOWN_CURRENCY OPEN",
                        "ERP_REJECTED OPEN", "CONFLICTING_POSTING_RESULT OPEN");
        assertThat(records(temp.resolve("clean").resolve("q2c.exceptions.jsonl"))).isEmpty();

        assertThat(hostile.out()).contains("Input account", "every input record is accounted for")
                .contains("stripe-events        49 records: 27 accepted, 1 ignored, 21 dead-lettered")
                .contains("erp-posting-results  8 records: 2 accepted, 0 ignored, 6 dead-lettered")
                .doesNotContain("DOES NOT ADD UP");
    }

    /** file, line, outcome, error substring; the header and comments left out. */
    private static List<String[]> expectedOutcomes() throws IOException {
        return Files.readAllLines(HOSTILE.resolve("expected-outcomes.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")).toList();
    }

    private static List<String> sortedLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).sorted().toList();
    }

    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

}
