package io.ledgerline.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a Confluent-compatible schema registry over its REST API. Does not cache: wrap it in
 * {@link CachedSchemaRegistryClient} (as {@link SchemaRegistryClients#fromConfig} does) for use on a hot path.
 *
 * <p>With several base URLs, each call goes to the last URL that answered and moves on to the next one only when a URL
 * cannot be reached; an HTTP error response is an answer and is reported, not retried elsewhere.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json,"
            + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final Duration requestTimeout;
    private final String authorization;
    private final HttpClient http;
    private volatile int preferred;

    public HttpSchemaRegistryClient(String baseUrl) {
        this(List.of(URI.create(baseUrl)), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null);
    }

    /**
     * @param basicAuthUserInfo {@code "user:password"} for HTTP basic auth, or null for none
     */
    public HttpSchemaRegistryClient(List<URI> baseUrls, Duration connectTimeout, Duration requestTimeout,
            String basicAuthUserInfo) {
        this(baseUrls, connectTimeout, requestTimeout, basicAuthUserInfo, null);
    }

    /**
     * @param basicAuthUserInfo {@code "user:password"} for HTTP basic auth, or null for none
     * @param tls               the TLS context for {@code https} URLs (trust, and key material for mutual TLS), or null
     *                          for the JVM's default
     */
    public HttpSchemaRegistryClient(List<URI> baseUrls, Duration connectTimeout, Duration requestTimeout,
            String basicAuthUserInfo, SSLContext tls) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is required");
        }
        this.baseUrls = baseUrls.stream().map(HttpSchemaRegistryClient::withoutTrailingSlash).toList();
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.authorization = basicAuthUserInfo == null || basicAuthUserInfo.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
    }

    public List<URI> baseUrls() {
        return baseUrls;
    }

    @Override
    public int register(String subject, Schema schema) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode schema request", e);
        }
        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", body);
        return requiredField(response, "id").asInt();
    }

    @Override
    public Schema getById(int id) {
        JsonNode response = send("GET", "/schemas/ids/" + id, null);
        return parseSchema(response, "schema " + id);
    }

    @Override
    public SchemaVersion getLatest(String subject) {
        JsonNode response = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        return new SchemaVersion(subject, requiredField(response, "version").asInt(),
                requiredField(response, "id").asInt(), parseSchema(response, "latest version of " + subject));
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    private JsonNode send(String method, String path, String body) {
        int start = preferred;
        IOException lastFailure = null;
        for (int attempt = 0; attempt < baseUrls.size(); attempt++) {
            int index = (start + attempt) % baseUrls.size();
            URI url = URI.create(baseUrls.get(index) + path);
            try {
                HttpResponse<String> response = http.send(request(method, url, body),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                preferred = index;
                return handle(method, url, response);
            } catch (IOException e) {
                LOG.warn("Schema registry {} did not answer {} {}: {}", baseUrls.get(index), method, path, e.toString());
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SchemaRegistryException.unreachable("Interrupted while calling schema registry " + url, e);
            }
        }
        throw SchemaRegistryException.unreachable("No schema registry answered " + method + " " + path + " (tried "
                + baseUrls + "): " + lastFailure, lastFailure);
    }

    private HttpRequest request(String method, URI url, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(requestTimeout).header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static JsonNode handle(String method, URI url, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = null;
        try {
            json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            if (status / 100 == 2) {
                throw new SchemaRegistryException(status, SchemaRegistryException.NO_STATUS,
                        "Schema registry sent a response that is not JSON for " + method + " " + url, e);
            }
        }
        if (status / 100 == 2) {
            if (json == null) {
                throw new SchemaRegistryException(status, SchemaRegistryException.NO_STATUS,
                        "Schema registry sent an empty response for " + method + " " + url);
            }
            return json;
        }
        // Confluent error bodies look like {"error_code": 40401, "message": "Subject not found."}
        int errorCode = json != null && json.has("error_code") ? json.get("error_code").asInt() : status;
        String message = json != null && json.has("message") ? json.get("message").asText() : response.body();
        throw new SchemaRegistryException(status, errorCode,
                "Schema registry rejected " + method + " " + url + ": " + message);
    }

    private static Schema parseSchema(JsonNode response, String what) {
        JsonNode type = response.get("schemaType");
        if (type != null && !"AVRO".equals(type.asText())) {
            throw new SchemaRegistryException(200, SchemaRegistryException.NO_STATUS,
                    "Registry returned a " + type.asText() + " schema for " + what + "; only AVRO is supported");
        }
        String text = requiredField(response, "schema").asText();
        try {
            // A fresh parser per schema: registry schemas are self-contained and must not clash by name.
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.NO_STATUS,
                    "Registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode requiredField(JsonNode response, String field) {
        JsonNode value = response.get(field);
        if (value == null || value.isNull()) {
            throw new SchemaRegistryException(200, SchemaRegistryException.NO_STATUS,
                    "Schema registry response lacks '" + field + "': " + response);
        }
        return value;
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutTrailingSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }
}
