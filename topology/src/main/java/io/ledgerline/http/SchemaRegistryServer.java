package io.ledgerline.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.serde.CompatibilityLevel;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serde.SchemaRegistryException;
import io.ledgerline.serde.SchemaVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The Confluent schema registry REST API over an {@link InMemorySchemaRegistry}, for the demo: the topology's serdes,
 * a second process and tools such as Kafka UI talk to it like to a real registry. Serves
 * {@code POST/GET /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{v|latest}}, {@code GET /schemas/ids/{id}},
 * {@code GET/PUT /config} and {@code GET /subjects}; errors carry Confluent's {@code error_code}.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final InMemorySchemaRegistry registry;
    private final JsonHttpServer server;

    private SchemaRegistryServer(InMemorySchemaRegistry registry, JsonHttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    /** Serves {@code registry} on {@code host:port} (0 for a free port). */
    public static SchemaRegistryServer start(InMemorySchemaRegistry registry, String host, int port) {
        Objects.requireNonNull(registry, "registry");
        JsonHttpServer server = new JsonHttpServer("schema-registry");
        SchemaRegistryServer api = new SchemaRegistryServer(registry, server);
        server.errors((status, message) -> confluentError(status, status, message))
                .route("GET", "/subjects", call -> api.ok(registry.subjects()))
                .route("POST", "/subjects/{subject}/versions", call -> api.guarded(() -> api.register(call)))
                .route("GET", "/subjects/{subject}/versions",
                        call -> api.guarded(() -> api.ok(registry.versions(call.param("subject")))))
                .route("GET", "/subjects/{subject}/versions/{version}",
                        call -> api.guarded(() -> api.version(call.param("subject"), call.param("version"))))
                .route("GET", "/schemas/ids/{id}", call -> api.guarded(() -> api.schema(call.param("id"))))
                .route("GET", "/config", call -> api.ok(Map.of("compatibilityLevel", registry.compatibility().name())))
                .route("PUT", "/config", call -> api.guarded(() -> api.setConfig(call.body())))
                .start(host, port);
        return api;
    }

    public String url() {
        return server.url();
    }

    public InMemorySchemaRegistry registry() {
        return registry;
    }

    private HttpReply register(HttpCall call) throws Exception {
        JsonNode request = HttpReply.JSON.readTree(call.body());
        String type = request.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            return confluentError(422, SchemaRegistryException.INVALID_SCHEMA, "Only AVRO schemas are supported, got "
                    + type);
        }
        if (!request.path("schema").isTextual()) {
            return confluentError(422, SchemaRegistryException.INVALID_SCHEMA, "The request has no \"schema\" string");
        }
        Schema schema = new Schema.Parser().parse(request.get("schema").asText());
        return ok(Map.of("id", registry.register(call.param("subject"), schema)));
    }

    private HttpReply version(String subject, String version) {
        SchemaVersion found;
        if ("latest".equals(version) || "-1".equals(version)) {
            found = registry.getLatest(subject);
        } else {
            int number;
            try {
                number = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                return confluentError(422, 42202, "The specified version '" + version + "' is not a valid version id");
            }
            found = registry.getVersion(subject, number);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", found.subject());
        body.put("version", found.version());
        body.put("id", found.id());
        body.put("schema", found.schema().toString());
        return ok(body);
    }

    private HttpReply schema(String id) {
        try {
            return ok(Map.of("schema", registry.getById(Integer.parseInt(id)).toString()));
        } catch (NumberFormatException e) {
            return confluentError(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
    }

    private HttpReply setConfig(String body) throws Exception {
        String level = HttpReply.JSON.readTree(body).path("compatibility").asText("");
        try {
            registry.setCompatibility(CompatibilityLevel.valueOf(level.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return confluentError(422, 42203, "Invalid compatibility level '" + level + "'; one of "
                    + List.of(CompatibilityLevel.values()));
        }
        return ok(Map.of("compatibility", registry.compatibility().name()));
    }

    @FunctionalInterface
    private interface Call {
        HttpReply run() throws Exception;
    }

    // Registry errors are answers, not failures: map them to Confluent's status and error_code.
    private HttpReply guarded(Call call) throws Exception {
        try {
            return call.run();
        } catch (SchemaRegistryException e) {
            return confluentError(e.status(), e.errorCode(), e.getMessage());
        } catch (SchemaParseException e) {
            return confluentError(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private HttpReply ok(Object body) {
        return HttpReply.json(200, body, CONTENT_TYPE);
    }

    private static HttpReply confluentError(int status, int errorCode, String message) {
        return HttpReply.json(status, Map.of("error_code", errorCode, "message", message), CONTENT_TYPE);
    }

    @Override
    public void close() {
        server.close();
    }
}
