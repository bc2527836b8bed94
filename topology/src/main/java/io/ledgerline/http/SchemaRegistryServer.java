package io.ledgerline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.serde.CompatibilityLevel;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serde.RegistryMode;
import io.ledgerline.serde.SchemaRegistryException;
import io.ledgerline.serde.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import javax.net.ssl.SSLContext;
import org.apache.avro.SchemaParseException;

/**
 * The Confluent schema registry REST API over an {@link InMemorySchemaRegistry}, for the demo: the topology's serdes,
 * a second process, Confluent's clients and tools such as Kafka UI or AKHQ talk to it like to a real registry (Avro
 * only, one default context, no schema references). It serves:
 *
 * <ul>
 *   <li>{@code GET /subjects[?deleted=&subjectPrefix=]}, {@code POST /subjects/{s}[?deleted=]} (look-up, what a
 *       serializer with {@code auto.register.schemas=false} calls), {@code DELETE /subjects/{s}[?permanent=]}</li>
 *   <li>{@code GET/POST /subjects/{s}/versions}, {@code GET/DELETE /subjects/{s}/versions/{v|latest}},
 *       {@code .../{v}/schema}, {@code .../{v}/referencedby}</li>
 *   <li>{@code GET /schemas}, {@code GET /schemas/ids/{id}}, {@code .../schema}, {@code .../subjects},
 *       {@code .../versions}, {@code GET /schemas/types}</li>
 *   <li>{@code POST /compatibility/subjects/{s}/versions[/{v|latest}][?verbose=]}: Avro's reader/writer rules at the
 *       subject's level (BACKWARD, FORWARD, FULL, NONE, *_TRANSITIVE)</li>
 *   <li>{@code GET/PUT/DELETE /config} and {@code /config/{s}[?defaultToGlobal=]}; {@code GET/PUT /mode} and
 *       {@code GET/PUT/DELETE /mode/{s}}; {@code GET /contexts}; {@code GET /}</li>
 * </ul>
 *
 * <p>Errors carry Confluent's status and {@code error_code} (40401 subject, 40402 version, 40403 schema not found,
 * 40404 to 40407 soft deletion, 40408/40409 no subject-level config/mode, 409 incompatible, 42201 invalid schema,
 * 42202 invalid version, 42203 invalid compatibility level, 42204 invalid mode, 42205 operation not permitted) and a
 * message that does not repeat the code. Every answer is {@code application/vnd.schemaregistry.v1+json}.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

    private final InMemorySchemaRegistry registry;
    private final JsonHttpServer server;

    private SchemaRegistryServer(InMemorySchemaRegistry registry, JsonHttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    /** Serves {@code registry} on {@code host:port} (0 for a free port), plain HTTP, no authentication. */
    public static SchemaRegistryServer start(InMemorySchemaRegistry registry, String host, int port) {
        return start(registry, host, port, null, null);
    }

    /**
     * Serves {@code registry} on {@code host:port} (0 for a free port).
     *
     * @param tls      HTTPS with this context's key material; null for plain HTTP
     * @param userInfo {@code user:password} every call must present as HTTP basic auth (401 otherwise, Confluent's
     *                 shape); null for none
     */
    public static SchemaRegistryServer start(InMemorySchemaRegistry registry, String host, int port, SSLContext tls,
                                             String userInfo) {
        return start(registry, host, port, tls, false, userInfo);
    }

    /**
     * As {@link #start(InMemorySchemaRegistry, String, int, SSLContext, String)}; with
     * {@code requireClientCertificate} every client must present a certificate {@code tls} trusts (mutual TLS).
     */
    public static SchemaRegistryServer start(InMemorySchemaRegistry registry, String host, int port, SSLContext tls,
                                             boolean requireClientCertificate, String userInfo) {
        Objects.requireNonNull(registry, "registry");
        JsonHttpServer server = new JsonHttpServer("schema-registry").tls(tls, requireClientCertificate);
        SchemaRegistryServer api = new SchemaRegistryServer(registry, server);
        server.errors((status, message) -> confluentError(status, status, message));
        if (userInfo != null) {
            server.guard(basicAuth(userInfo));
        }
        api.routes(server);
        server.start(host, port);
        return api;
    }

    private static JsonHttpServer.Guard basicAuth(String userInfo) {
        byte[] expected = ("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        return headers -> {
            String presented = headers.get("authorization");
            // constant time, as for the API token
            if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
                return null;
            }
            return confluentError(401, 401, "Unauthorized").withHeader("WWW-Authenticate", "Basic realm=\"schema-registry\"");
        };
    }

    private void routes(JsonHttpServer http) {
        http.route("GET", "/", call -> ok(Map.of()))
                .route("GET", "/subjects", call -> ok(subjects(call)))
                .route("POST", "/subjects/{subject}", guarded(this::lookup))
                .route("DELETE", "/subjects/{subject}", guarded(call -> ok(
                        registry.deleteSubject(call.param("subject"), flag(call, "permanent")))))
                .route("POST", "/subjects/{subject}/versions", guarded(this::register))
                .route("GET", "/subjects/{subject}/versions", guarded(call -> ok(
                        registry.versions(call.param("subject"), flag(call, "deleted")))))
                .route("GET", "/subjects/{subject}/versions/{version}", guarded(call -> ok(
                        describe(version(call)))))
                .route("DELETE", "/subjects/{subject}/versions/{version}", guarded(call -> ok(
                        registry.deleteVersion(call.param("subject"), versionNumber(call.param("version")),
                                flag(call, "permanent")))))
                .route("GET", "/subjects/{subject}/versions/{version}/schema", guarded(call -> raw(
                        version(call).schema())))
                .route("GET", "/subjects/{subject}/versions/{version}/referencedby", guarded(call -> {
                    version(call);
                    return ok(List.of()); // no schema references: nothing refers to anything
                }))
                .route("GET", "/schemas", call -> ok(schemas(call)))
                .route("GET", "/schemas/types", call -> ok(List.of("AVRO")))
                .route("GET", "/schemas/ids/{id}", guarded(call -> ok(Map.of("schema",
                        registry.getById(id(call)).toString()))))
                .route("GET", "/schemas/ids/{id}/schema", guarded(call -> raw(registry.getById(id(call)))))
                .route("GET", "/schemas/ids/{id}/subjects", guarded(call -> ok(
                        registry.subjectsOf(id(call), flag(call, "deleted")))))
                .route("GET", "/schemas/ids/{id}/versions", guarded(call -> ok(
                        registry.versionsOf(id(call), flag(call, "deleted")).stream()
                                .map(SchemaRegistryServer::subjectVersion).toList())))
                .route("POST", "/compatibility/subjects/{subject}/versions", guarded(call -> compatibility(call,
                        InMemorySchemaRegistry.LATEST)))
                .route("POST", "/compatibility/subjects/{subject}/versions/{version}", guarded(call -> compatibility(
                        call, versionNumber(call.param("version")))))
                .route("GET", "/config", call -> ok(Map.of("compatibilityLevel", registry.compatibility().name())))
                .route("PUT", "/config", guarded(call -> {
                    CompatibilityLevel level = level(call.body());
                    registry.setCompatibility(level);
                    return ok(Map.of("compatibility", level.name()));
                }))
                .route("DELETE", "/config", guarded(call -> {
                    CompatibilityLevel before = registry.compatibility();
                    registry.setCompatibility(DEFAULT_COMPATIBILITY);
                    return ok(Map.of("compatibilityLevel", before.name()));
                }))
                .route("GET", "/config/{subject}", guarded(this::subjectConfig))
                .route("PUT", "/config/{subject}", guarded(call -> {
                    CompatibilityLevel level = level(call.body());
                    registry.setCompatibility(call.param("subject"), level);
                    return ok(Map.of("compatibility", level.name()));
                }))
                .route("DELETE", "/config/{subject}", guarded(call -> ok(Map.of("compatibilityLevel",
                        registry.deleteCompatibility(call.param("subject")).name()))))
                .route("GET", "/mode", call -> ok(Map.of("mode", registry.mode().name())))
                .route("PUT", "/mode", guarded(call -> {
                    RegistryMode mode = mode(call.body());
                    registry.setMode(mode, flag(call, "force"));
                    return ok(Map.of("mode", mode.name()));
                }))
                .route("GET", "/mode/{subject}", guarded(this::subjectMode))
                .route("PUT", "/mode/{subject}", guarded(call -> {
                    RegistryMode mode = mode(call.body());
                    registry.setMode(call.param("subject"), mode, flag(call, "force"));
                    return ok(Map.of("mode", mode.name()));
                }))
                .route("DELETE", "/mode/{subject}", guarded(call -> ok(Map.of("mode",
                        registry.deleteMode(call.param("subject")).name()))))
                .route("GET", "/contexts", call -> ok(List.of(".")));
    }

    public String url() {
        return server.url();
    }

    public InMemorySchemaRegistry registry() {
        return registry;
    }

    private List<String> subjects(HttpCall call) {
        String prefix = call.queryParam("subjectPrefix");
        return registry.subjects(flag(call, "deleted")).stream()
                .filter(s -> prefix == null || s.startsWith(prefix))
                .toList();
    }

    private List<Map<String, Object>> schemas(HttpCall call) {
        String prefix = call.queryParam("subjectPrefix");
        boolean deleted = flag(call, "deleted");
        boolean latestOnly = flag(call, "latestOnly");
        List<Map<String, Object>> all = new ArrayList<>();
        for (String subject : registry.subjects(deleted)) {
            if (prefix != null && !subject.startsWith(prefix)) {
                continue;
            }
            List<Integer> versions = registry.versions(subject, deleted);
            for (int v : latestOnly ? versions.subList(versions.size() - 1, versions.size()) : versions) {
                all.add(describe(registry.getVersion(subject, v, deleted)));
            }
        }
        return all;
    }

    private HttpReply register(HttpCall call) throws Exception {
        return ok(Map.of("id", registry.register(call.param("subject"), schemaOf(call.body()))));
    }

    private HttpReply lookup(HttpCall call) throws Exception {
        return ok(describe(registry.lookup(call.param("subject"), schemaOf(call.body()), flag(call, "deleted"))));
    }

    private HttpReply compatibility(HttpCall call, int version) throws Exception {
        String subject = call.param("subject");
        Schema candidate = schemaOf(call.body());
        List<String> problems;
        if (version == InMemorySchemaRegistry.LATEST && !registry.subjects(true).contains(subject)) {
            problems = List.of(); // nothing registered yet: anything may become the first version
        } else {
            problems = registry.compatibilityProblems(subject, candidate, version);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", problems.isEmpty());
        if (flag(call, "verbose")) {
            body.put("messages", problems);
        }
        return ok(body);
    }

    private HttpReply subjectConfig(HttpCall call) {
        String subject = call.param("subject");
        CompatibilityLevel level = registry.subjectCompatibility(subject).orElse(null);
        if (level == null && flag(call, "defaultToGlobal")) {
            level = registry.compatibility();
        }
        if (level == null) {
            return confluentError(404, SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return ok(Map.of("compatibilityLevel", level.name()));
    }

    private HttpReply subjectMode(HttpCall call) {
        String subject = call.param("subject");
        RegistryMode mode = registry.subjectMode(subject).orElse(null);
        if (mode == null && flag(call, "defaultToGlobal")) {
            mode = registry.mode();
        }
        if (mode == null) {
            return confluentError(404, SchemaRegistryException.SUBJECT_MODE_NOT_CONFIGURED,
                    "Subject '" + subject + "' does not have subject-level mode configured");
        }
        return ok(Map.of("mode", mode.name()));
    }

    private SchemaVersion version(HttpCall call) {
        return registry.getVersion(call.param("subject"), versionNumber(call.param("version")), flag(call, "deleted"));
    }

    private static Map<String, Object> subjectVersion(SchemaVersion found) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", found.subject());
        body.put("version", found.version());
        return body;
    }

    private static Map<String, Object> describe(SchemaVersion found) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", found.subject());
        body.put("version", found.version());
        body.put("id", found.id());
        body.put("schema", found.schema().toString());
        return body;
    }

    /** The schema of a registration, look-up or compatibility request. */
    private static Schema schemaOf(String body) throws JsonProcessingException {
        JsonNode request = json(body);
        String type = request.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw invalidSchema("Only AVRO schemas are supported, got " + type);
        }
        if (request.path("references").isArray() && !request.path("references").isEmpty()) {
            throw invalidSchema("Schema references are not supported by this registry");
        }
        if (!request.path("schema").isTextual()) {
            throw invalidSchema("The request has no \"schema\" string");
        }
        try {
            return new Schema.Parser().parse(request.get("schema").asText());
        } catch (SchemaParseException e) {
            throw invalidSchema("Invalid schema: " + e.getMessage());
        } catch (RuntimeException e) {
            // Avro's parser reports some unknown type names as a NullPointerException ("Unknown schema: ...")
            throw invalidSchema("Invalid schema: " + e.getMessage());
        }
    }

    private static CompatibilityLevel level(String body) throws JsonProcessingException {
        JsonNode request = json(body);
        String level = request.path("compatibility").asText(request.path("compatibilityLevel").asText(""));
        try {
            return CompatibilityLevel.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level '" + level + "'. Valid values are "
                            + Arrays.toString(CompatibilityLevel.values()));
        }
    }

    private static RegistryMode mode(String body) throws JsonProcessingException {
        String mode = json(body).path("mode").asText("");
        try {
            return RegistryMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_MODE,
                    "Invalid mode '" + mode + "'. Valid values are " + Arrays.toString(RegistryMode.values()));
        }
    }

    private static JsonNode json(String body) throws JsonProcessingException {
        JsonNode node = body == null || body.isBlank() ? null : HttpReply.JSON.readTree(body);
        if (node == null || !node.isObject()) {
            throw new SchemaRegistryException(422, 422, "The request body must be a JSON object");
        }
        return node;
    }

    /** A version path segment: a number from 1, or {@code latest} / {@code -1}. */
    static int versionNumber(String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return InMemorySchemaRegistry.LATEST;
        }
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION, "The specified version '"
                + version + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "
                + "\"latest\"");
    }

    private static int id(HttpCall call) {
        String id = call.param("id");
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + id + " not found");
        }
    }

    private static boolean flag(HttpCall call, String name) {
        String value = call.queryParam(name);
        return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
    }

    private static SchemaRegistryException invalidSchema(String message) {
        return new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, message);
    }

    // Registry errors are answers, not failures: map them to Confluent's status and error_code.
    private static JsonHttpServer.Route guarded(JsonHttpServer.Route route) {
        return call -> {
            try {
                return route.handle(call);
            } catch (SchemaRegistryException e) {
                return confluentError(e.status(), e.errorCode(), e.reason());
            } catch (JsonProcessingException e) {
                return confluentError(400, 400, "The request body is not JSON: " + e.getOriginalMessage());
            }
        };
    }

    private static HttpReply ok(Object body) {
        return HttpReply.json(200, body, CONTENT_TYPE);
    }

    /** The schema itself as the body, as {@code .../schema} endpoints answer. */
    private static HttpReply raw(Schema schema) {
        return HttpReply.text(200, CONTENT_TYPE, schema.toString());
    }

    private static HttpReply confluentError(int status, int errorCode, String message) {
        return HttpReply.json(status, Map.of("error_code", errorCode, "message", message), CONTENT_TYPE);
    }

    @Override
    public void close() {
        server.close();
    }
}
