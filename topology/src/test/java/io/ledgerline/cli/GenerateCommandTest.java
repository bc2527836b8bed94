package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.runtime.ExportFileReplayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    private static final int COPIES = 40;
    private static final Pattern STRIPE_COPY = Pattern.compile("[a-z]+_[A-Za-z0-9]+x([0-9A-Z]{6})");

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(GenerateCommand.MAPPER.readTree(line));
        }
        return nodes;
    }

    private static int copyOf(String stripeId) {
        Matcher m = STRIPE_COPY.matcher(stripeId);
        assertThat(m.matches()).as(stripeId).isTrue();
        return Integer.parseInt(m.group(1), 36);
    }

    @Test
    void linesPerFileScaleWithTheCopiesAndOnlyCrosswalksRepeat(@TempDir Path dir) throws IOException {
        GenerateCommand.Template template = GenerateCommand.Template.bundled();
        assertThat(template.accountsPerCopy()).isEqualTo(6);
        assertThat(template.cdc()).hasSize(16);
        assertThat(template.stripe()).hasSize(23);
        long crosswalks = template.masterdata().stream().filter(GenerateCommand.Template::perCopy).count();
        assertThat(crosswalks).isEqualTo(5);
        long shared = template.masterdata().size() - crosswalks;

        GenerateCommand.Summary summary = template.write(COPIES, dir, line -> { });

        assertThat(summary.accounts()).isEqualTo(COPIES * 6);
        assertThat(Files.readAllLines(dir.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE))).hasSize(COPIES * 16);
        assertThat(Files.readAllLines(dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE))).hasSize(COPIES * 23);
        List<JsonNode> masterdata = lines(dir.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE));
        assertThat(masterdata).hasSize((int) (shared + COPIES * crosswalks));
        // shared master data once and unchanged
        List<JsonNode> nonCrosswalk = masterdata.stream().filter(l -> !GenerateCommand.Template.perCopy(l)).toList();
        assertThat(nonCrosswalk).containsExactlyElementsOf(
                template.masterdata().stream().filter(l -> !GenerateCommand.Template.perCopy(l)).toList());
        assertThat(summary.lines()).containsEntry(ExportFileReplayer.SALESFORCE_CDC_FILE, (long) COPIES * 16)
                .containsEntry(ExportFileReplayer.STRIPE_EVENTS_FILE, (long) COPIES * 23)
                .containsEntry(ExportFileReplayer.ERP_MASTERDATA_FILE, shared + COPIES * crosswalks);
    }

    @Test
    void idsAreUniqueAcrossCopiesAndEveryReferenceStaysInItsCopy(@TempDir Path dir) throws IOException {
        GenerateCommand.generate(COPIES, dir, line -> { });
        List<JsonNode> stripe = lines(dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE));
        List<JsonNode> cdc = lines(dir.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE));
        List<JsonNode> crosswalks = lines(dir.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE)).stream()
                .filter(GenerateCommand.Template::perCopy).toList();

        // the basic history delivers one event twice; every other event id is distinct, also across copies
        Map<String, Integer> eventIds = new HashMap<>();
        stripe.forEach(e -> eventIds.merge(e.get("id").asText(), 1, Integer::sum));
        assertThat(eventIds).hasSize(COPIES * 22);
        assertThat(eventIds.values().stream().filter(n -> n == 2).count()).isEqualTo(COPIES);

        Set<String> invoices = new HashSet<>();
        Set<String> invoiceNumbers = new HashSet<>();
        Map<String, Integer> copyOfCustomer = new HashMap<>();
        Map<String, Integer> copyOfInvoice = new HashMap<>();
        Map<String, Integer> copyOfPaymentIntent = new HashMap<>();
        Set<String> seenEvents = new HashSet<>();
        for (JsonNode event : stripe) {
            JsonNode object = event.path("data").path("object");
            int copy = copyOf(event.get("id").asText());
            if (!seenEvents.add(event.get("id").asText())) {
                continue; // the redelivered event
            }
            assertThat(copyOf(object.get("id").asText())).as("object of %s", event.get("id")).isEqualTo(copy);
            switch (event.get("type").asText()) {
                case "customer.created" -> {
                    copyOfCustomer.put(object.get("id").asText(), copy);
                    assertThat(object.at("/metadata/crm_account_id").asText()).hasSize(18)
                            .endsWith(GenerateCommand.tag(copy));
                }
                case "customer.subscription.created" ->
                        assertThat(object.at("/metadata/crm_opportunity_id").asText()).hasSize(18)
                                .startsWith("006").endsWith(GenerateCommand.tag(copy));
                case "invoice.finalized" -> {
                    assertThat(invoices.add(object.get("id").asText())).as("invoice %s", object.get("id")).isTrue();
                    assertThat(invoiceNumbers.add(object.get("number").asText())).isTrue();
                    copyOfInvoice.put(object.get("id").asText(), copy);
                    object.at("/lines/data").forEach(line -> assertThat(copyOf(line.get("id").asText())).isEqualTo(copy));
                }
                case "invoice_payment.paid" ->
                        copyOfPaymentIntent.put(object.at("/payment/payment_intent").asText(), copy);
                default -> { }
            }
        }
        assertThat(invoices).hasSize(COPIES * 5);
        assertThat(copyOfCustomer).hasSize(COPIES * 5);
        assertThat(copyOfPaymentIntent).hasSize(COPIES * 4);

        // every reference points at an object of the same copy
        for (JsonNode event : stripe) {
            int copy = copyOf(event.get("id").asText());
            JsonNode object = event.path("data").path("object");
            checkReference(object, "customer", copyOfCustomer, copy);
            checkReference(object, "invoice", copyOfInvoice, copy);
            checkReference(object, "payment_intent", copyOfPaymentIntent, copy);
            checkReference(object.path("payment"), "payment_intent", copyOfPaymentIntent, copy);
        }

        // Salesforce: 18-character ids, unique per copy; opportunities point at their copy's account
        Set<String> accounts = new HashSet<>();
        Set<String> transactionKeys = new HashSet<>();
        Set<Long> replayIds = new HashSet<>();
        long previousReplayId = Long.MIN_VALUE;
        for (JsonNode change : cdc) {
            JsonNode header = change.at("/payload/ChangeEventHeader");
            String id = header.at("/recordIds/0").asText();
            assertThat(id).hasSize(18);
            if ("Account".equals(header.get("entityName").asText())) {
                assertThat(accounts.add(id)).as(id).isTrue();
            }
            if (change.at("/payload/AccountId").isTextual()) {
                assertThat(change.at("/payload/AccountId").asText()).hasSize(18).endsWith(id.substring(12));
            }
            assertThat(transactionKeys.add(header.get("transactionKey").asText())).isTrue();
            long replayId = change.at("/event/replayId").longValue();
            assertThat(replayIds.add(replayId)).isTrue();
            assertThat(replayId).isGreaterThan(previousReplayId);
            previousReplayId = replayId;
        }
        assertThat(accounts).hasSize(COPIES * 6);

        // crosswalks: the copy's account, customer and a distinct ERP customer id
        Set<String> erpCustomers = new HashSet<>();
        for (JsonNode crosswalk : crosswalks) {
            String customer = crosswalk.get("billingCustomerId").asText();
            int copy = copyOfCustomer.get(customer);
            assertThat(crosswalk.get("crmAccountId").asText()).isIn(accounts).endsWith(GenerateCommand.tag(copy));
            assertThat(erpCustomers.add(crosswalk.get("erpCustomerId").asText())).isTrue();
        }
        assertThat(erpCustomers).hasSize(COPIES * 5);
    }

    private static void checkReference(JsonNode object, String field, Map<String, Integer> copyOfTarget, int copy) {
        JsonNode reference = object.get(field);
        if (reference != null && reference.isTextual()) {
            assertThat(copyOfTarget).as("%s %s", field, reference).containsEntry(reference.asText(), copy);
        }
    }

    @Test
    void everyCopyKeepsTheTemplatesAmountsAndDates(@TempDir Path dir) throws IOException {
        GenerateCommand.Template template = GenerateCommand.Template.bundled();
        template.write(3, dir, line -> { });
        checkSameExceptIds(template.stripe(), lines(dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE)), 3);
        checkSameExceptIds(template.cdc(), lines(dir.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE)), 3);
    }

    /** Line i × copies + k of the output is copy k of template line i: same shape, numbers, dates; ids renamed. */
    private static void checkSameExceptIds(List<JsonNode> template, List<JsonNode> output, int copies) {
        assertThat(output).hasSize(template.size() * copies);
        for (int i = 0; i < template.size(); i++) {
            for (int k = 0; k < copies; k++) {
                GenerateCommand.CopyRenamer renamer = new GenerateCommand.CopyRenamer(k);
                compare(template.get(i), output.get(i * copies + k), null, renamer::text, renamer::replayId);
            }
        }
    }

    private static void compare(JsonNode expected, JsonNode actual, String field,
                                java.util.function.BinaryOperator<String> rename, Function<Long, Long> replayId) {
        assertThat(actual.getNodeType()).as(field).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            assertThat(actual.size()).isEqualTo(expected.size());
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                compare(expected.get(name), actual.get(name), name, rename, replayId);
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                compare(expected.get(i), actual.get(i), null, rename, replayId);
            }
        } else if (expected.isTextual()) {
            assertThat(actual.asText()).isEqualTo(rename.apply(field, expected.asText()));
            if (actual.asText().matches("\\d{4}-\\d{2}-\\d{2}.*") || field != null && field.endsWith("Date")) {
                assertThat(actual.asText()).as("dates are kept").isEqualTo(expected.asText());
            }
        } else if ("replayId".equals(field)) {
            assertThat(actual.longValue()).isEqualTo(replayId.apply(expected.longValue()));
        } else {
            // amounts, timestamps, flags: exactly as in the template, down to the number's text
            assertThat(actual.toString()).as(field).isEqualTo(expected.toString());
        }
    }

    @Test
    void renamingIsStableAndKeepsShapes() {
        GenerateCommand.CopyRenamer copy37 = new GenerateCommand.CopyRenamer(37);
        assertThat(GenerateCommand.tag(37)).isEqualTo("000011");
        assertThat(copy37.text("id", "in_Acme0001")).isEqualTo("in_Acme0001x000011");
        assertThat(copy37.text("AccountId", "001C1AC32E5DD5537B")).isEqualTo("001C1AC32E5D000011");
        assertThat(copy37.text("number", "ACME-0001")).isEqualTo("ACME-0001-000011");
        assertThat(copy37.text("transactionKey", "b7d63e73-306c-0000-0000-df2101e68362"))
                .isEqualTo("b7d63e73-306c-0000-0025-df2101e68362");
        assertThat(copy37.replayId(1007)).isEqualTo(1_007_000_037L);
        // shared ids and ordinary values are kept
        for (String kept : List.of("price_674d99bd286f5f", "si_d997ae5ac9ed44", "prod_platform", "txr_a99b961584ef",
                "subscription_create", "invoice_payment", "requested_by_customer", "005AAAAAAAAAAAAAAA", "usd")) {
            assertThat(copy37.text("x", kept)).isEqualTo(kept);
        }
        assertThatThrownBy(() -> new GenerateCommand.CopyRenamer(GenerateCommand.MAX_COPIES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outputIsDeterministic(@TempDir Path first, @TempDir Path second) throws IOException {
        GenerateCommand.generate(7, first, line -> { });
        GenerateCommand.generate(7, second, line -> { });
        for (String file : ExportFileReplayer.REQUIRED_FILES.keySet()) {
            assertThat(Files.readAllBytes(second.resolve(file))).as(file).isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
    }

    @Test
    void theCommandRoundsAccountsUpToWholeCopies(@TempDir Path dir) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LedgerlineCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        int exit = cli.execute("generate", "--accounts", "13", "--output", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Generated 18 accounts (3 copies");
        assertThat(Files.readAllLines(dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE))).hasSize(3 * 23);
        assertThat(cli.execute("generate", "--accounts", "0", "--output", dir.toString()))
                .isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--accounts must be at least 1");
    }

    @Test
    void theRealisticMixIsSizedByAccountsOrEventsAndRefusesBothOrNeither(@TempDir Path dir) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LedgerlineCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        assertThat(cli.execute("generate", "--mix", "realistic", "--events", "3000", "--seed", "4",
                "--output", dir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("realistic mix, seed 4", "invoice.finalized", "(Stripe duplicates)");
        long lines = 0;
        for (String file : ExportFileReplayer.REQUIRED_FILES.keySet()) {
            lines += Files.readAllLines(dir.resolve(file)).size();
        }
        assertThat(lines).isBetween(3_000L, 3_200L);

        assertThat(cli.execute("generate", "--mix", "realistic", "--output", dir.toString()))
                .isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(cli.execute("generate", "--mix", "realistic", "--accounts", "5", "--events", "100",
                "--output", dir.toString())).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("needs either --accounts N or --events N");
        assertThat(cli.execute("generate", "--events", "100", "--output", dir.toString()))
                .isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--events needs --mix realistic");
        assertThat(cli.execute("generate", "--output", dir.toString())).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--accounts N is required");
    }
}
