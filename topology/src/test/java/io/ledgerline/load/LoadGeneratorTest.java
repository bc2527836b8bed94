package io.ledgerline.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.ingest.ErpMasterDataNormalizer;
import io.ledgerline.ingest.NormalizeResult;
import io.ledgerline.ingest.SalesforceCdcDecoder;
import io.ledgerline.ingest.StripeEventNormalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> lines(Path dir, ExportFile file) throws IOException {
        return Files.readAllLines(dir.resolve(file.fileName()), StandardCharsets.UTF_8);
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
        LoadGenerator.write(LoadSettings.ofAccounts(150, 7), dir.resolve("a"), line -> { });
        LoadGenerator.write(LoadSettings.ofAccounts(150, 7), dir.resolve("b"), line -> { });
        LoadGenerator.write(LoadSettings.ofAccounts(150, 8), dir.resolve("c"), line -> { });
        for (ExportFile file : ExportFile.values()) {
            byte[] a = Files.readAllBytes(dir.resolve("a").resolve(file.fileName()));
            assertThat(a).as(file.fileName()).isNotEmpty()
                    .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file.fileName())));
            assertThat(a).as(file.fileName()).isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve(file.fileName())));
        }
    }

    @Test
    void everyLineIsAcceptedByItsNormalizer(@TempDir Path dir) throws IOException {
        LoadSummary summary = LoadGenerator.write(LoadSettings.ofAccounts(400, 11), dir, line -> { });
        List<String> problems = new ArrayList<>();
        ErpMasterDataNormalizer erp = new ErpMasterDataNormalizer();
        for (String line : lines(dir, ExportFile.ERP_MASTERDATA)) {
            check(erp.normalize(line.getBytes(StandardCharsets.UTF_8)), line, problems);
        }
        SalesforceCdcDecoder cdc = new SalesforceCdcDecoder();
        for (String line : lines(dir, ExportFile.SALESFORCE_CDC)) {
            check(cdc.decode(line.getBytes(StandardCharsets.UTF_8)), line, problems);
        }
        StripeEventNormalizer stripe = new StripeEventNormalizer();
        for (String line : lines(dir, ExportFile.STRIPE_EVENTS)) {
            check(stripe.normalize(line.getBytes(StandardCharsets.UTF_8)), line, problems);
        }
        assertThat(problems).as("lines not accepted").isEmpty();
        assertThat(summary.totalLines()).isEqualTo(lines(dir, ExportFile.ERP_MASTERDATA).size()
                + lines(dir, ExportFile.SALESFORCE_CDC).size() + lines(dir, ExportFile.STRIPE_EVENTS).size());
    }

    private static void check(NormalizeResult<?> result, String line, List<String> problems) {
        if (!result.isAccepted() && problems.size() < 10) {
            problems.add(result + " <- " + line);
        }
    }

    @Test
    void theMixHasEveryKindEveryCurrencyDuplicatesAndUniqueIds(@TempDir Path dir) throws IOException {
        LoadSummary summary = LoadGenerator.write(LoadSettings.ofAccounts(400, 3), dir, line -> { });
        assertThat(summary.kinds().keySet()).containsAll(List.of("customer.created", "customer.subscription.created",
                "customer.subscription.deleted", "invoice.finalized", "invoice_payment.paid", "invoice.paid",
                "invoice.voided", "credit_note.created", "refund.created", "charge.dispute.created",
                "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated", "charge.dispute.closed", "Account CREATE", "Opportunity CREATE",
                "Opportunity UPDATE (Closed Won)"));
        Set<String> currencies = new TreeSet<>();
        Map<String, String> byEventId = new HashMap<>();
        Set<String> invoiceIds = new HashSet<>();
        long stripeLines = 0;
        long duplicates = 0;
        Set<String> usage = new HashSet<>();
        for (String line : lines(dir, ExportFile.STRIPE_EVENTS)) {
            stripeLines++;
            JsonNode event = MAPPER.readTree(line);
            String previous = byEventId.put(event.get("id").asText(), line);
            if (previous != null) {
                assertThat(line).as("a redelivery is byte-identical").isEqualTo(previous);
                duplicates++;
                continue;
            }
            JsonNode object = event.at("/data/object");
            if (object.has("currency")) {
                currencies.add(object.get("currency").asText());
            }
            if ("invoice.finalized".equals(event.get("type").asText())) {
                assertThat(invoiceIds.add(object.get("id").asText())).isTrue();
                object.at("/lines/data").forEach(l -> usage.add(l.at("/pricing/price_details/product").asText()));
            }
        }
        assertThat(currencies).containsExactly("bhd", "eur", "jpy", "usd");
        assertThat(usage).contains("prod_api_calls", "prod_platform", "prod_seats", "prod_onboarding");
        assertThat(duplicates).isEqualTo(summary.duplicates());
        assertThat((double) duplicates / (stripeLines - duplicates)).isBetween(0.03, 0.07);
        assertThat(summary.late()).isPositive();

        // master data first: every entity, role and product, a crosswalk per account
        List<JsonNode> masterData = new ArrayList<>();
        for (String line : lines(dir, ExportFile.ERP_MASTERDATA)) {
            masterData.add(MAPPER.readTree(line));
        }
        assertThat(masterData.stream().filter(r -> "legal_entity".equals(r.get("type").asText()))
                .map(r -> r.get("functionalCurrency").asText()).toList()).containsExactly("USD", "EUR", "JPY", "BHD");
        assertThat(masterData.stream().filter(r -> "gl_mapping".equals(r.get("type").asText())).count()).isEqualTo(4 * 11);
        assertThat(masterData.stream().filter(r -> "product_mapping".equals(r.get("type").asText()))
                .map(r -> r.get("recognition").asText()).distinct().toList())
                .containsExactlyInAnyOrder("RATABLE", "POINT_IN_TIME", "USAGE");
        assertThat(masterData.stream().filter(r -> "customer_crosswalk".equals(r.get("type").asText())).count())
                .isEqualTo(400);
    }

    @Test
    void sizedByEventsWritesAboutThatManyRecords(@TempDir Path dir) throws IOException {
        LoadSummary summary = LoadGenerator.generate(LoadSettings.ofEvents(30_000, 5), (file, line) -> { }, line -> { });
        assertThat(summary.totalLines()).isBetween(30_000L, 30_300L);
    }

    @Test
    void anAccountIsTheSameWhateverTheNumberOfAccounts() {
        AccountPlanner planner = new AccountPlanner(LoadSettings.ofAccounts(10, 99));
        AccountPlanner other = new AccountPlanner(LoadSettings.ofAccounts(5000, 99));
        assertThat(other.plan(3).account).isEqualTo(planner.plan(3).account);
    }
}
