package io.ledgerline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.serde.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every HTTP error is JSON in the server's own error shape, also those Jetty answers before a route runs (bad URIs,
 * oversized request lines and headers), sent here as raw bytes over a socket since HTTP clients refuse to send them.
 */
class JsonHttpErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonHttpServer api = new JsonHttpServer("errors-test")
            .route("GET", "/accounts/{id}", call -> HttpReply.json(200, Map.of("id", call.param("id"))))
            .route("POST", "/accounts/{id}/close", call -> HttpReply.json(200, Map.of("closed", true)))
            .route("GET", "/boom", call -> {
                throw new IllegalStateException("kaput");
            })
            .start("127.0.0.1", 0);
    private final SchemaRegistryServer registry = SchemaRegistryServer.start(new InMemorySchemaRegistry(), "127.0.0.1",
            0);

    @AfterEach
    void stop() {
        api.close();
        registry.close();
    }

    record Raw(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Raw send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
            return parse(all.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static Raw parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        assertThat(end).as("a complete response head: " + response).isPositive();
        String[] lines = response.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = response.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Raw(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static byte[] request(String method, String target, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertLedgerlineError(Raw raw, int status) throws IOException {
        assertThat(raw.status()).as(raw.toString()).isEqualTo(status);
        assertThat(raw.headers().get("content-type")).as(raw.toString()).startsWith("application/json");
        JsonNode body = raw.json();
        assertThat(body.path("status").asInt()).as(raw.body()).isEqualTo(status);
        assertThat(body.path("error").asText()).as(raw.body()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/accounts/a%00b", "/accounts/..%2F..%2Fetc", "/accounts/%2e%2e/x", "/accounts/%ff%fe",
        "/accounts/%C3", "/accounts/%zz", "//accounts/a", "/accounts//a"})
    void badUrisAnswer400AsJson(String target) throws IOException {
        assertLedgerlineError(send(api.port(), request("GET", target)), 400);
    }

    @Test
    void anOverlongUriAnswers414AsJson() throws IOException {
        assertLedgerlineError(send(api.port(), request("GET", "/accounts/" + "a".repeat(20_000))), 414);
    }

    @Test
    void oversizedHeadersAnswer431AsJson() throws IOException {
        assertLedgerlineError(send(api.port(), request("GET", "/accounts/a", "X-Big: " + "b".repeat(20_000))), 431);
    }

    @Test
    void malformedRequestLinesAnswerAsJson() throws IOException {
        assertLedgerlineError(send(api.port(), "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 400);
        assertLedgerlineError(send(api.port(), "GET /accounts/a HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                505);
    }

    @Test
    void dotSegmentsResolveBeforeRouting() throws IOException {
        Raw raw = send(api.port(), request("GET", "/accounts/x/../b%2Bc+d"));
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.json().path("id").asText()).isEqualTo("b+c+d");
    }

    @Test
    void unknownPathsAndFailingRoutesAreJson() throws IOException {
        assertLedgerlineError(send(api.port(), request("GET", "/nope")), 404);
        assertLedgerlineError(send(api.port(), request("GET", "/boom")), 500);
    }

    @Test
    void aWrongMethodAnswers405WithAllow() throws IOException {
        Raw raw = send(api.port(), request("DELETE", "/accounts/a"));
        assertLedgerlineError(raw, 405);
        assertThat(raw.headers().get("allow")).isEqualTo("GET, HEAD");
        Raw post = send(api.port(), request("GET", "/accounts/a/close"));
        assertThat(post.headers().get("allow")).isEqualTo("POST");
    }

    @Test
    void headWorksWhereGetDoes() throws IOException {
        Raw head = send(api.port(), request("HEAD", "/accounts/a"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("content-type")).startsWith("application/json");
        assertThat(head.body()).isEmpty();
        assertThat(send(api.port(), request("HEAD", "/nope")).status()).isEqualTo(404);
    }

    @Test
    void theRegistryAnswersJettyErrorsInConfluentsShape() throws IOException {
        int port = Integer.parseInt(registry.url().substring(registry.url().lastIndexOf(':') + 1));
        Raw raw = send(port, request("GET", "/subjects/a%00b/versions"));
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.headers().get("content-type")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(raw.json().path("error_code").asInt()).isEqualTo(400);
        assertThat(raw.json().path("message").asText()).isNotBlank();
        Raw tooLong = send(port, request("GET", "/subjects/" + "s".repeat(20_000)));
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.json().path("error_code").asInt()).isEqualTo(414);
    }
}
