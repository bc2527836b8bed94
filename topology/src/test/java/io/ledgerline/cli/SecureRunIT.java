package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.http.SchemaRegistryServer;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.ExportFileReplayer;
import io.ledgerline.runtime.ExportFiles;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.testsupport.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} against a broker that speaks only what a secured cluster speaks, with certificates of a CA made for the
 * test: SASL_SSL with SCRAM-SHA-512 (a user created through the Admin API) and mutual TLS (the listener requires a
 * client certificate), a schema registry over mutual TLS with basic auth, and the HTTP API over HTTPS. Each run is a
 * separate OS process whose whole output is kept, logged at INFO for Kafka (every client's configuration dump) and
 * DEBUG for Ledgerline: it processes the basic fixtures, and no configured secret appears anywhere in its output. Over
 * SCRAM a second instance joins, and interactive queries are forwarded between the two over HTTPS.
 */
class SecureRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("..", "fixtures", "basic");
    private static final String ACME = "001C1AC32E5DD5537B";
    private static final String MTLS = "MTLS";
    private static final String SCRAM = "SCRAM";
    private static final String SCRAM_USER = "ledgerline-pipeline";
    private static final String SCRAM_PASSWORD = secret("scram");
    private static final String REGISTRY_PASSWORD = secret("registry");
    private static final String API_TOKEN = secret("token");

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static EmbeddedKafkaCluster cluster;
    private static SchemaRegistryServer registry;

    private final List<Process> runs = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        Map<String, String> broker = new HashMap<>();
        broker.putAll(pki.server().asKeystore("ssl."));
        broker.putAll(pki.truststore().asTruststore("ssl."));
        broker.put("listener.name.mtls.ssl.client.auth", "required");
        broker.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        broker.put("listener.name.scram.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        broker.put("listener.name.scram.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        cluster = EmbeddedKafkaCluster.start(null, broker,
                Map.of(MTLS, SecurityProtocol.SSL, SCRAM, SecurityProtocol.SASL_SSL));
        Set<String> erps = ExportFiles.erpsOf(FIXTURES.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE));
        cluster.createTopics(Topics.all(erps), 2);
        cluster.admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(SCRAM_USER,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SCRAM_PASSWORD))).all().get(30, TimeUnit.SECONDS);
        // the credential reaches the broker's cache through the metadata log: wait until a SCRAM login works
        try (Admin scram = Admin.create(new HashMap<>(scramClient()))) {
            await("SCRAM login").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> scram.listTopics().names().get(5, TimeUnit.SECONDS).contains(Topics.CONTRACTS));
        }
        // mutual TLS and basic auth: run must present the registry key store and the credentials
        registry = SchemaRegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1", 0, pki.serverContext(), true,
                "ledgerline:" + REGISTRY_PASSWORD);
        new ExportFileReplayer(cluster.clientConfig()).replay(FIXTURES);
    }

    @AfterAll
    static void stopAll() {
        if (registry != null) {
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopRun() throws InterruptedException {
        for (Process run : runs) {
            if (run.isAlive()) {
                run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void overSaslSslWithScramItProcessesTheFixturesAndLogsNoSecret() throws Exception {
        Map<String, String> env = commonEnvironment("ledgerline-scram");
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(SCRAM));
        scramClient().forEach((k, v) -> env.put(RunSettings.variableFor(k), v.toString()));
        pki.server().asKeystore("ledgerline.http.ssl.").forEach((k, v) -> env.put(RunSettings.variableFor(k), v));
        pki.truststore().asTruststore("ledgerline.http.ssl.").forEach((k, v) -> env.put(RunSettings.variableFor(k), v));
        env.put("LEDGERLINE_API_TOKEN", API_TOKEN);
        Path log = dir.resolve("run-scram.log");
        int port = freePort();
        env.put("LEDGERLINE_HTTP_PORT", Integer.toString(port));
        Process run = start(env, log);

        String api = "https://127.0.0.1:" + port;
        HttpClient https = HttpClient.newBuilder().sslContext(pki.trustingContext())
                .connectTimeout(Duration.ofSeconds(2)).build();
        awaitAcmePaid(https, api, run, log);

        HttpRequest.Builder replay = HttpRequest.newBuilder(URI.create(api + "/exceptions/no-such-exception/replay"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"n\",\"actor\":\"a\"}"));
        assertThat(https.send(replay.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(https.send(replay.header("Authorization", "Bearer " + API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        // a second instance of the application shares the partitions: one of the two answers accounts it does not hold
        // by forwarding the query to the other over HTTPS, verifying the peer's certificate with its trust store
        List<String> accounts = accountIds().stream().filter(a -> status(https, api + "/accounts/" + a) == 200).toList();
        assertThat(accounts).contains(ACME).hasSizeGreaterThan(1);
        Map<String, String> secondEnv = new HashMap<>(env);
        int secondPort = freePort();
        secondEnv.put("LEDGERLINE_HTTP_PORT", Integer.toString(secondPort));
        secondEnv.put("KAFKA_STATE_DIR", dir.resolve("ledgerline-scram-2-state").toString());
        Path secondLog = dir.resolve("run-scram-2.log");
        Process second = start(secondEnv, secondLog);
        String secondApi = "https://127.0.0.1:" + secondPort;
        await("both instances answer every account").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(second.isAlive()).as("second run is alive: " + tail(secondLog)).isTrue();
                    assertThat(status(https, secondApi + "/health/ready")).isEqualTo(200);
                    for (String base : List.of(api, secondApi)) {
                        for (String account : accounts) {
                            assertThat(status(https, base + "/accounts/" + account)).as(base + " " + account).isEqualTo(200);
                        }
                    }
                });

        stopGracefully(second);
        stopGracefully(run);
        String output = Files.readString(log, StandardCharsets.UTF_8) + Files.readString(secondLog, StandardCharsets.UTF_8);
        // the clients' configuration dumps were logged, so the check below looked where secrets would leak
        assertThat(output).contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]")
                .contains("running; HTTP API on https://");
        // the registry password also as the basic-auth header carries it
        String basicAuth = java.util.Base64.getEncoder().encodeToString(("ledgerline:" + REGISTRY_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        List<String> secrets = List.of(SCRAM_PASSWORD, REGISTRY_PASSWORD, basicAuth, API_TOKEN, pki.server().password(),
                pki.client().password(), pki.truststore().password());
        for (String secret : secrets) {
            assertThat(output).as("run's output holds a configured secret").doesNotContain(secret);
        }
    }

    @Test
    void overMutualTlsItProcessesTheFixtures() throws Exception {
        // the listener really requires a client certificate: trust alone is refused
        Map<String, Object> trustOnly = new HashMap<>(pki.truststore().asTruststore("ssl."));
        trustOnly.put("bootstrap.servers", cluster.bootstrapServers(MTLS));
        trustOnly.put("security.protocol", "SSL");
        try (Admin anonymous = Admin.create(trustOnly)) {
            assertThatThrownBy(() -> anonymous.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
        }

        Map<String, String> env = commonEnvironment("ledgerline-mtls");
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(MTLS));
        env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        pki.client().asKeystore("ssl.").forEach((k, v) -> env.put(RunSettings.variableFor(k), v));
        pki.truststore().asTruststore("ssl.").forEach((k, v) -> env.put(RunSettings.variableFor(k), v));
        int port = freePort();
        env.put("LEDGERLINE_HTTP_PORT", Integer.toString(port));
        Path log = dir.resolve("run-mtls.log");
        Process run = start(env, log);

        awaitAcmePaid(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), "http://127.0.0.1:" + port,
                run, log);
        stopGracefully(run);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("ssl.keystore.password = [hidden]").doesNotContain(pki.client().password())
                .doesNotContain(pki.truststore().password()).doesNotContain(REGISTRY_PASSWORD);
    }

    private static Map<String, Object> scramClient() {
        Map<String, Object> client = new LinkedHashMap<>(pki.truststore().asTruststore("ssl."));
        client.put("bootstrap.servers", cluster.bootstrapServers(SCRAM));
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", "SCRAM-SHA-512");
        client.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + SCRAM_USER + "\" password=\"" + SCRAM_PASSWORD + "\";");
        return client;
    }

    /** What both runs share: the registry over mutual TLS with basic auth, a quick clock. */
    private static Map<String, String> commonEnvironment(String applicationId) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_APPLICATION_ID", applicationId);
        env.put("KAFKA_STATE_DIR", dir.resolve(applicationId + "-state").toString());
        env.put("LEDGERLINE_SCHEMA_REGISTRY_URL", registry.url());
        pki.truststore().asTruststore("schema.registry.ssl.").forEach((k, v) -> env.put(RunSettings.variableFor(k), v));
        pki.client().asKeystore("schema.registry.ssl.").forEach((k, v) -> env.put(RunSettings.variableFor(k), v));
        env.put("KAFKA_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO");
        env.put("KAFKA_BASIC_AUTH_USER_INFO", "ledgerline:" + REGISTRY_PASSWORD);
        env.put("LEDGERLINE_HTTP_HOST", "127.0.0.1");
        env.put("LEDGERLINE_HTTP_ADVERTISED_HOST", "127.0.0.1");
        env.put("LEDGERLINE_CLOCK_INTERVAL", "PT5S");
        env.put("LEDGERLINE_ALERTS_JOURNAL___NOT___POSTED", "off");
        env.put("KAFKA_REPLICATION_FACTOR", "1");
        return env;
    }

    private Process start(Map<String, String> env, Path log) throws IOException {
        // every client's configuration dump is an INFO line: log them all, and Ledgerline's own lines at DEBUG
        Path logConfig = dir.resolve("log4j2-secure-run.xml");
        Files.writeString(logConfig, """
                <Configuration status="WARN">
                  <Appenders><Console name="stderr" target="SYSTEM_ERR"><PatternLayout pattern="%d %-5level %c - %msg%n"/></Console></Appenders>
                  <Loggers>
                    <Logger name="io.ledgerline" level="DEBUG"/>
                    <Root level="INFO"><AppenderRef ref="stderr"/></Root>
                  </Loggers>
                </Configuration>
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + logConfig, "-cp", System.getProperty("java.class.path"),
                LedgerlineCli.class.getName(), "run");
        builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("LEDGERLINE_"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        runs.add(process);
        return process;
    }

    /** The contract state shows Acme's invoice paid: master data, CRM, billing events and the payment went through. */
    private static void awaitAcmePaid(HttpClient http, String api, Process run, Path log) {
        await("Acme's invoice paid, through " + api).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> {
                    assertThat(run.isAlive()).as("run is alive: " + tail(log)).isTrue();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/accounts/" + ACME))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    JsonNode invoice = StreamSupport.stream(JSON.readTree(response.body()).path("invoices").spliterator(), false)
                            .filter(i -> i.path("invoiceId").asText().equals("in_Acme0001")).findFirst().orElseThrow();
                    assertThat(invoice.path("status").asText()).isEqualTo("paid");
                    assertThat(invoice.path("paidMinor").asLong()).isEqualTo(1_461_375);
                });
    }

    private static void stopGracefully(Process run) throws InterruptedException {
        run.destroy(); // SIGTERM: the shutdown hook closes Streams
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run stops on SIGTERM").isTrue();
    }

    /** The status of a GET, or -1 when it could not be sent (not listening yet, a rebalance). */
    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The CRM accounts of the fixtures. */
    private static List<String> accountIds() throws IOException {
        List<String> ids = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE))) {
            JsonNode header = JSON.readTree(line).path("payload").path("ChangeEventHeader");
            if (header.path("entityName").asText().equals("Account")) {
                ids.add(header.path("recordIds").get(0).asText());
            }
        }
        return ids;
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String secret(String what) {
        byte[] bytes = new byte[10];
        new SecureRandom().nextBytes(bytes);
        return what + "-" + HexFormat.of().formatHex(bytes);
    }
}
