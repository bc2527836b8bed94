package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.load.ExportFile;
import io.ledgerline.load.LoadGenerator;
import io.ledgerline.load.LoadSettings;
import io.ledgerline.load.LoadSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Generates 300 accounts of the realistic mix ({@code generate --mix realistic}) with a fixed seed, runs
 * {@code process} over them and checks that the generated history is consistent: every input record accounted for,
 * nothing dead-lettered, waiting or excepted at the end, every journal entry balanced, every document journaled
 * (each invoice, payment, credit note, refund, void and dispute step that moves money has its entry), every entry
 * type and all four currencies
 * present. And that generation is deterministic: the same seed writes byte-identical files, another seed does not.
 *
 * <p>The generator deliberately produces no exception. The only exceptions {@code process} may record are master
 * data still in flight beside the first invoices (the ledger task may see an invoice before its partition's copy of
 * a crosswalk or rate; "at once" in {@code process}, see README "Working the exception queue"): they must all end
 * RELEASED, booked with the entries they would have had.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealisticLoadIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ACCOUNTS = 300;
    private static final long SEED = 20261203L;
    /** Master data the pipeline may see after an event that needs it: released when it arrives. */
    private static final Set<String> IN_FLIGHT_REASONS = Set.of("UNKNOWN_CROSSWALK", "UNKNOWN_LEGAL_ENTITY",
            "UNMAPPED_PRODUCT", "UNMAPPED_ROLE", "NO_ACCOUNTING_PERIOD", "MISSING_FX_RATE");

    @TempDir
    static Path temp;

    private Path input;
    private LoadSummary summary;
    private ProcessCommandIT.Run run;
    private List<JsonNode> entries;
    private List<JsonNode> exceptions;

    @BeforeAll
    void generateAndProcess() throws IOException {
        input = temp.resolve("load");
        summary = LoadGenerator.write(LoadSettings.ofAccounts(ACCOUNTS, SEED), input, line -> { });
        Path output = temp.resolve("out");
        run = ProcessCommandIT.process("process", "--input", input.toString(), "--output", output.toString(),
                "--as-of", LoadSettings.DEFAULT_START.plusMonths(LoadSettings.DEFAULT_MONTHS).toString());
        entries = new ArrayList<>();
        if (Files.isDirectory(output)) {
            try (Stream<Path> files = Files.list(output)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("erp.journal.")).sorted().toList()) {
                    entries.addAll(jsonLines(file));
                }
            }
        }
        exceptions = Files.exists(output.resolve("q2c.exceptions.jsonl"))
                ? jsonLines(output.resolve("q2c.exceptions.jsonl")) : List.of();
    }

    @Test
    void processExitsZeroAndAccountsForEveryRecord() {
        assertThat(run.exitCode()).as("process exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
        assertThat(run.out()).contains("every input record is accounted for");
        String account = run.out().substring(run.out().indexOf("Input account"));
        assertThat(account).as(account).contains("stripe-events", "salesforce-cdc", "erp-masterdata")
                .doesNotContain("DOES NOT ADD UP");
        for (String line : account.lines().filter(l -> l.contains(" records: ")).toList()) {
            assertThat(line).as("nothing dead-lettered or ignored").contains(" 0 ignored, 0 dead-lettered");
            if (!line.contains("erp-masterdata")) {
                assertThat(line).as("nothing left waiting or excepted").contains(" 0 waiting, 0 excepted, 0 dismissed");
            }
        }
        assertThat(account).contains(summary.duplicates() + " duplicate");
    }

    @Test
    void noExceptionStaysOpenAndNoneHasAGeneratedCause() {
        Map<String, JsonNode> last = new LinkedHashMap<>();
        for (JsonNode e : exceptions) {
            last.put(e.get("exceptionId").asText(), e);
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode e : last.values()) {
            if (!IN_FLIGHT_REASONS.contains(e.get("reason").asText()) || !"RELEASED".equals(e.get("status").asText())) {
                problems.add(e.get("status").asText() + " " + e.get("reason").asText() + ": " + e.get("message").asText());
            }
        }
        assertThat(problems).as("exceptions the generated history must not cause").isEmpty();
    }

    @Test
    void everyEntryBalancesAndTheTrialBalanceBalances() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, long[]> trial = new TreeMap<>();
        for (JsonNode entry : entries) {
            String id = entry.get("entryId").asText();
            if (!ids.add(id)) {
                problems.add("duplicate entryId " + id);
            }
            long[] sums = new long[4];
            for (JsonNode line : entry.get("lines")) {
                int side = "DEBIT".equals(line.get("side").asText()) ? 0 : 2;
                sums[side] += line.get("amountMinor").asLong();
                sums[side + 1] += line.get("functionalAmountMinor").asLong();
            }
            if (sums[0] != sums[2] || sums[1] != sums[3]) {
                problems.add(id + " does not balance: " + java.util.Arrays.toString(sums));
            }
            long[] tb = trial.computeIfAbsent(entry.get("legalEntity").asText() + " " + entry.get("currency").asText(),
                    k -> new long[2]);
            tb[0] += sums[0] - sums[2];
            tb[1] += sums[1] - sums[3];
        }
        trial.forEach((key, tb) -> {
            if (tb[0] != 0 || tb[1] != 0) {
                problems.add("trial balance " + key + " is off by " + tb[0] + " / " + tb[1]);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(trial.keySet()).contains("LE-US USD", "LE-US EUR", "LE-DE EUR", "LE-JP JPY", "LE-BH BHD");
    }

    @Test
    void everyTypeOfEntryAndEveryCurrencyIsThere() {
        Set<String> types = new TreeSet<>();
        Set<String> currencies = new TreeSet<>();
        for (JsonNode entry : entries) {
            types.add(entry.get("entryType").asText());
            currencies.add(entry.get("currency").asText());
        }
        assertThat(types).contains("INVOICE", "PAYMENT", "CREDIT_NOTE", "REFUND", "REVERSAL", "REVENUE_RECOGNITION",
                "DISPUTE", "DISPUTE_WON", "DISPUTE_LOST");
        assertThat(currencies).containsExactly("BHD", "EUR", "JPY", "USD");
    }

    /** Each generated document is journaled: an INVOICE per invoice, a PAYMENT per payment, ..., a REVERSAL per void. */
    @Test
    void everyGeneratedDocumentHasItsEntry() throws IOException {
        Map<String, Set<String>> journaled = new TreeMap<>();
        for (JsonNode entry : entries) {
            journaled.computeIfAbsent(entry.get("entryType").asText(), k -> new HashSet<>())
                    .add(entry.at("/source/objectId").asText());
        }
        Map<String, String> entryTypeOf = Map.of("invoice.finalized", "INVOICE", "invoice_payment.paid", "PAYMENT",
                "credit_note.created", "CREDIT_NOTE", "refund.created", "REFUND", "invoice.voided", "REVERSAL",
                "charge.dispute.funds_withdrawn", "DISPUTE", "charge.dispute.funds_reinstated", "DISPUTE_WON",
                "lost", "DISPUTE_LOST");
        Map<String, Set<String>> generated = new TreeMap<>();
        for (String line : Files.readAllLines(input.resolve(ExportFile.STRIPE_EVENTS.fileName()), StandardCharsets.UTF_8)) {
            JsonNode event = MAPPER.readTree(line);
            String kind = event.get("type").asText();
            if ("charge.dispute.closed".equals(kind)) {
                kind = event.at("/data/object/status").asText();
            }
            String type = entryTypeOf.get(kind);
            if (type != null) {
                generated.computeIfAbsent(type, k -> new TreeSet<>()).add(event.at("/data/object/id").asText());
            }
        }
        assertThat(generated.keySet()).containsExactlyInAnyOrderElementsOf(entryTypeOf.values());
        List<String> missing = new ArrayList<>();
        generated.forEach((type, objects) -> objects.stream()
                .filter(id -> !journaled.getOrDefault(type, Set.of()).contains(id))
                .limit(5).forEach(id -> missing.add(type + " " + id)));
        assertThat(missing).as("generated documents without their entry").isEmpty();
    }

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedDoesNot() throws IOException {
        Path again = temp.resolve("again");
        Path other = temp.resolve("other");
        LoadGenerator.write(LoadSettings.ofAccounts(ACCOUNTS, SEED), again, line -> { });
        LoadGenerator.write(LoadSettings.ofAccounts(ACCOUNTS, SEED + 1), other, line -> { });
        for (ExportFile file : ExportFile.values()) {
            byte[] first = Files.readAllBytes(input.resolve(file.fileName()));
            assertThat(Files.readAllBytes(again.resolve(file.fileName()))).as(file.fileName()).isEqualTo(first);
            assertThat(Files.readAllBytes(other.resolve(file.fileName()))).as(file.fileName()).isNotEqualTo(first);
        }
    }

    @Test
    void theCommandLineWritesTheSameFiles() throws IOException {
        Path viaCli = temp.resolve("cli");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LedgerlineCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("generate", "--mix", "realistic", "--accounts", Integer.toString(ACCOUNTS),
                "--seed", Long.toString(SEED), "--output", viaCli.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Generated " + ACCOUNTS + " accounts (realistic mix", "invoice.finalized");
        for (ExportFile file : ExportFile.values()) {
            assertThat(Files.readAllBytes(viaCli.resolve(file.fileName())))
                    .isEqualTo(Files.readAllBytes(input.resolve(file.fileName())));
        }
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(MAPPER.readTree(line));
            }
        }
        return out;
    }
}
