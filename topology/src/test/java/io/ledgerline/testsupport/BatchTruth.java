package io.ledgerline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.names.Topics;
import io.ledgerline.outputs.TopicExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What {@code ledgerline process --as-of} makes of an input, run as its own OS process from the packaged jar: the
 * batch truth a running pipeline is compared with.
 *
 * @param journal      every journal entry of every ERP, as JSON
 * @param exceptionIds the ids of the exceptions it raised
 * @param contracts    the last contract state per account, as JSON
 */
public record BatchTruth(List<JsonNode> journal, Set<String> exceptionIds, Map<String, JsonNode> contracts) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static BatchTruth of(Path jar, Path input, Path work, Instant asOf, Set<String> erps)
            throws IOException, InterruptedException {
        Path output = work.resolve("process-output");
        Path log = work.resolve("process.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "process", "--input", input.toString(),
                "--output", output.toString(), "--as-of", asOf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("process finished").isTrue();
        assertThat(p.exitValue()).as("process exit code; see %s", log).isZero();
        List<JsonNode> journal = new ArrayList<>();
        for (String erp : erps) {
            journal.addAll(jsonLines(TopicExporter.fileFor(output, Topics.journal(erp))));
        }
        Set<String> exceptions = jsonLines(TopicExporter.fileFor(output, Topics.EXCEPTIONS)).stream()
                .map(e -> e.get("exceptionId").asText()).collect(Collectors.toCollection(TreeSet::new));
        Map<String, JsonNode> contracts = new LinkedHashMap<>();
        jsonLines(TopicExporter.fileFor(output, Topics.CONTRACTS)).forEach(c -> contracts.put(c.get("accountId").asText(), c));
        return new BatchTruth(journal, exceptions, contracts);
    }

    /**
     * The same business state as this truth's contract for the account: invoices, payments and balances, whatever order
     * they were added in (versions and last event ids follow delivery).
     */
    public boolean sameContract(String accountId, JsonNode answer) {
        JsonNode expected = contracts.get(accountId);
        return expected != null && answer.path("accountId").asText().equals(accountId)
                && sorted(answer.path("invoices"), "invoiceId").equals(sorted(expected.path("invoices"), "invoiceId"))
                && sorted(answer.path("payments"), "invoicePaymentId").equals(sorted(expected.path("payments"), "invoicePaymentId"))
                && sorted(answer.path("balances"), "currency").equals(sorted(expected.path("balances"), "currency"));
    }

    private static List<String> sorted(JsonNode array, String idField) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(idField).asText() + " " + n));
        java.util.Collections.sort(out);
        return out;
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
