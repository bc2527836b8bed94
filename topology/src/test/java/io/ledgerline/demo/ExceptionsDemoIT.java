package io.ledgerline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.ExceptionsCommand;
import io.ledgerline.cli.LedgerlineCli;
import io.ledgerline.http.ApiToken;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.DeadLetter;
import io.ledgerline.outputs.TopicExporter;
import io.ledgerline.runtime.ExportFileReplayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's path through the exception queue of the real demo stack (Connect, broker, registry, the real core,
 * the HTTP API), driven by the CLI in this JVM: the basic fixtures without the onboarding product mapping park the
 * invoices that bill onboarding as UNMAPPED_PRODUCT exceptions; a replay needs the right token and, as the mapping is
 * still missing, leaves the exception OPEN with the replay in its history; a dismiss closes it, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ExceptionsDemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BASIC = Path.of("../fixtures/basic");
    private static final String ONBOARDING_MAPPING = "\"productId\":\"prod_onboarding\"";
    private static final String TOKEN = "exceptions-demo-it-token";
    private static final String BIG_LINE = "{\"id\":\"evt_big\",\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

    @TempDir
    static Path input;

    private DemoStack stack;

    @BeforeAll
    void startAndDrain() throws Exception {
        for (String file : List.of(ExportFileReplayer.STRIPE_EVENTS_FILE, ExportFileReplayer.SALESFORCE_CDC_FILE)) {
            Files.copy(BASIC.resolve(file), input.resolve(file));
        }
        List<String> masterData = Files.readAllLines(BASIC.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE),
                StandardCharsets.UTF_8);
        List<String> withoutMapping = masterData.stream().filter(l -> !l.contains(ONBOARDING_MAPPING)).toList();
        assertThat(withoutMapping).hasSize(masterData.size() - 1);
        Files.write(input.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE), withoutMapping, StandardCharsets.UTF_8);

        // an export line of 2 MB: Connect's producers take it (connectors-config), the topology dead-letters it
        Files.writeString(input.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), BIG_LINE + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        stack = new DemoStack(new DemoStack.Options(input, null, 0, 0, 2, Duration.ofSeconds(120),
                ApiToken.of(TOKEN)), line -> { });
        stack.start();
        stack.awaitDrained();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void listReplayAndDismissAnUnmappedProductThroughTheCli() throws Exception {
        // the exceptions store is read through the API, which may answer partially while tasks settle: wait for it
        List<JsonNode> unmapped = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Cli list = cli(Map.of(), "list", "--status", "OPEN", "--reason", "UNMAPPED_PRODUCT");
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.err()).doesNotContain("partial");
            unmapped.clear();
            unmapped.addAll(openUnmapped());
            assertThat(unmapped).isNotEmpty();
            for (JsonNode e : unmapped) {
                assertThat(list.out()).contains(e.path("exceptionId").asText());
            }
        });
        Cli list = cli(Map.of(), "list", "--status", "OPEN");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("EXCEPTION", "UNMAPPED_PRODUCT", "product_mapping:prod_onboarding");
        unmapped.forEach(e -> assertThat(list.out()).contains(e.path("exceptionId").asText()));

        String id = unmapped.get(0).path("exceptionId").asText();
        assertThat(unmapped.get(0).path("waitingFor").asText()).isEqualTo("product_mapping:prod_onboarding");

        Cli noToken = cli(Map.of(), "replay", id);
        assertThat(noToken.exitCode()).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(noToken.err()).contains("needs the API token", ApiToken.ENVIRONMENT_VARIABLE);

        Cli wrongToken = cli(Map.of(), "replay", id, "--token", "not-" + TOKEN);
        assertThat(wrongToken.exitCode()).isEqualTo(LedgerlineCli.EXIT_FAILURE);
        assertThat(wrongToken.err()).contains("HTTP 401");
        assertThat(status(id)).isEqualTo("OPEN");

        Cli replay = cli(Map.of(ApiToken.ENVIRONMENT_VARIABLE, TOKEN), "replay", id, "--actor", "ana",
                "--note", "mapping requested from finance");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        JsonNode replayed = JSON.readTree(replay.out());
        assertThat(replayed.path("exceptionId").asText()).isEqualTo(id);
        assertThat(replayed.path("status").asText()).as("the mapping is still missing").isEqualTo("OPEN");
        JsonNode replayChange = last(replayed.path("history"));
        assertThat(replayChange.path("status").asText()).isEqualTo("OPEN");
        assertThat(replayChange.path("commandId").asText()).isNotBlank();
        assertThat(replayChange.path("actor").asText()).isEqualTo("ana");
        assertThat(replayChange.path("note").asText()).contains("replayed, still waiting", "prod_onboarding");

        Cli dismiss = cli(Map.of(), "dismiss", id, "--token", TOKEN, "--actor", "ben",
                "--note", "onboarding waived for this customer");
        assertThat(dismiss.exitCode()).as(dismiss.err()).isZero();
        assertThat(JSON.readTree(dismiss.out()).path("status").asText()).isEqualTo("DISMISSED");

        Cli show = cli(Map.of(), "show", id);
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode shown = JSON.readTree(show.out());
        assertThat(shown.path("status").asText()).isEqualTo("DISMISSED");
        assertThat(shown.path("actor").asText()).isEqualTo("ben");
        assertThat(shown.path("note").asText()).isEqualTo("onboarding waived for this customer");
        List<String> statuses = new ArrayList<>();
        shown.path("history").forEach(c -> statuses.add(c.path("status").asText()));
        assertThat(statuses).containsExactly("OPEN", "OPEN", "DISMISSED");
        JsonNode dismissChange = last(shown.path("history"));
        assertThat(dismissChange.path("actor").asText()).isEqualTo("ben");
        assertThat(dismissChange.path("note").asText()).isEqualTo("onboarding waived for this customer");
        assertThat(dismissChange.path("commandId").asText()).isNotBlank()
                .isNotEqualTo(replayChange.path("commandId").asText());
        assertThat(show.out()).contains("\"actor\" : \"ana\"", "replayed, still waiting");

        Cli again = cli(Map.of(), "dismiss", id, "--token", TOKEN, "--note", "twice");
        assertThat(again.exitCode()).isEqualTo(LedgerlineCli.EXIT_FAILURE);
        assertThat(again.err()).contains("HTTP 409", "DISMISSED");
        assertThat(status(id)).isEqualTo("DISMISSED");

        // the other parked events stay in the queue
        Cli remaining = cli(Map.of(), "list", "--status", "OPEN", "--reason", "UNMAPPED_PRODUCT");
        assertThat(remaining.out()).doesNotContain(id);
        unmapped.stream().skip(1).forEach(e -> assertThat(remaining.out()).contains(e.path("exceptionId").asText()));
    }

    @Test
    void aTwoMegabyteExportLineBecomesADeadLetterWithItsOriginalBytes() {
        List<DeadLetter> letters = new ArrayList<>();
        try (TopicExporter reader = new TopicExporter(stack.cluster().clientConfig());
             Deserializer<?> values = TopicExporter.specificRecords(stack.serdeConfig())) {
            reader.read(Topics.DEADLETTER, values, value -> letters.add((DeadLetter) value));
        }
        assertThat(letters).filteredOn(l -> Topics.RAW_BILLING_EVENTS.equals(l.getSourceTopic()))
                .anySatisfy(l -> {
                    byte[] value = new byte[l.getValue().remaining()];
                    l.getValue().duplicate().get(value);
                    assertThat(new String(value, StandardCharsets.UTF_8)).startsWith("{\"id\":\"evt_big\"");
                    long length = Boolean.TRUE.equals(l.getTruncated()) ? l.getOriginalLength() : value.length;
                    assertThat(length).isEqualTo(BIG_LINE.length());
                });
    }

    /** The open UNMAPPED_PRODUCT exceptions as the API lists them (the CLI prints a table, not their JSON). */
    private List<JsonNode> openUnmapped() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                stack.apiUrl() + "/exceptions?status=OPEN&reason=UNMAPPED_PRODUCT&limit=100")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).path("exceptions").forEach(out::add);
        return out;
    }

    private String status(String id) {
        Cli show = cli(Map.of(), "show", id);
        assertThat(show.exitCode()).as(show.err()).isZero();
        try {
            return JSON.readTree(show.out()).path("status").asText();
        } catch (IOException e) {
            throw new AssertionError(show.out(), e);
        }
    }

    private record Cli(int exitCode, String out, String err) {
    }

    private Cli cli(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--api");
        all.add(2, stack.apiUrl());
        int exitCode = new CommandLine(new ExceptionsCommand(environment)).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Cli(exitCode, out.toString(), err.toString());
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
