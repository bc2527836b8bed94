package io.ledgerline.serde;

import static io.ledgerline.serde.TestSchemas.ORDER;
import static io.ledgerline.serde.TestSchemas.PAYMENT_REQUIRED_CURRENCY;
import static io.ledgerline.serde.TestSchemas.PAYMENT_V1;
import static io.ledgerline.serde.TestSchemas.PAYMENT_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server speaking the Confluent endpoints; nothing in the client is mocked. */
class HttpSchemaRegistryClientTest {

    private FakeConfluentRegistry server;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = new FakeConfluentRegistry();
        client = new HttpSchemaRegistryClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersWithTheConfluentRequestShape() throws Exception {
        int id = client.register("payments-value", PAYMENT_V1);

        assertThat(id).isEqualTo(1);
        FakeConfluentRegistry.Request request = server.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/payments-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText())
                .isEqualTo(PAYMENT_V1.toString());
    }

    @Test
    void registrationIsIdempotent() {
        int first = client.register("payments-value", PAYMENT_V1);
        int second = client.register("payments-value", PAYMENT_V1);

        assertThat(second).isEqualTo(first);
        assertThat(client.versions("payments-value")).containsExactly(1);
    }

    @Test
    void readsSchemasSubjectsAndVersions() {
        client.register("payments-value", PAYMENT_V1);
        int v2 = client.register("payments-value", PAYMENT_V2);
        client.register("orders-value", ORDER);

        assertThat(client.getById(v2)).isEqualTo(PAYMENT_V2);
        assertThat(client.getLatest("payments-value"))
                .isEqualTo(new SchemaVersion("payments-value", 2, v2, PAYMENT_V2));
        assertThat(client.subjects()).containsExactly("orders-value", "payments-value");
        assertThat(client.versions("payments-value")).containsExactly(1, 2);
    }

    @Test
    void encodesSubjectsInThePath() {
        int id = client.register("odd subject/with+chars", ORDER);

        assertThat(client.getLatest("odd subject/with+chars").id()).isEqualTo(id);
        assertThat(server.requests.get(0).path()).isEqualTo("/subjects/odd%20subject%2Fwith%2Bchars/versions");
    }

    @Test
    void reportsStatusAndConfluentErrorCode() {
        assertThatThrownBy(() -> client.getLatest("missing-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.isClientError()).isTrue();
                })
                .hasMessageContaining("missing-value")
                .hasMessageContaining("40401");
        assertThatThrownBy(() -> client.getById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void reportsIncompatibleSchemasWithTheRegistryMessage() {
        client.register("payments-value", PAYMENT_V1);

        assertThatThrownBy(() -> client.register("payments-value", PAYMENT_REQUIRED_CURRENCY))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("currency");
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        server.requiredAuthorization = "Basic "
                + Base64.getEncoder().encodeToString("ledger:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpSchemaRegistryClient authenticated = new HttpSchemaRegistryClient(List.of(URI.create(server.url())),
                Duration.ofSeconds(5), Duration.ofSeconds(5), "ledger:s3cret");

        assertThatThrownBy(() -> client.subjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(authenticated.register("orders-value", ORDER)).isEqualTo(1);
    }

    @Test
    void timesOutWhenTheRegistryDoesNotAnswer() {
        server.gate = new CountDownLatch(1);
        HttpSchemaRegistryClient impatient = new HttpSchemaRegistryClient(List.of(URI.create(server.url())),
                Duration.ofSeconds(5), Duration.ofMillis(200), null);

        assertThatThrownBy(() -> impatient.subjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_STATUS))
                .hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void usesTheFirstUrlThatAnswers() throws IOException {
        String dead = "http://127.0.0.1:" + closedPort();
        HttpSchemaRegistryClient failover = new HttpSchemaRegistryClient(
                List.of(URI.create(dead), URI.create(server.url() + "/")), Duration.ofSeconds(2),
                Duration.ofSeconds(5), null);

        int id = failover.register("orders-value", ORDER);
        Schema schema = failover.getById(id);

        assertThat(schema).isEqualTo(ORDER);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void failsClearlyWhenNoUrlAnswers() throws IOException {
        HttpSchemaRegistryClient nowhere = new HttpSchemaRegistryClient(
                List.of(URI.create("http://127.0.0.1:" + closedPort())), Duration.ofSeconds(2),
                Duration.ofSeconds(2), null);

        assertThatThrownBy(nowhere::subjects)
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("No schema registry answered GET /subjects");
    }

    @Test
    void cachingDecoratorRegistersOverTheNetworkOnce() {
        CachedSchemaRegistryClient cached = new CachedSchemaRegistryClient(client);

        int id = cached.register("orders-value", ORDER);
        cached.register("orders-value", ORDER);
        cached.getById(id);
        cached.getById(id);

        assertThat(server.requests).hasSize(1);
    }

    /** A local port with nothing listening, so connecting is refused at once. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
