package io.ledgerline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The whole demo stack in this JVM over the bundled basic fixtures: Connect replays them, the pipeline drains, and the
 * summary and the HTTP API tell the same story as fixtures/basic/expected.json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME = "001C1AC32E5DD5537B";
    private static final String ACME_OPPORTUNITY = "006E38CD89DD1E2713";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> progress = new ArrayList<>();
    private DemoStack stack;
    private LedgerReport report;

    @BeforeAll
    void startAndDrain() throws Exception {
        stack = new DemoStack(new DemoStack.Options(null, null, 0, 0, 4, Duration.ofSeconds(90)), progress::add);
        stack.start();
        report = stack.awaitDrained();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void trialBalanceBalancesPerLegalEntityAndCurrency() {
        assertThat(report.trialBalance().books()).hasSize(3);
        report.trialBalance().books().forEach((key, book) -> assertThat(book.balanced()).as(key.toString()).isTrue());
        assertThat(report.openExceptions()).isEmpty();
    }

    @Test
    void receivablesAreSettledAndCashMatchesThePaymentsLessRefunds() {
        // expected.json: USD invoices of LE-US total 14,613.75 + 6,000 + 2,500 (voided), all paid, credited or voided
        TrialBalance.Book usUsd = book("LE-US", "USD");
        assertThat(usUsd.byRole("AR").debit()).isEqualTo(1_461_375 + 600_000 + 250_000);
        assertThat(usUsd.byRole("AR").net()).isZero();
        assertThat(usUsd.byRole("CASH").net()).isEqualTo(1_461_375 + 500_000 - 50_000);
        // Cobalt pays 1,000 EUR worth 1,100 USD on payment day
        TrialBalance.Account usEurCash = book("LE-US", "EUR").byRole("CASH");
        assertThat(usEurCash.net()).isEqualTo(100_000);
        assertThat(usEurCash.functionalDebit()).isEqualTo(110_000);
        assertThat(book("LE-DE", "EUR").byRole("CASH").net()).isEqualTo(2_856_000);
        assertThat(book("LE-DE", "EUR").byRole("AR").net()).isZero();
    }

    @Test
    void reportsProgressAndTheFirstJournalEntry() {
        assertThat(progress).anyMatch(line -> line.contains("Kafka Connect") && line.contains("http://127.0.0.1:"));
        assertThat(progress).anyMatch(line -> line.contains("first journal entry after"));
        assertThat(stack.firstEntry()).isPresent();
    }

    @Test
    void readyAndMetrics() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("state").asText()).isEqualTo("RUNNING");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kafka_stream_");
        // the embedded lag monitor reports the pipeline's own group
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/metrics").body())
                .containsPattern("kafka_consumergroup_group_lag_seconds\\{[^}]*group=\"" + DemoStack.APPLICATION_ID + "\""));
    }

    @Test
    void theSummaryListsTheOpenAlertAndMetricsCountIt() throws Exception {
        // the history's one Closed Won opportunity without a subscription, not provisioned and so not billed either;
        // JOURNAL_NOT_POSTED and NOT_POSTED are not watched (no ERP results)
        assertThat(report.alerts()).hasSize(2);
        assertThat(report.alerts()).anySatisfy(a -> assertThat(a).asString().contains("ORDER_NOT_PROVISIONED", "0069021FAE3460D3B6"));
        assertThat(report.alerts()).anySatisfy(a -> assertThat(a).asString().contains("BOOKED_NOT_BILLED", "0069021FAE3460D3B6"));
        String metrics = get("/metrics").body();
        assertThat(metrics).containsPattern("ledgerline_workflow_alerts_open\\{[^}]*kind=\"ORDER_NOT_PROVISIONED\"[^}]*stage=\"ledger\"[^}]*} 1\\.0");
        assertThat(metrics).containsPattern("ledgerline_journal_entries_total\\{[^}]*entry_type=\"INVOICE\"[^}]*erp=\"netsuite\"[^}]*} 4\\.0");
        assertThat(metrics).contains("ledgerline_end_to_end_seconds_bucket", "ledgerline_invoice_to_journal_seconds_count",
                "ledgerline_quote_to_bill_seconds_count", "ledgerline_journal_amount_minor_total{currency=\"USD\"");
    }

    @Test
    void everyMetricTheAlertRulesAndTheDashboardNameIsExported() {
        java.util.Set<String> named = io.ledgerline.monitoring.MonitoringCatalog.metricNames(java.util.stream.Stream.concat(
                io.ledgerline.monitoring.MonitoringCatalog.ruleExpressions().stream(),
                io.ledgerline.monitoring.MonitoringCatalog.dashboardExpressions().stream()).toList());
        assertThat(named).hasSizeGreaterThan(10);
        // Micrometer binds Kafka Streams' metrics as they appear; the lag monitor's after its first poll
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(io.ledgerline.monitoring.MonitoringCatalog.exported(get("/metrics").body())).containsAll(named));
    }

    @Test
    void accountShowsAcmesPaidInvoice() throws Exception {
        HttpResponse<String> response = get("/accounts/" + ACME);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode account = JSON.readTree(response.body());
        assertThat(account.path("accountId").asText()).isEqualTo(ACME);
        assertThat(account.path("legalEntity").asText()).isEqualTo("LE-US");
        JsonNode invoice = StreamSupport.stream(account.path("invoices").spliterator(), false)
                .filter(i -> i.path("invoiceId").asText().equals("in_Acme0001")).findFirst().orElseThrow();
        assertThat(invoice.path("status").asText()).isEqualTo("paid");
        assertThat(invoice.path("totalMinor").asLong()).isEqualTo(1_461_375);
        assertThat(invoice.path("paidMinor").asLong()).isEqualTo(1_461_375);
        assertThat(invoice.path("outstandingMinor").asLong()).isZero();
    }

    @Test
    void reconciliationOfAcmeAndCloseReadinessOverTheApiAndTheCli(@org.junit.jupiter.api.io.TempDir java.nio.file.Path reports) throws Exception {
        HttpResponse<String> response = get("/reconciliation/" + ACME);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode usd = JSON.readTree(response.body()).path("currencies").get(0);
        assertThat(usd.path("currency").asText()).isEqualTo("USD");
        assertThat(usd.path("bookedMinor").asLong()).isEqualTo(1_350_000);
        assertThat(usd.path("billedMinor").asLong()).isEqualTo(1_350_000);
        assertThat(usd.path("collectedMinor").asLong()).isEqualTo(1_461_375);
        assertThat(usd.path("recognizedMinor").asLong() + usd.path("deferredMinor").asLong()).isEqualTo(1_350_000);
        assertThat(usd.path("identitiesHold").asBoolean()).isTrue();
        assertThat(get("/reconciliation/no-such-account").statusCode()).isEqualTo(404);

        // the demo has no ERP results: nothing is posted, so the close of LE-DE's February is blocked by its entries
        HttpResponse<String> close = get("/close/LE-DE/2026-02");
        assertThat(close.statusCode()).as(close.body()).isEqualTo(200);
        JsonNode status = JSON.readTree(close.body());
        assertThat(status.path("status").asText()).isEqualTo("BLOCKED");
        assertThat(status.path("blockers").toString()).contains("ENTRY_NOT_POSTED", "stripe:invoice:in_Bergmann01:INVOICE:1");
        assertThat(get("/close/LE-DE/February").statusCode()).isEqualTo(400);

        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.ledgerline.cli.LedgerlineCli()).setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute("close-check", "--api", stack.apiUrl(), "--entity", "LE-DE", "--period", "2026-02")).isEqualTo(1);
        assertThat(out.toString()).startsWith("LE-DE 2026-02: BLOCKED").contains("ENTRY_NOT_POSTED  stripe:invoice:in_Bergmann01:INVOICE:1");
        assertThat(cli.execute("reconcile", "--api", stack.apiUrl(), "--output", reports.toString())).isZero();
        List<String> rows = java.nio.file.Files.readAllLines(reports.resolve("reconciliation.csv"));
        assertThat(rows.get(0)).startsWith("legal_entity,period,currency,account_id,booked_minor");
        assertThat(rows).anyMatch(r -> r.startsWith("LE-DE,2026-02,EUR,TOTAL,2400000,2400000,2856000,"));
        assertThat(java.nio.file.Files.readAllLines(reports.resolve("revenue-waterfall.csv"))).contains("LE-US,USD,2026-01,2026-01,205890");
    }

    @Test
    void transactionTimelineOfAcmesOpportunity() throws Exception {
        HttpResponse<String> response = get("/transactions/" + ACME_OPPORTUNITY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode timeline = JSON.readTree(response.body());
        assertThat(timeline.path("correlationId").asText()).isEqualTo(ACME_OPPORTUNITY);
        assertThat(timeline.path("accountId").asText()).isEqualTo(ACME);
        assertThat(timeline.path("stage").asText()).isEqualTo("PAID");
        List<String> systems = new ArrayList<>();
        timeline.path("steps").forEach(step -> systems.add(step.path("system").asText()));
        assertThat(systems).contains("salesforce", "stripe", "ledgerline");
    }

    @Test
    void unknownIdsAreJson404s() throws Exception {
        HttpResponse<String> account = get("/accounts/no-such-account");
        assertThat(account.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(account.body()).path("status").asInt()).isEqualTo(404);
        assertThat(JSON.readTree(account.body()).path("error").asText()).contains("no-such-account");
        assertThat(get("/transactions/no-such-transaction").statusCode()).isEqualTo(404);
    }

    private TrialBalance.Book book(String legalEntity, String currency) {
        return report.trialBalance().books().get(new TrialBalance.BookKey(legalEntity, currency));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
