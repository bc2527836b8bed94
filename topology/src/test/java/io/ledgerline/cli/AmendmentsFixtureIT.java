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
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code process} over {@code fixtures/amendments} (a mid-term upgrade with proration lines, downgrades into
 * customer credit and its application, metered usage, a dispute lost and a dispute won) and checks the journals
 * against {@code expected.json}, which {@code fixtures/amendments/compute_expected.py} computed from the written
 * posting rules alone, independently of the pipeline's code.
 *
 * <p>Each check collects every difference before it fails, so one run shows the whole gap. Corrections of late
 * adjustments ({@code :reversed}, {@code :r2}, ...) are allowed: an entry is compared by the net of its family (the
 * original id, its reversals and revisions), and balances are compared per period, where corrections net out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmendmentsFixtureIT {

    private static final Path FIXTURES = Path.of("../fixtures/amendments");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> INVOICE_ROLES =
            List.of("AR", "CUSTOMER_CREDIT", "DEFERRED_REVENUE", "REVENUE", "TAX_PAYABLE");
    private static final Pattern REVISION = Pattern.compile(":r(\\d+)$");

    @TempDir
    static Path temp;

    private JsonNode expected;
    private String asOf;
    private Run run;
    private Path output;
    /** every journal entry of every erp.journal.* file. */
    private List<JsonNode> entries;

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
        asOf = expected.get("as_of").asText();
        output = temp.resolve("amendments-out");
        run = process("process", "--input", FIXTURES.toString(), "--output", output.toString(), "--as-of", asOf);
        entries = new ArrayList<>();
        if (Files.isDirectory(output)) {
            try (Stream<Path> files = Files.list(output)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("erp.journal.")).sorted().toList()) {
                    entries.addAll(readJsonLines(file));
                }
            }
        }
    }

    @Test
    void processExitsZero() {
        assertThat(run.exitCode()).as("process exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
        assertThat(entries).as("journal entries written to %s", output).isNotEmpty();
    }

    @Test
    void everyEntryBalancesAndIdsAreUnique() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : entries) {
            String id = entry.get("entryId").asText();
            if (!ids.add(id)) {
                problems.add("duplicate entryId " + id);
            }
            for (String field : List.of("amountMinor", "functionalAmountMinor")) {
                long debit = sumSide(entry, "DEBIT", field);
                long credit = sumSide(entry, "CREDIT", field);
                if (debit != credit) {
                    problems.add(id + " " + field + ": debits " + debit + " != credits " + credit);
                }
            }
        }
        assertThat(problems).as("unbalanced or duplicate entries").isEmpty();
    }

    /** The heart of it: net debit per legal entity, role, transaction currency and posting period, both currencies. */
    @Test
    void balancesPerLegalEntityRoleCurrencyAndPeriodMatchTheIndependentLedger() {
        Map<String, long[]> actual = new TreeMap<>();
        for (JsonNode entry : entries) {
            for (JsonNode line : entry.get("lines")) {
                String key = entry.get("legalEntity").asText() + "|" + line.get("role").asText() + "|"
                        + entry.get("currency").asText() + "|" + entry.get("postingPeriod").asText();
                long sign = "DEBIT".equals(line.get("side").asText()) ? 1 : -1;
                long[] sums = actual.computeIfAbsent(key, k -> new long[2]);
                sums[0] += sign * line.get("amountMinor").asLong();
                sums[1] += sign * line.get("functionalAmountMinor").asLong();
            }
        }
        Map<String, long[]> want = new TreeMap<>();
        expected.get("balances").fields().forEachRemaining(e -> want.put(e.getKey(),
                new long[] {e.getValue().get("amount").asLong(), e.getValue().get("functional").asLong()}));

        List<String> problems = new ArrayList<>();
        Set<String> keys = new TreeSet<>(want.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            long[] w = want.getOrDefault(key, new long[2]);
            long[] a = actual.getOrDefault(key, new long[2]);
            if (w[0] != a[0] || w[1] != a[1]) {
                problems.add(String.format("%-45s expected %10d (functional %10d)   actual %10d (functional %10d)",
                        key, w[0], w[1], a[0], a[1]));
            }
        }
        assertThat(problems).as("net debit per legal_entity|role|currency|period as of %s differs (%d keys)",
                asOf, problems.size()).isEmpty();
    }

    @Test
    void invoiceEntriesMatchTheIndependentFigures() {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("invoices").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> invoice = it.next();
            String id = invoice.getKey();
            JsonNode want = invoice.getValue();
            String base = "stripe:invoice:" + id + ":INVOICE:1";
            List<JsonNode> family = family(base);
            if (family.isEmpty()) {
                problems.add(id + " (" + want.get("billing_reason").asText() + ", total " + want.get("total").asLong()
                        + "): no INVOICE entry " + base);
                continue;
            }
            Map<String, Long> net = netByRole(family);
            Map<String, Long> wantNet = new TreeMap<>();
            want.get("entry_net_debit_by_role").fields().forEachRemaining(e -> wantNet.put(e.getKey(), e.getValue().asLong()));
            Set<String> roles = new TreeSet<>(INVOICE_ROLES);
            roles.addAll(net.keySet());
            roles.addAll(wantNet.keySet());
            roles.remove("ROUNDING");
            for (String role : roles) {
                long w = wantNet.getOrDefault(role, 0L);
                long a = net.getOrDefault(role, 0L);
                if (w != a) {
                    problems.add(id + " " + role + " net debit: expected " + w + ", actual " + a);
                }
            }
            JsonNode current = current(base);
            if (current != null && !current.get("legalEntity").asText().equals(want.get("legal_entity").asText())) {
                problems.add(id + " legal entity " + current.get("legalEntity").asText());
            }
        }
        assertThat(problems).as("INVOICE entries (AR, CUSTOMER_CREDIT credited/applied, DEFERRED_REVENUE, REVENUE, "
                + "TAX_PAYABLE; net debit per role)").isEmpty();
    }

    @Test
    void usageLinesAreRevenueWithQuantityAndServicePeriod() {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("invoices").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> invoice = it.next();
            for (JsonNode usage : invoice.getValue().get("usage_lines")) {
                String what = invoice.getKey() + " usage line " + usage.get("id").asText();
                JsonNode entry = current("stripe:invoice:" + invoice.getKey() + ":INVOICE:1");
                if (entry == null) {
                    problems.add(what + ": no INVOICE entry");
                    continue;
                }
                boolean found = false;
                for (JsonNode line : entry.get("lines")) {
                    if ("REVENUE".equals(line.path("role").asText()) && "CREDIT".equals(line.path("side").asText())
                            && usage.get("product").asText().equals(line.path("productId").asText())
                            && line.path("amountMinor").asLong() == usage.get("net").asLong()) {
                        found = true;
                        String got = line.path("quantity").asText() + " " + line.path("servicePeriodStart").asText()
                                + ".." + line.path("servicePeriodEnd").asText();
                        String wanted = usage.get("quantity").asText() + " " + usage.get("service_period_start").asText()
                                + ".." + usage.get("service_period_end").asText();
                        if (!got.equals(wanted)) {
                            problems.add(what + ": quantity/servicePeriodStart..servicePeriodEnd expected " + wanted
                                    + ", actual " + got);
                        }
                    }
                }
                if (!found) {
                    problems.add(what + ": no REVENUE credit of " + usage.get("net").asLong() + " for "
                            + usage.get("product").asText());
                }
            }
        }
        assertThat(problems).as("USAGE lines").isEmpty();
    }

    @Test
    void ratableLinesAreRecognizedMonthByMonthAsScheduled() {
        List<String> problems = new ArrayList<>();
        String lastMonth = lastMonthEndedBy(asOf);
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("invoices").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> invoice = it.next();
            for (JsonNode line : invoice.getValue().get("ratable_lines")) {
                String lineId = line.get("id").asText();
                Map<String, Long> want = new TreeMap<>();
                line.get("schedule").fields().forEachRemaining(e -> {
                    if (e.getKey().compareTo(lastMonth) <= 0) {
                        want.put(e.getKey(), e.getValue().asLong());
                    }
                });
                // REVENUE credited per posting period by the line's recognition entries (and their corrections)
                Map<String, Long> actual = new TreeMap<>();
                for (JsonNode entry : entries) {
                    if (!lineId.equals(entry.path("source").path("objectId").asText())) {
                        continue;
                    }
                    for (JsonNode l : entry.get("lines")) {
                        if ("REVENUE".equals(l.get("role").asText())) {
                            long sign = "CREDIT".equals(l.get("side").asText()) ? 1 : -1;
                            actual.merge(entry.get("postingPeriod").asText(), sign * l.get("amountMinor").asLong(), Long::sum);
                        }
                    }
                }
                actual.values().removeIf(v -> v == 0);
                if (!want.equals(actual)) {
                    problems.add(invoice.getKey() + " " + lineId + " (net " + line.get("net").asLong()
                            + (line.get("proration").asBoolean() ? ", proration" : "") + ") recognized per month: expected "
                            + want + ", actual " + actual);
                }
            }
        }
        assertThat(problems).as("REVENUE_RECOGNITION through %s", lastMonth).isEmpty();
    }

    @Test
    void paymentEntriesMatchTheIndependentFigures() {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("payments").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> payment = it.next();
            String id = payment.getKey();
            JsonNode want = payment.getValue();
            List<JsonNode> family = family("stripe:invoice_payment:" + id + ":PAYMENT:1");
            if (family.isEmpty()) {
                problems.add(id + " (invoice " + want.get("invoice").asText() + "): no PAYMENT entry");
                continue;
            }
            check(problems, id + " CASH", sum(family, "CASH", "amountMinor"), want.get("amount").asLong());
            check(problems, id + " CASH functional", sum(family, "CASH", "functionalAmountMinor"),
                    want.get("functional").asLong());
            check(problems, id + " AR", sum(family, "AR", "amountMinor"), -want.get("amount").asLong());
            check(problems, id + " FX_GAIN_LOSS functional", sum(family, "FX_GAIN_LOSS", "functionalAmountMinor"),
                    -want.get("fx_gain").asLong());
        }
        assertThat(problems).as("PAYMENT entries (net debit)").isEmpty();
    }

    @Test
    void disputeEntriesMatchTheIndependentFigures() {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("disputes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> dispute = it.next();
            String id = dispute.getKey();
            JsonNode want = dispute.getValue();
            long amount = want.get("amount").asLong();
            long fee = want.get("fee").asLong();
            String about = id + " (" + want.get("outcome").asText() + ", invoice " + want.get("invoice").asText() + ")";

            List<JsonNode> withdrawn = family("stripe:dispute:" + id + ":DISPUTE:1");
            if (withdrawn.isEmpty()) {
                problems.add(about + ": no DISPUTE entry (funds withdrawn)");
            } else {
                check(problems, about + " DISPUTE DISPUTES_RECEIVABLE", sum(withdrawn, "DISPUTES_RECEIVABLE", "amountMinor"), amount);
                check(problems, about + " DISPUTE BANK_FEES", sum(withdrawn, "BANK_FEES", "amountMinor"), fee);
                check(problems, about + " DISPUTE CASH", sum(withdrawn, "CASH", "amountMinor"), -(amount + fee));
                objectIs(problems, withdrawn, id);
            }
            if ("won".equals(want.get("outcome").asText())) {
                List<JsonNode> won = family("stripe:dispute:" + id + ":DISPUTE_WON:1");
                if (won.isEmpty()) {
                    problems.add(about + ": no DISPUTE_WON entry (funds reinstated)");
                } else {
                    check(problems, about + " DISPUTE_WON CASH", sum(won, "CASH", "amountMinor"), amount);
                    check(problems, about + " DISPUTE_WON CASH functional", sum(won, "CASH", "functionalAmountMinor"),
                            want.get("reinstated_functional").asLong());
                    check(problems, about + " DISPUTE_WON DISPUTES_RECEIVABLE", sum(won, "DISPUTES_RECEIVABLE", "amountMinor"), -amount);
                    check(problems, about + " DISPUTE_WON FX_GAIN_LOSS functional",
                            sum(won, "FX_GAIN_LOSS", "functionalAmountMinor"), -want.get("fx_gain").asLong());
                    objectIs(problems, won, id);
                }
                if (!family("stripe:dispute:" + id + ":DISPUTE_LOST:1").isEmpty()) {
                    problems.add(about + ": a won dispute has a DISPUTE_LOST entry");
                }
            } else if ("lost".equals(want.get("outcome").asText())) {
                List<JsonNode> lost = family("stripe:dispute:" + id + ":DISPUTE_LOST:1");
                if (lost.isEmpty()) {
                    problems.add(about + ": no DISPUTE_LOST entry");
                } else {
                    check(problems, about + " DISPUTE_LOST CONTRA_REVENUE", sum(lost, "CONTRA_REVENUE", "amountMinor"),
                            want.get("contra").asLong());
                    check(problems, about + " DISPUTE_LOST DEFERRED_REVENUE", sum(lost, "DEFERRED_REVENUE", "amountMinor"),
                            want.get("deferred").asLong());
                    check(problems, about + " DISPUTE_LOST DISPUTES_RECEIVABLE", sum(lost, "DISPUTES_RECEIVABLE", "amountMinor"), -amount);
                    objectIs(problems, lost, id);
                }
            }
        }
        assertThat(problems).as("DISPUTE, DISPUTE_WON, DISPUTE_LOST entries (net debit)").isEmpty();
    }

    /** Every entry id expected.json derives is posted; anything else is a correction (:reversed, :rN) of one. */
    @Test
    void entryIdsAreTheOnesTheRulesDerive() {
        Set<String> want = new TreeSet<>();
        expected.get("entry_ids").forEach(id -> want.add(id.asText()));
        Set<String> actual = new TreeSet<>();
        entries.forEach(e -> actual.add(e.get("entryId").asText()));

        Set<String> missing = new TreeSet<>(want);
        missing.removeAll(actual);
        Set<String> unexpected = new TreeSet<>();
        for (String id : actual) {
            String base = id.replaceFirst("(:r\\d+)?(:reversed)?$", "");
            if (!want.contains(base)) {
                unexpected.add(id);
            }
        }
        assertThat(missing).as("entry ids not posted (%d of %d)", missing.size(), want.size()).isEmpty();
        assertThat(unexpected).as("entry ids the rules do not derive").isEmpty();
    }

    @Test
    void noDeadLetters() throws IOException {
        Path deadLetters = output.resolve("q2c.deadletter.jsonl");
        assertThat(deadLetters).exists();
        List<String> deadLetterTexts = readJsonLines(deadLetters).stream().map(JsonNode::toString).toList();
        assertThat(deadLetterTexts).as("dead letters").isEmpty();
    }

    @Test
    void noOpenExceptions() throws IOException {
        Path exceptions = output.resolve("q2c.exceptions.jsonl");
        assertThat(exceptions).exists();
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode exception : readJsonLines(exceptions)) {
            latest.put(exception.path("exceptionId").asText(), exception);
        }
        List<String> open = latest.values().stream()
                .filter(e -> "OPEN".equals(e.path("status").asText()))
                .map(e -> e.path("reason").asText() + " " + e.path("source").path("objectId").asText()
                        + (e.hasNonNull("waitingFor") ? " waiting for " + e.get("waitingFor").asText() : "") + ": "
                        + e.path("message").asText())
                .sorted()
                .toList();
        assertThat(open).as("exceptions still OPEN at the end of the run").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The entry with that id and its corrections: {@code id:reversed}, {@code id:r2}, {@code id:r2:reversed}, ... */
    private List<JsonNode> family(String base) {
        return entries.stream().filter(e -> {
            String id = e.get("entryId").asText();
            return id.equals(base) || id.startsWith(base + ":");
        }).toList();
    }

    /** The latest version of an entry (the highest revision that is not a reversal), or null. */
    private JsonNode current(String base) {
        return family(base).stream()
                .filter(e -> !e.get("entryId").asText().endsWith(":reversed"))
                .max(Comparator.comparingInt(e -> revision(e.get("entryId").asText())))
                .orElse(null);
    }

    private static int revision(String id) {
        Matcher m = REVISION.matcher(id);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static Map<String, Long> netByRole(List<JsonNode> family) {
        Map<String, Long> net = new TreeMap<>();
        for (JsonNode entry : family) {
            for (JsonNode line : entry.get("lines")) {
                long sign = "DEBIT".equals(line.get("side").asText()) ? 1 : -1;
                net.merge(line.get("role").asText(), sign * line.get("amountMinor").asLong(), Long::sum);
            }
        }
        net.values().removeIf(v -> v == 0);
        return net;
    }

    /** Net debit of a role over a family of entries in one field. */
    private static long sum(List<JsonNode> family, String role, String field) {
        long total = 0;
        for (JsonNode entry : family) {
            for (JsonNode line : entry.get("lines")) {
                if (role.equals(line.get("role").asText())) {
                    long sign = "DEBIT".equals(line.get("side").asText()) ? 1 : -1;
                    total += sign * line.get(field).asLong();
                }
            }
        }
        return total;
    }

    private static void check(List<String> problems, String what, long actual, long expected) {
        if (actual != expected) {
            problems.add(what + ": expected " + expected + ", actual " + actual);
        }
    }

    private static void objectIs(List<String> problems, List<JsonNode> family, String disputeId) {
        for (JsonNode entry : family) {
            JsonNode source = entry.path("source");
            if (!"dispute".equals(source.path("objectType").asText()) || !disputeId.equals(source.path("objectId").asText())) {
                problems.add(entry.get("entryId").asText() + ": source " + source + ", expected objectType dispute, objectId "
                        + disputeId);
            }
        }
    }

    private static long sumSide(JsonNode entry, String side, String field) {
        long total = 0;
        for (JsonNode line : entry.get("lines")) {
            if (side.equals(line.get("side").asText())) {
                total += line.get(field).asLong();
            }
        }
        return total;
    }

    /** yyyy-MM of the last calendar month that ended on or before the as-of date (UTC midnight). */
    private static String lastMonthEndedBy(String asOfDate) {
        java.time.LocalDate date = java.time.LocalDate.parse(asOfDate.substring(0, 10));
        java.time.YearMonth month = java.time.YearMonth.from(date).minusMonths(1);
        return month.toString();
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                records.add(MAPPER.readTree(line));
            }
        }
        return records;
    }
}
