package io.ledgerline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serde.SchemaRegistryClient;
import io.ledgerline.serde.SchemaRegistryClients;
import io.ledgerline.serde.SchemaRegistryException;
import io.ledgerline.testsupport.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the HTTP side, with certificates of a CA made for the test: the API over HTTPS still wants its bearer token,
 * a forwarded query reaches an HTTPS peer trusting the configured trust store (and only then), and the registry client
 * speaks HTTPS with basic-auth credentials, and mutual TLS, to the embedded registry.
 */
class HttpsTest {

    private static final String TOKEN = "https-token-31";

    @TempDir
    static Path dir;
    private static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    @Test
    void theApiOverHttpsAnswersAndStillWantsTheToken() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(pki.trustingContext()).build();
        try (LedgerlineApi api = LedgerlineApi.start("127.0.0.1", 0, ApiToken.of(TOKEN), pki.serverContext())) {
            assertThat(api.url()).startsWith("https://127.0.0.1:");
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);

            HttpRequest.Builder replay = HttpRequest.newBuilder(URI.create(api.url() + "/exceptions/ex-1/replay"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
            assertThat(http.send(replay.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            // past authentication; nothing to act on until a Streams client is attached
            assertThat(http.send(replay.header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);

            // plain HTTP to the TLS port is no way around it
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(api.url().replace("https", "http")
                    + "/health/live")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aForwardedQueryReachesAnHttpsPeerThatTheTrustStoreVouchesFor() throws Exception {
        try (JsonHttpServer peer = new JsonHttpServer("peer").tls(pki.serverContext())
                .route("GET", "/accounts/{accountId}", call -> HttpReply.json(200, Map.of("accountId",
                        call.param("accountId"), "forwarded", PeerClient.isForwarded(call))))
                .start("127.0.0.1", 0)) {
            HostInfo host = new HostInfo("127.0.0.1", peer.port());

            HttpReply trusted = new PeerClient(pki.trustingContext()).get(host, "/accounts/001A");
            assertThat(trusted.status()).isEqualTo(200);
            assertThat(new String(trusted.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"accountId\":\"001A\"").contains("\"forwarded\":true");

            // the JVM's default trust does not know the test CA: refused, reported as a peer that did not answer
            HttpReply untrusted = new PeerClient(javax.net.ssl.SSLContext.getDefault()).get(host, "/accounts/001A");
            assertThat(untrusted.status()).isEqualTo(503);
        }
    }

    @Test
    void theRegistryClientPresentsItsKeyStoreToARegistryThatRequiresOne() {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1", 0,
                pki.serverContext(), true, null)) {
            Map<String, Object> mutual = new HashMap<>(pki.truststore().asTruststore("schema.registry.ssl."));
            mutual.putAll(pki.client().asKeystore("schema.registry.ssl."));
            mutual.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
            assertThat(SchemaRegistryClients.fromConfig(mutual).subjects()).isEmpty();

            Map<String, Object> trustOnly = new HashMap<>(pki.truststore().asTruststore("schema.registry.ssl."));
            trustOnly.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
            trustOnly.put(AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS, "3000");
            assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(trustOnly).subjects())
                    .isInstanceOf(SchemaRegistryException.class);
        }
    }

    @Test
    void theRegistryClientSpeaksHttpsWithBasicAuth() {
        Schema schema = SchemaBuilder.record("Tls").namespace("t").fields().requiredLong("a").endRecord();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1", 0,
                pki.serverContext(), "ledgerline:registry-pw-5")) {
            Map<String, Object> config = new HashMap<>(pki.truststore().asTruststore("schema.registry.ssl."));
            config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
            config.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            config.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "ledgerline:registry-pw-5");
            SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config);
            assertThat(client.getById(client.register("tls-value", schema))).isEqualTo(schema);

            // the same credentials in the URL, as Confluent's URL source takes them
            Map<String, Object> inUrl = new HashMap<>(pki.truststore().asTruststore("schema.registry.ssl."));
            inUrl.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url().replace("https://",
                    "https://ledgerline:registry-pw-5@"));
            inUrl.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL");
            assertThat(SchemaRegistryClients.fromConfig(inUrl).getLatest("tls-value").schema()).isEqualTo(schema);

            config.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "ledgerline:wrong");
            assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(config).subjects())
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
                    .hasMessageNotContaining("wrong");

            Map<String, Object> noTrust = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO, "ledgerline:registry-pw-5",
                    AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS, "3000");
            assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(noTrust).subjects())
                    .isInstanceOf(SchemaRegistryException.class).hasMessageNotContaining("registry-pw-5");
        }
    }
}
