package io.ledgerline.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A real HTTP server speaking the Confluent schema registry endpoints the client uses, backed by
 * {@link InMemorySchemaRegistry}. Records requests so tests can check headers and bodies.
 */
final class FakeConfluentRegistry implements AutoCloseable {

    record Request(String method, String path, String contentType, String authorization, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** When set, requests without exactly this Authorization header get 401. */
    volatile String requiredAuthorization;
    /** When set, every request waits for it before answering (to provoke client timeouts). */
    volatile CountDownLatch gate;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    FakeConfluentRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Not try-with-resources: that would close the exchange before the catch blocks answer.
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(method, exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), authorization, body));
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                waitFor.await();
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                respond(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            respond(exchange, 200, route(method, segments(exchange), body));
        } catch (SchemaRegistryException e) {
            respond(exchange, e.status(), error(e.errorCode(), e.getMessage()));
        } catch (SchemaParseException e) {
            respond(exchange, 422, error(SchemaRegistryException.INVALID_SCHEMA, "Invalid schema " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private Object route(String method, List<String> path, String body) throws IOException {
        int n = path.size();
        if (method.equals("POST") && n == 3 && path.get(0).equals("subjects") && path.get(2).equals("versions")) {
            JsonNode request = JSON.readTree(body);
            Schema schema = new Schema.Parser().parse(request.get("schema").asText());
            return Map.of("id", registry.register(path.get(1), schema));
        }
        if (method.equals("GET") && n == 3 && path.get(0).equals("schemas") && path.get(1).equals("ids")) {
            return Map.of("schema", registry.getById(Integer.parseInt(path.get(2))).toString());
        }
        if (method.equals("GET") && n == 1 && path.get(0).equals("subjects")) {
            return registry.subjects();
        }
        if (method.equals("GET") && n == 3 && path.get(0).equals("subjects") && path.get(2).equals("versions")) {
            return registry.versions(path.get(1));
        }
        if (method.equals("GET") && n == 4 && path.get(0).equals("subjects") && path.get(3).equals("latest")) {
            SchemaVersion latest = registry.getLatest(path.get(1));
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("subject", latest.subject());
            response.put("version", latest.version());
            response.put("id", latest.id());
            response.put("schema", latest.schema().toString());
            return response;
        }
        throw new SchemaRegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static List<String> segments(HttpExchange exchange) {
        return Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .toList();
    }

    private static Map<String, Object> error(int errorCode, String message) {
        return Map.of("error_code", errorCode, "message", message);
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        CountDownLatch waitFor = gate;
        if (waitFor != null) {
            waitFor.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
