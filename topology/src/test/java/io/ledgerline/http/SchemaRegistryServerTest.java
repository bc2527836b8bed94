package io.ledgerline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.serde.HttpSchemaRegistryClient;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serde.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo's registry speaks the Confluent REST API: the project's own HTTP client works against it unchanged. */
class SchemaRegistryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SchemaRegistryServer server = SchemaRegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1", 0);
    private final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersAndLooksUpSchemas() {
        Schema v1 = SchemaBuilder.record("Payment").namespace("t").fields().requiredLong("amount").endRecord();
        Schema v2 = SchemaBuilder.record("Payment").namespace("t").fields().requiredLong("amount")
                .optionalString("memo").endRecord();
        int id1 = client.register("payments-value", v1);
        int id2 = client.register("payments-value", v2);
        assertThat(client.register("payments-value", v1)).isEqualTo(id1);
        assertThat(client.getById(id2)).isEqualTo(v2);
        assertThat(client.getLatest("payments-value").version()).isEqualTo(2);
        assertThat(client.versions("payments-value")).containsExactly(1, 2);
        assertThat(client.subjects()).containsExactly("payments-value");
    }

    @Test
    void errorsCarryConfluentCodes() {
        assertThatThrownBy(() -> client.getById(42)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.getLatest("nope")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        Schema v1 = SchemaBuilder.record("P").fields().requiredLong("a").endRecord();
        Schema incompatible = SchemaBuilder.record("P").fields().requiredString("b").endRecord();
        client.register("p-value", v1);
        assertThatThrownBy(() -> client.register("p-value", incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void configCanBeReadAndChanged() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode config = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/config")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(config.path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/config"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\": \"FULL\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(server.registry().compatibility().name()).isEqualTo("FULL");
    }
}
