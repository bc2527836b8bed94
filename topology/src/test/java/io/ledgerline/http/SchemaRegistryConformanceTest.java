package io.ledgerline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The demo's registry against the REST API that Confluent's serializers, clients and UIs call: every endpoint with its
 * status, Confluent {@code error_code} and content type, over HTTP against the running server.
 */
class SchemaRegistryConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Schema V1 = SchemaBuilder.record("Payment").namespace("t").fields()
            .requiredLong("amount").endRecord();
    /** V1 plus an optional field: compatible both ways. */
    private static final Schema V2 = SchemaBuilder.record("Payment").namespace("t").fields()
            .requiredLong("amount").optionalString("memo").endRecord();
    /** V2 plus a required field without default: new readers cannot read old data (not BACKWARD). */
    private static final Schema V3_REQUIRED = SchemaBuilder.record("Payment").namespace("t").fields()
            .requiredLong("amount").optionalString("memo").requiredString("currency").endRecord();
    /** V1 without the required amount... and a new optional one: FORWARD-incompatible only against V1. */
    private static final Schema NO_AMOUNT = SchemaBuilder.record("Payment").namespace("t").fields()
            .optionalString("memo").endRecord();

    private final SchemaRegistryServer server = SchemaRegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1", 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }
    }

    private Answer call(String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", TYPE).header("Accept", TYPE)
                .method(method, publisher).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
            assertThat(answer.contentType()).as(method + " " + path).startsWith(TYPE);
            return answer;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Answer get(String path) {
        return call("GET", path, null);
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private int register(String subject, Schema schema) {
        Answer answer = call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("id").asInt();
    }

    private static void assertError(Answer answer, int status, int errorCode) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.errorCode()).as(answer.body()).isEqualTo(errorCode);
        String message = answer.json().path("message").asText();
        assertThat(message).isNotBlank().doesNotContain(String.valueOf(errorCode));
    }

    @Nested
    class Registration {
        @Test
        void registersVersionsAndAnswersTheSameIdAgain() {
            int id1 = register("p-value", V1);
            int id2 = register("p-value", V2);
            assertThat(register("p-value", V1)).isEqualTo(id1);
            assertThat(id2).isNotEqualTo(id1);
            assertThat(get("/subjects/p-value/versions").json().toString()).isEqualTo("[1,2]");
            assertThat(get("/subjects").json().toString()).isEqualTo("[\"p-value\"]");
        }

        @Test
        void rejectsInvalidSchemasAndIncompatibleOnes() {
            assertError(call("POST", "/subjects/p-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"nope\\\"}\"}"),
                    422, 42201);
            assertError(call("POST", "/subjects/p-value/versions", "{\"schema\": \"{}\", \"schemaType\": \"PROTOBUF\"}"),
                    422, 42201);
            assertError(call("POST", "/subjects/p-value/versions", "{\"nothing\": 1}"), 422, 42201);
            assertError(call("POST", "/subjects/p-value/versions", "not json"), 400, 400);
            register("p-value", V2);
            assertError(call("POST", "/subjects/p-value/versions", schemaBody(V3_REQUIRED)), 409, 409);
        }

        @Test
        void versionsAndRawSchemas() {
            int id = register("p-value", V1);
            register("p-value", V2);
            JsonNode first = get("/subjects/p-value/versions/1").json();
            assertThat(first.path("subject").asText()).isEqualTo("p-value");
            assertThat(first.path("version").asInt()).isEqualTo(1);
            assertThat(first.path("id").asInt()).isEqualTo(id);
            assertThat(new Schema.Parser().parse(first.path("schema").asText())).isEqualTo(V1);
            assertThat(get("/subjects/p-value/versions/latest").json().path("version").asInt()).isEqualTo(2);
            assertThat(get("/subjects/p-value/versions/-1").json().path("version").asInt()).isEqualTo(2);
            Answer raw = get("/subjects/p-value/versions/1/schema");
            assertThat(raw.status()).isEqualTo(200);
            assertThat(new Schema.Parser().parse(raw.body())).isEqualTo(V1);
            assertThat(get("/subjects/p-value/versions/2/referencedby").json().toString()).isEqualTo("[]");

            assertError(get("/subjects/nope/versions"), 404, 40401);
            assertError(get("/subjects/nope/versions/1"), 404, 40401);
            assertError(get("/subjects/p-value/versions/9"), 404, 40402);
            assertError(get("/subjects/p-value/versions/9/schema"), 404, 40402);
            assertError(get("/subjects/p-value/versions/9/referencedby"), 404, 40402);
            assertError(get("/subjects/p-value/versions/zero"), 422, 42202);
            assertError(get("/subjects/p-value/versions/0"), 422, 42202);
        }
    }

    @Nested
    class LookUp {
        @Test
        void findsTheVersionHoldingASchema() {
            int id = register("p-value", V1);
            register("p-value", V2);
            Answer found = call("POST", "/subjects/p-value", schemaBody(V1));
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.json().path("id").asInt()).isEqualTo(id);
            assertThat(found.json().path("version").asInt()).isEqualTo(1);
            assertThat(found.json().path("subject").asText()).isEqualTo("p-value");

            assertError(call("POST", "/subjects/p-value", schemaBody(V3_REQUIRED)), 404, 40403);
            assertError(call("POST", "/subjects/nope", schemaBody(V1)), 404, 40401);
            assertError(call("POST", "/subjects/p-value", "{\"schema\": \"{oops\"}"), 422, 42201);
        }

        @Test
        void softDeletedVersionsOnlyWhenAsked() {
            register("p-value", V1);
            register("p-value", V2);
            call("DELETE", "/subjects/p-value/versions/1", null);
            assertError(call("POST", "/subjects/p-value", schemaBody(V1)), 404, 40403);
            assertThat(call("POST", "/subjects/p-value?deleted=true", schemaBody(V1)).json().path("version").asInt())
                    .isEqualTo(1);
        }
    }

    @Nested
    class Compatibility {
        @Test
        void checksAgainstAVersionOrTheLatest() {
            register("p-value", V1);
            register("p-value", V2);
            Answer yes = call("POST", "/compatibility/subjects/p-value/versions/latest", schemaBody(V2));
            assertThat(yes.status()).isEqualTo(200);
            assertThat(yes.json().path("is_compatible").asBoolean()).isTrue();
            assertThat(yes.json().has("messages")).isFalse();

            Answer no = call("POST", "/compatibility/subjects/p-value/versions/2?verbose=true", schemaBody(V3_REQUIRED));
            assertThat(no.json().path("is_compatible").asBoolean()).isFalse();
            assertThat(no.json().path("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "currency");
            assertThat(call("POST", "/compatibility/subjects/p-value/versions", schemaBody(V3_REQUIRED)).json()
                    .path("is_compatible").asBoolean()).isFalse();

            assertThat(call("POST", "/compatibility/subjects/fresh/versions/latest", schemaBody(V1)).json()
                    .path("is_compatible").asBoolean()).as("nothing registered yet").isTrue();
            assertError(call("POST", "/compatibility/subjects/fresh/versions/1", schemaBody(V1)), 404, 40401);
            assertError(call("POST", "/compatibility/subjects/p-value/versions/7", schemaBody(V1)), 404, 40402);
            assertError(call("POST", "/compatibility/subjects/p-value/versions/x", schemaBody(V1)), 422, 42202);
            assertError(call("POST", "/compatibility/subjects/p-value/versions/1", "{\"schema\": \"[\"}"), 422, 42201);
        }

        @Test
        void honoursForwardFullNoneAndTransitiveLevels() {
            register("p-value", V1);
            register("p-value", V2);
            // NO_AMOUNT drops the required amount: new readers cope (BACKWARD), old readers do not (FORWARD)
            assertThat(compatible("p-value", NO_AMOUNT)).isTrue();
            setLevel("p-value", "FORWARD");
            assertThat(compatible("p-value", NO_AMOUNT)).isFalse();
            setLevel("p-value", "FULL");
            assertThat(compatible("p-value", NO_AMOUNT)).isFalse();
            assertThat(compatible("p-value", V2)).isTrue();
            setLevel("p-value", "NONE");
            assertThat(compatible("p-value", V3_REQUIRED)).isTrue();

            // V3 with a default for currency reads V2's and V1's data, but V1 cannot be read by... the latest only
            Schema v3 = SchemaBuilder.record("Payment").namespace("t").fields().optionalString("memo")
                    .name("amount").type().longType().longDefault(0).endRecord();
            Schema v4 = SchemaBuilder.record("Payment").namespace("t").fields().optionalString("memo").endRecord();
            call("PUT", "/config/q-value", "{\"compatibility\": \"FORWARD\"}");
            register("q-value", V1);
            register("q-value", v3); // V1 readers can read v3 data: amount is present
            // v4 drops amount: v3 readers use its default (FORWARD against the latest holds), V1 readers need it
            assertThat(compatible("q-value", v4)).isTrue();
            setLevel("q-value", "FORWARD_TRANSITIVE");
            assertThat(compatible("q-value", v4)).isFalse();
            assertError(call("POST", "/subjects/q-value/versions", schemaBody(v4)), 409, 409);
            setLevel("q-value", "FULL_TRANSITIVE");
            assertThat(compatible("q-value", v4)).isFalse();
            setLevel("q-value", "BACKWARD_TRANSITIVE");
            assertThat(compatible("q-value", v4)).isTrue();
        }

        private boolean compatible(String subject, Schema schema) {
            Answer answer = call("POST", "/compatibility/subjects/" + subject + "/versions/latest", schemaBody(schema));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            return answer.json().path("is_compatible").asBoolean();
        }

        private void setLevel(String subject, String level) {
            Answer answer = call("PUT", "/config/" + subject, "{\"compatibility\": \"" + level + "\"}");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("compatibility").asText()).isEqualTo(level);
        }
    }

    @Nested
    class Config {
        @Test
        void globalConfig() {
            assertThat(get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
            assertThat(call("PUT", "/config", "{\"compatibility\": \"FULL_TRANSITIVE\"}").json()
                    .path("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
            assertThat(get("/config").json().path("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
            assertError(call("PUT", "/config", "{\"compatibility\": \"SIDEWAYS\"}"), 422, 42203);
            assertThat(call("DELETE", "/config", null).json().path("compatibilityLevel").asText())
                    .isEqualTo("FULL_TRANSITIVE");
            assertThat(get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        }

        @Test
        void subjectConfigOverridesTheGlobalOne() {
            register("p-value", V1);
            assertError(get("/config/p-value"), 404, 40408);
            assertThat(get("/config/p-value?defaultToGlobal=true").json().path("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD");
            assertThat(call("PUT", "/config/p-value", "{\"compatibility\": \"NONE\"}").status()).isEqualTo(200);
            assertThat(get("/config/p-value").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
            register("p-value", V3_REQUIRED); // NONE lets it in
            assertError(call("PUT", "/config/p-value", "{\"compatibility\": \"\"}"), 422, 42203);
            assertThat(call("DELETE", "/config/p-value", null).json().path("compatibilityLevel").asText())
                    .isEqualTo("NONE");
            assertError(get("/config/p-value"), 404, 40408);
            assertError(call("DELETE", "/config/nope", null), 404, 40401);
        }
    }

    @Nested
    class Deletion {
        @Test
        void subjectsAreSoftDeletedThenPermanently() {
            int id = register("p-value", V1);
            register("p-value", V2);
            assertError(call("DELETE", "/subjects/p-value?permanent=true", null), 404, 40405);
            assertThat(call("DELETE", "/subjects/p-value", null).json().toString()).isEqualTo("[1,2]");
            assertError(call("DELETE", "/subjects/p-value", null), 404, 40404);
            assertThat(get("/subjects").json().toString()).isEqualTo("[]");
            assertThat(get("/subjects?deleted=true").json().toString()).isEqualTo("[\"p-value\"]");
            assertError(get("/subjects/p-value/versions"), 404, 40401);
            assertThat(get("/subjects/p-value/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
            assertThat(get("/subjects/p-value/versions/1?deleted=true").status()).isEqualTo(200);
            assertThat(get("/schemas/ids/" + id).status()).as("soft-deleted ids still resolve").isEqualTo(200);

            assertThat(call("DELETE", "/subjects/p-value?permanent=true", null).json().toString()).isEqualTo("[1,2]");
            assertThat(get("/subjects?deleted=true").json().toString()).isEqualTo("[]");
            assertError(get("/schemas/ids/" + id), 404, 40403);
            assertError(call("DELETE", "/subjects/p-value", null), 404, 40401);
            assertThat(register("p-value", V1)).as("the schema keeps its id").isEqualTo(id);
        }

        @Test
        void versionsAreSoftDeletedThenPermanently() {
            register("p-value", V1);
            register("p-value", V2);
            assertError(call("DELETE", "/subjects/p-value/versions/1?permanent=true", null), 404, 40407);
            assertThat(call("DELETE", "/subjects/p-value/versions/1", null).body()).isEqualTo("1");
            assertError(call("DELETE", "/subjects/p-value/versions/1", null), 404, 40406);
            assertError(get("/subjects/p-value/versions/1"), 404, 40402);
            assertThat(get("/subjects/p-value/versions").json().toString()).isEqualTo("[2]");
            assertThat(call("DELETE", "/subjects/p-value/versions/1?permanent=true", null).body()).isEqualTo("1");
            assertThat(get("/subjects/p-value/versions?deleted=true").json().toString()).isEqualTo("[2]");
            assertThat(call("DELETE", "/subjects/p-value/versions/latest", null).body()).isEqualTo("2");
            assertError(call("DELETE", "/subjects/p-value/versions/5", null), 404, 40402);
            assertError(call("DELETE", "/subjects/p-value/versions/x", null), 422, 42202);
            assertError(call("DELETE", "/subjects/nope/versions/1", null), 404, 40401);
            assertThat(register("p-value", V1)).isPositive();
            assertThat(get("/subjects/p-value/versions").json().toString()).as("numbers are not reused")
                    .isEqualTo("[3]");
        }
    }

    @Nested
    class Schemas {
        @Test
        void byIdWithItsSubjectsAndVersions() {
            int id = register("p-value", V1);
            register("r-value", V1);
            assertThat(new Schema.Parser().parse(get("/schemas/ids/" + id).json().path("schema").asText()))
                    .isEqualTo(V1);
            Answer raw = get("/schemas/ids/" + id + "/schema");
            assertThat(new Schema.Parser().parse(raw.body())).isEqualTo(V1);
            assertThat(get("/schemas/ids/" + id + "/subjects").json().toString())
                    .isEqualTo("[\"p-value\",\"r-value\"]");
            assertThat(get("/schemas/ids/" + id + "/versions").json().toString())
                    .isEqualTo("[{\"subject\":\"p-value\",\"version\":1},{\"subject\":\"r-value\",\"version\":1}]");
            call("DELETE", "/subjects/r-value", null);
            assertThat(get("/schemas/ids/" + id + "/subjects").json().toString()).isEqualTo("[\"p-value\"]");
            assertThat(get("/schemas/ids/" + id + "/subjects?deleted=true").json().toString())
                    .isEqualTo("[\"p-value\",\"r-value\"]");
            assertThat(get("/schemas").json()).hasSize(1);

            assertError(get("/schemas/ids/99"), 404, 40403);
            assertError(get("/schemas/ids/99/schema"), 404, 40403);
            assertError(get("/schemas/ids/99/subjects"), 404, 40403);
            assertError(get("/schemas/ids/99/versions"), 404, 40403);
            assertError(get("/schemas/ids/x"), 404, 40403);
        }

        @Test
        void typesContextsAndRoot() {
            assertThat(get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
            assertThat(get("/contexts").json().toString()).isEqualTo("[\".\"]");
            assertThat(get("/").status()).isEqualTo(200);
        }
    }

    @Nested
    class Mode {
        @Test
        void readOnlyRefusesWritesAndSubjectModesOverride() {
            assertThat(get("/mode").json().path("mode").asText()).isEqualTo("READWRITE");
            register("p-value", V1);
            assertThat(call("PUT", "/mode", "{\"mode\": \"READONLY\"}").json().path("mode").asText())
                    .isEqualTo("READONLY");
            assertError(call("POST", "/subjects/p-value/versions", schemaBody(V2)), 422, 42205);
            assertError(call("DELETE", "/subjects/p-value", null), 422, 42205);
            assertThat(call("POST", "/subjects/p-value", schemaBody(V1)).status()).as("reads still work").isEqualTo(200);

            assertError(get("/mode/p-value"), 404, 40409);
            assertThat(get("/mode/p-value?defaultToGlobal=true").json().path("mode").asText()).isEqualTo("READONLY");
            assertThat(call("PUT", "/mode/p-value", "{\"mode\": \"READWRITE\"}").status()).isEqualTo(200);
            assertThat(get("/mode/p-value").json().path("mode").asText()).isEqualTo("READWRITE");
            register("p-value", V2);
            assertThat(call("DELETE", "/mode/p-value", null).json().path("mode").asText()).isEqualTo("READWRITE");
            assertError(call("POST", "/subjects/p-value/versions", schemaBody(V3_REQUIRED)), 422, 42205);

            assertError(call("PUT", "/mode", "{\"mode\": \"SOMETIMES\"}"), 422, 42204);
            assertError(call("PUT", "/mode/p-value", "{}"), 422, 42204);
            call("PUT", "/mode", "{\"mode\": \"READWRITE\"}");
            assertError(call("PUT", "/mode", "{\"mode\": \"IMPORT\"}"), 422, 42205);
            assertThat(call("PUT", "/mode?force=true", "{\"mode\": \"IMPORT\"}").status()).isEqualTo(200);
            assertError(call("DELETE", "/mode/nope", null), 404, 40401);
        }
    }

    @Nested
    class UnknownRoutes {
        @Test
        void answerConfluentShapedErrors() {
            assertError(get("/nothing/here"), 404, 404);
            assertError(call("PATCH", "/subjects", "{}"), 405, 405);
        }
    }
}
