package io.ledgerline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.cli.ExceptionsCommand;
import io.ledgerline.cli.LedgerlineCli;
import io.ledgerline.common.SourceRef;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.StreamsDefaults;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serdes.SerdeCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exception queue end to end: two instances of a stand-in core ({@link ExceptionCoreStandIn}) on a real broker,
 * each with its API, so lists and lookups must fan out; commands go through the command topic and come back applied.
 */
class ExceptionQueueIT {

    private static final String TOKEN = "it-token";
    private static final String REGISTRY = "exception-queue-it";
    private static final Map<String, Object> SERDE_CONFIG = Map.of("schema.registry.url", "mock://" + REGISTRY);
    private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");

    private record Instance(LedgerlineApi api, KafkaStreams streams) {
    }

    @TempDir
    static Path stateDir;

    private static EmbeddedKafkaCluster cluster;
    private static final List<AutoCloseable> running = new ArrayList<>();
    private static Instance first;
    private static Instance second;
    private static int seeded;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCoreAndApis() {
        cluster = EmbeddedKafkaCluster.start();
        cluster.createTopics(List.of(Topics.EXCEPTIONS, Topics.CONTROL_COMMANDS), 4);
        seed(List.of(
                exception("ex-1", ExceptionStatus.OPEN, "UNKNOWN_CROSSWALK", "acct-1", 1),
                exception("ex-2", ExceptionStatus.OPEN, "UNMAPPED_PRODUCT", "acct-2", 2),
                exception("ex-3", ExceptionStatus.OPEN, "UNKNOWN_CROSSWALK", "acct-3", 3),
                exception("ex-4", ExceptionStatus.DISMISSED, "UNKNOWN_CROSSWALK", "acct-1", 0),
                exception("ex-5", ExceptionStatus.OPEN, "UNKNOWN_CROSSWALK", null, 4),
                exception("replay-me", ExceptionStatus.OPEN, "UNMAPPED_PRODUCT", "acct-4", 5),
                exception("dismiss-me", ExceptionStatus.OPEN, "CDC_GAP", "acct-5", 6),
                exception("blocked", ExceptionStatus.OPEN, ExceptionCoreStandIn.STILL_BLOCKED, "acct-6", 7),
                exception("ignored", ExceptionStatus.OPEN, ExceptionCoreStandIn.IGNORED, "acct-7", 8),
                exception("unresolved", ExceptionStatus.OPEN, "UNRESOLVED_IDENTITY", null, 9)));
        first = startInstance("a", ExceptionCommands.DEFAULT_APPLY_TIMEOUT);
        // short, so the not-applied-in-time answer comes quickly
        second = startInstance("b", Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(60)).until(() -> first.streams().state() == KafkaStreams.State.RUNNING
                && second.streams().state() == KafkaStreams.State.RUNNING
                && totalVia(first) == seeded && totalVia(second) == seeded);
    }

