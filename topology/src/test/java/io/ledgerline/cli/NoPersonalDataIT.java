package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.ExportFileReplayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal topics ({@code erp.journal.*}, which the ERP and its staging tables keep for years) and the contract
 * topic ({@code q2c.contracts}, read by analysts) carry no customer e-mail address and no personal name from the
 * inputs. Over the basic fixtures as they are (their Stripe customers are companies, named as their CRM accounts, which
 * the contract state keeps as business data), and over a copy in which every Stripe customer is a person with an
 * e-mail, phone and shipping name, every invoice names its customer, and every CRM account has a Contact.
 */
class NoPersonalDataIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("../fixtures/basic");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final List<String> PEOPLE = List.of("Maria Schneider", "Jonathan Appleby", "Priya Raghunathan",
            "Oluwaseun Adeyemi", "Ingrid Halvorsen", "Tomasz Wielgosz");

    @TempDir
    Path dir;

    @Test
    void theFixturesAsTheyAreLeaveNoEmailInJournalsOrContracts() throws IOException {
        Set<String> personal = personalData(FIXTURES);
        assertThat(personal).as("the fixtures' billing e-mail addresses").contains("billing@acme.example");

        assertNoneIn(process(FIXTURES, dir.resolve("out")), personal);
    }

    @Test
    void customersWhoArePeopleLeaveNoNameEmailOrPhoneInJournalsOrContracts() throws IOException {
        Path input = withPersonalData(dir.resolve("input"));
        Set<String> personal = personalData(input);
        assertThat(personal).as("what the copy added").contains(PEOPLE.get(0), "Schneider",
                "maria.schneider@example.com", "+49 30 5550100");

        Path output = process(input, dir.resolve("out"));

        assertNoneIn(output, personal);
        // the copy was booked like the fixtures: the check looked at real journals and contracts
        assertThat(Files.readString(output.resolve(Topics.CONTRACTS + ".jsonl"))).contains("in_Acme0001");
    }

    private static Path process(Path input, Path output) {
        ProcessCommandIT.Run run = ProcessCommandIT.process("process", "--input", input.toString(), "--output",
                output.toString(), "--as-of", "2026-07-01T00:00:00Z");
        assertThat(run.exitCode()).as("process exit code; stderr:%n%s", run.err()).isZero();
        return output;
    }

    /** No personal datum in any journal topic or the contract topic (by value, anywhere in the JSON). */
    private static void assertNoneIn(Path output, Set<String> personal) throws IOException {
        List<Path> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            files.filter(f -> f.getFileName().toString().startsWith("erp.journal.")
                    || f.getFileName().toString().equals(Topics.CONTRACTS + ".jsonl")).forEach(checked::add);
        }
        assertThat(checked).as("journal and contract files").hasSizeGreaterThanOrEqualTo(3);
        for (Path file : checked) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).as(file.getFileName() + " is not empty").isNotBlank();
            for (String datum : personal) {
                assertThat(text).as(file.getFileName() + " holds personal data").doesNotContainIgnoringCase(datum);
            }
            Matcher email = EMAIL.matcher(text);
            assertThat(email.find()).as(file.getFileName() + " holds an e-mail address").isFalse();
        }
    }

    /**
     * The personal data of the inputs: every e-mail address anywhere; the names and phones of Stripe customers
     * (customer, shipping, the invoice's copy) that are not a CRM account's name; Contacts', Leads' and Users' names.
     */
    private static Set<String> personalData(Path input) throws IOException {
        Set<String> accountNames = new TreeSet<>();
        Set<String> personal = new TreeSet<>();
        for (String file : List.of(ExportFileReplayer.SALESFORCE_CDC_FILE, ExportFileReplayer.STRIPE_EVENTS_FILE,
                ExportFileReplayer.ERP_MASTERDATA_FILE)) {
            Matcher email = EMAIL.matcher(Files.readString(input.resolve(file)));
            while (email.find()) {
                personal.add(email.group());
            }
        }
        for (JsonNode event : lines(input.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE))) {
            JsonNode payload = event.path("payload");
            String entity = payload.path("ChangeEventHeader").path("entityName").asText();
            if (entity.equals("Account")) {
                accountNames.add(payload.path("Name").asText());
            } else if (Set.of("Contact", "Lead", "User").contains(entity)) {
                for (String field : List.of("Name", "FirstName", "LastName", "Phone", "MobilePhone")) {
                    addText(personal, payload.path(field));
                }
            }
        }
        for (JsonNode event : lines(input.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE))) {
            JsonNode object = event.path("data").path("object");
            List<JsonNode> names = List.of(object.path("object").asText().equals("customer") ? object.path("name")
                    : object.path("customer_name"), object.path("shipping").path("name"),
                    object.path("customer_shipping").path("name"));
            for (JsonNode name : names) {
                if (name.isTextual() && !accountNames.contains(name.asText())) {
                    addText(personal, name);
                }
            }
            addText(personal, object.path("phone"));
            addText(personal, object.path("customer_phone"));
            addText(personal, object.path("shipping").path("phone"));
        }
        return personal;
    }

    /** A value and, for a name of several words, its last word (a surname alone is personal too). */
    private static void addText(Set<String> personal, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            personal.add(value.asText());
            String[] words = value.asText().trim().split("\\s+");
            if (words.length > 1 && !words[0].startsWith("+")) {
                personal.add(words[words.length - 1]);
            }
        }
    }

    /**
     * A copy of the fixtures with personal data added where the source systems carry it: every Stripe customer a
     * person (name, e-mail, phone, shipping name), every invoice with Stripe's customer_name / customer_email /
     * customer_phone copies, and a Salesforce Contact with name, e-mail and phone for every account.
     */
    private static Path withPersonalData(Path copy) throws IOException {
        Files.createDirectories(copy);
        Files.copy(FIXTURES.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE), copy.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE));
        Map<String, Integer> personOfCustomer = new LinkedHashMap<>();
        List<String> stripe = new ArrayList<>();
        for (JsonNode event : lines(FIXTURES.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE))) {
            ObjectNode object = (ObjectNode) event.path("data").path("object");
            if (object.path("object").asText().equals("customer")) {
                int person = personOfCustomer.computeIfAbsent(object.path("id").asText(), k -> personOfCustomer.size());
                object.put("name", PEOPLE.get(person));
                object.put("email", email(person));
                object.put("phone", phone(person));
                object.putObject("shipping").put("name", PEOPLE.get(person)).put("phone", phone(person));
            } else if (object.path("object").asText().equals("invoice")) {
                Integer person = personOfCustomer.get(object.path("customer").asText());
                if (person != null) {
                    object.put("customer_name", PEOPLE.get(person));
                    object.put("customer_email", email(person));
                    object.put("customer_phone", phone(person));
                }
            }
            stripe.add(JSON.writeValueAsString(event));
        }
        Files.write(copy.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), stripe);

        List<String> salesforce = new ArrayList<>();
        Map<String, JsonNode> accounts = new HashMap<>();
        for (JsonNode event : lines(FIXTURES.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE))) {
            salesforce.add(JSON.writeValueAsString(event));
            JsonNode header = event.path("payload").path("ChangeEventHeader");
            if (header.path("entityName").asText().equals("Account")) {
                accounts.put(header.path("recordIds").get(0).asText(), event);
            }
        }
        int contact = 0;
        for (Map.Entry<String, JsonNode> account : accounts.entrySet()) {
            ObjectNode event = account.getValue().deepCopy();
            ObjectNode payload = (ObjectNode) event.path("payload");
            ObjectNode header = (ObjectNode) payload.path("ChangeEventHeader");
            header.put("entityName", "Contact");
            ((ArrayNode) header.putArray("recordIds")).add(String.format("003CONTACT%08d", contact));
            payload.remove(List.of("Name", "BillingCountry", "Type"));
            String[] name = PEOPLE.get(contact % PEOPLE.size()).split(" ");
            payload.put("FirstName", name[0]).put("LastName", name[1]).put("Email", email(contact))
                    .put("Phone", phone(contact)).put("AccountId", account.getKey());
            ((ObjectNode) event.path("event")).put("replayId", 90_000 + contact);
            salesforce.add(JSON.writeValueAsString(event));
            contact++;
        }
        Files.write(copy.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE), salesforce);
        return copy;
    }

    private static String email(int person) {
        return PEOPLE.get(person).toLowerCase().replace(' ', '.') + "@example.com";
    }

    private static String phone(int person) {
        return "+49 30 555010" + person;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }
}
