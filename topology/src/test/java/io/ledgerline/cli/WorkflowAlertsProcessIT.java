package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance run: {@code process} over the basic fixtures as of 2026-07-01 raises the opportunity that never
 * got a subscription and nothing else; with the ERP's posting results beside them, the rejected entry is raised at
 * once, posted entries never, and every other entry once it has waited longer than the threshold.
 */
class WorkflowAlertsProcessIT {

    private static final Path FIXTURES = Path.of("../fixtures/basic");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AS_OF = "2026-07-01T00:00:00Z";

    @TempDir
    Path temp;

    @Test
    void ordersAndPostingsAreAlertedAsTheClockSays() throws IOException {
        Path plain = temp.resolve("plain");
        ProcessCommandIT.Run first = ProcessCommandIT.process("process", "--input", FIXTURES.toString(), "--output", plain.toString(), "--as-of", AS_OF);
        assertThat(first.exitCode()).as("stderr:%n%s", first.err()).isZero();
        Map<String, JsonNode> alerts = latestAlerts(plain);
        assertThat(alerts.values()).singleElement().satisfies(a -> {
            assertThat(a.path("kind").asText()).isEqualTo("ORDER_NOT_PROVISIONED");
            assertThat(a.path("status").asText()).isEqualTo("OPEN");
            assertThat(a.path("subjectId").asText()).isEqualTo("0069021FAE3460D3B6");
        });

        // the ERP posts every other entry and rejects one; the rest it has not reported on
        List<JsonNode> entries = journal(plain);
        assertThat(entries).hasSizeGreaterThan(10);
        Path input = temp.resolve("with-results");
        Files.createDirectories(input);
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                Files.copy(f, input.resolve(f.getFileName()));
            }
        }
        String rejected = entries.get(1).path("entryId").asText();
        List<String> posted = new ArrayList<>();
        List<String> results = new ArrayList<>();
        for (int i = 0; i < entries.size(); i += 2) {
            String id = entries.get(i).path("entryId").asText();
            posted.add(id);
            results.add("{\"entryId\":\"" + id + "\",\"status\":\"POSTED\",\"erpDocumentNumber\":\"DOC-" + i
                    + "\",\"reason\":null,\"at\":\"2026-06-30T12:00:00Z\"}");
        }
        results.add("{\"entryId\":\"" + rejected + "\",\"status\":\"REJECTED\",\"erpDocumentNumber\":null,"
                + "\"reason\":\"GL account 4000 is blocked for posting\",\"at\":\"2026-06-30T12:00:00Z\"}");
        Files.write(input.resolve("erp-posting-results.jsonl"), results);

        Path out = temp.resolve("out");
        ProcessCommandIT.Run second = ProcessCommandIT.process("process", "--input", input.toString(), "--output", out.toString(), "--as-of", AS_OF);
        assertThat(second.exitCode()).as("stderr:%n%s", second.err()).isZero();
        Map<String, JsonNode> bySubject = new LinkedHashMap<>();
        latestAlerts(out).values().forEach(a -> bySubject.put(a.path("subjectId").asText(), a));

        assertThat(bySubject.get("0069021FAE3460D3B6").path("status").asText()).isEqualTo("OPEN");
        JsonNode rejection = bySubject.get(rejected);
        assertThat(rejection).as("alert for the rejected entry").isNotNull();
        assertThat(rejection.path("kind").asText()).isEqualTo("JOURNAL_NOT_POSTED");
        assertThat(rejection.path("status").asText()).isEqualTo("OPEN");
        assertThat(rejection.path("thresholdSeconds").asLong()).isZero();
        assertThat(rejection.path("message").asText()).contains("GL account 4000 is blocked for posting");
        Instant asOf = Instant.parse(AS_OF);
        for (JsonNode entry : journal(out)) {
            String id = entry.path("entryId").asText();
            if (id.equals(rejected)) {
                continue;
            }
            // entries count from when a live pipeline journals them: the business time of the event that booked them
            // (the fixtures' last is 2026-06-15, so the posting date tells), recognition from the end of the month
            // recognized (June's ends at as-of: not due yet)
            Instant postingDate = LocalDate.parse(entry.path("postingDate").asText()).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant journaled = entry.path("entryType").asText().equals("REVENUE_RECOGNITION")
                    ? YearMonth.parse(entry.path("postingPeriod").asText()).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : postingDate.plus(Duration.ofDays(1));
            boolean due = !posted.contains(id) && !asOf.isBefore(journaled.plus(Duration.ofHours(24)));
            assertThat(bySubject.containsKey(id)).as("JOURNAL_NOT_POSTED for %s (posting date %s)", id, postingDate).isEqualTo(due);
            if (due) {
                assertThat(bySubject.get(id).path("status").asText()).isEqualTo("OPEN");
                assertThat(bySubject.get(id).path("thresholdSeconds").asLong()).isEqualTo(Duration.ofHours(24).toSeconds());
            }
        }
        assertThat(Files.readAllLines(out.resolve("q2c.exceptions.jsonl"))).filteredOn(l -> l.contains("ERP_REJECTED"))
                .singleElement().satisfies(l -> assertThat(l).contains(rejected));
    }

    /** The last record of each alert id, as a compacted topic would keep it. */
    private static Map<String, JsonNode> latestAlerts(Path output) throws IOException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Path file = output.resolve("q2c.alerts.workflow.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    JsonNode alert = MAPPER.readTree(line);
                    // the reconciliation drifts (stage reconciliation) are ReconciliationProcessIT's
                    if (!alert.path("stage").asText().equals("reconciliation")) {
                        latest.put(alert.path("alertId").asText(), alert);
                    }
                }
            }
        }
        return latest;
    }

    private static List<JsonNode> journal(Path output) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String erp : List.of("netsuite", "sap")) {
            for (String line : Files.readAllLines(output.resolve("erp.journal." + erp + ".jsonl"))) {
                if (!line.isBlank()) {
                    entries.add(MAPPER.readTree(line));
                }
            }
        }
        return entries;
    }
}