    @AfterAll
    static void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        InMemorySchemaRegistry.drop(REGISTRY);
    }

    @Test
    void listsFiltersAndPagesTheWholeQueueFromEitherInstance() throws Exception {
        for (Instance instance : List.of(first, second)) {
            JsonNode page = get(instance, "/exceptions?status=OPEN&reason=UNKNOWN_CROSSWALK&limit=2&offset=1").body();

            assertThat(ids(page)).containsExactly("ex-3", "ex-5");
            assertThat(page.path("total").asLong()).isEqualTo(3);
            assertThat(page.path("partial").asBoolean()).isFalse();
            assertThat(ids(get(instance, "/exceptions?account=acct-1").body())).containsExactly("ex-4", "ex-1");
        }
        assertThat(get(first, "/exceptions?status=LOST").status()).isEqualTo(400);
    }

    @Test
    void showsAnExceptionWhicheverInstanceHoldsItAndAnswers404ForUnknownOnes() throws Exception {
        for (String id : List.of("ex-1", "ex-2", "ex-3", "ex-5")) {
            assertThat(get(first, "/exceptions/" + id).body().path("exceptionId").asText()).isEqualTo(id);
            assertThat(get(second, "/exceptions/" + id).body().path("exceptionId").asText()).isEqualTo(id);
        }
        Reply unknown = get(first, "/exceptions/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").asText()).contains("nope");
    }

    @Test
    void replayAnswersWithTheExceptionOnceTheCoreAppliedTheCommand() throws Exception {
        Reply replayed = post(first, "/exceptions/replay-me/replay", "{\"note\": \"mapping fixed\", \"actor\": \"ana\"}");

        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().path("status").asText()).isEqualTo("REPLAYED");
        JsonNode change = last(replayed.body().path("history"));
        assertThat(change.path("commandId").asText()).isNotBlank();
        assertThat(change.path("actor").asText()).isEqualTo("ana");
        assertThat(change.path("note").asText()).isEqualTo("mapping fixed");

        Reply again = post(first, "/exceptions/replay-me/replay", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error").asText()).contains("REPLAYED");
    }

    @Test
    void commandsForAnExceptionWithoutAccountReachItsOwnerBySourceObject() throws Exception {
        Reply replayed = post(second, "/exceptions/unresolved/dismiss", "{\"note\": \"test account\"}");

        // the short timeout of the second instance still suffices when the command reaches the right task
        assertThat(replayed.status()).as(replayed.body().toString()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(get(first, "/exceptions/unresolved").body().path("status").asText()).isEqualTo("DISMISSED"));
    }

    @Test
    void aReplayThatIsStillBlockedLeavesTheExceptionOpenWithTheReasonInItsHistory() throws Exception {
        Reply replayed = post(first, "/exceptions/blocked/replay", "");

        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().path("status").asText()).isEqualTo("OPEN");
        JsonNode change = last(replayed.body().path("history"));
        assertThat(change.path("note").asText()).contains("still waiting for crosswalk:");
        assertThat(change.path("actor").asText()).isEqualTo(ExceptionCommands.DEFAULT_ACTOR);
    }

    @Test
    void aCommandNotAppliedInTimeIsAcceptedWithWhereToFollowIt() throws Exception {
        Reply accepted = post(second, "/exceptions/ignored/replay", "{}");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.location()).isEqualTo("/exceptions/ignored");
        assertThat(accepted.body().path("commandId").asText()).isNotBlank();
    }

    @Test
    void refusesWhatItCannotDoWithTheReason() throws Exception {
        assertThat(post(first, "/exceptions/ex-2/dismiss", "{}").status()).isEqualTo(400);
        assertThat(post(first, "/exceptions/ex-2/dismiss", "{\"note\": 42}").status()).isEqualTo(400);
        assertThat(post(first, "/exceptions/ex-2/replay", "{note").status()).isEqualTo(400);
        assertThat(post(first, "/exceptions/ex-2/replay", "[]").status()).isEqualTo(400);
        assertThat(post(first, "/exceptions/nope/replay", "{}").status()).isEqualTo(404);
        assertThat(post(first, "/exceptions/ex-4/replay", "{}").status()).isEqualTo(409);
        assertThat(send(first, "POST", "/exceptions/ex-2/replay", "{}", "wrong").status()).isEqualTo(401);
        assertThat(get(first, "/exceptions/ex-2").body().path("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void theCliListsShowsAndDismissesAgainstARunningApi() {
        Cli list = cli(Map.of(), "list", "--reason", "UNKNOWN_CROSSWALK", "--status", "OPEN");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("EXCEPTION", "ex-1", "acct-3", "1-3 of 3").doesNotContain("ex-4");

        Cli show = cli(Map.of(), "show", "ex-2");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("\"exceptionId\" : \"ex-2\"");

        Cli dismiss = cli(Map.of(ApiToken.ENVIRONMENT_VARIABLE, TOKEN), "dismiss", "dismiss-me",
                "--note", "duplicate of ex-2", "--actor", "ben");
        assertThat(dismiss.exitCode()).as(dismiss.err()).isZero();
        assertThat(dismiss.out()).contains("\"status\" : \"DISMISSED\"", "duplicate of ex-2");

        Cli again = cli(Map.of(), "dismiss", "dismiss-me", "--note", "twice", "--token", TOKEN);
        assertThat(again.exitCode()).isEqualTo(LedgerlineCli.EXIT_FAILURE);
        assertThat(again.err()).contains("only OPEN", "HTTP 409");

        Cli noToken = cli(Map.of(), "replay", "ex-2");
        assertThat(noToken.exitCode()).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(noToken.err()).contains(ApiToken.ENVIRONMENT_VARIABLE);

        Cli badStatus = cli(Map.of(), "list", "--status", "LOST");
        assertThat(badStatus.exitCode()).isEqualTo(LedgerlineCli.EXIT_FAILURE);
        assertThat(badStatus.err()).contains("Unknown status LOST", "HTTP 400");
    }

    private record Cli(int exitCode, String out, String err) {
    }

    private static Cli cli(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--api");
        all.add(2, first.api().url());
        int exitCode = new CommandLine(new ExceptionsCommand(environment)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Cli(exitCode, out.toString(), err.toString());
    }

    private record Reply(int status, JsonNode body, String location) {
    }

    private Reply get(Instance instance, String path) throws Exception {
        return send(instance, "GET", path, null, null);
    }

    private Reply post(Instance instance, String path, String body) throws Exception {
        return send(instance, "POST", path, body, TOKEN);
    }

    private Reply send(Instance instance, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.api().url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), HttpReply.JSON.readTree(response.body()),
                response.headers().firstValue("Location").orElse(null));
    }

    private static long totalVia(Instance instance) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(instance.api().url() + "/exceptions")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode page = HttpReply.JSON.readTree(response.body());
        return response.statusCode() == 200 && !page.path("partial").asBoolean() ? page.path("total").asLong() : -1;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("exceptions").forEach(e -> ids.add(e.path("exceptionId").asText()));
        return ids;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static Instance startInstance(String name, Duration commandTimeout) {
        LedgerlineApi api = LedgerlineApi.start("127.0.0.1", 0, ApiToken.of(TOKEN)).commandTimeout(commandTimeout);
        running.add(api);
        Properties config = StreamsDefaults.baseConfig("exception-queue-it", cluster.bootstrapServers(),
                stateDir.resolve(name), StreamsDefaults.EMBEDDED_REPLICATION_FACTOR, 1);
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + api.port());
        KafkaStreams streams = new KafkaStreams(ExceptionCoreStandIn.topology(SERDE_CONFIG), config);
        running.add(streams);
        streams.start();
        api.attach(streams, new HostInfo("127.0.0.1", api.port()), cluster.clientConfig(), SERDE_CONFIG);
        return new Instance(api, streams);
    }

    private static void seed(List<PipelineException> exceptions) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        try (KafkaProducer<String, PipelineException> producer = new KafkaProducer<>(config, new StringSerializer(),
                new SerdeCatalog(SERDE_CONFIG).avro(PipelineException.class).serializer())) {
            for (PipelineException exception : exceptions) {
                String key = exception.getAccountId() != null ? exception.getAccountId()
                        : exception.getSource().getObjectId();
                producer.send(new ProducerRecord<>(Topics.EXCEPTIONS, key, exception));
            }
        }
        seeded = exceptions.size();
    }

    private static PipelineException exception(String id, ExceptionStatus status, String reason, String account,
                                               int minutes) {
        Instant seen = T0.plusSeconds(60L * minutes);
        return PipelineException.newBuilder().setExceptionId(id).setStatus(status).setReason(reason)
                .setMessage("test exception " + id).setWaitingFor("crosswalk:" + id).setAccountId(account)
                .setSource(new SourceRef("stripe", "invoice", "in_" + id, "evt_" + id)).setEventTime(seen)
                .setFirstSeen(seen).setLastSeen(seen).setHistory(List.of()).build();
    }
}
