package io.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The operator commands' calls of a running Ledgerline's HTTP API ({@code exceptions}, {@code close-check},
 * {@code reconcile}): the JSON answer, or a {@link Failure} that says why in the server's words, with its exit code.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads that merge every instance's answer (reconciliation, close) may take longer than one request. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** Why a call failed, with the exit code it means. */
    static final class Failure extends Exception {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** A successful answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    private ApiClient() {
    }

    /** A GET without a token. */
    static JsonNode get(String api, String path) throws Failure, InterruptedException {
        return request(api, "GET", path, null, null, READ_TIMEOUT).body();
    }

    /**
     * @param body  JSON to send, or null for none
     * @param token bearer token, or null for none
     */
    static Answer request(String api, String method, String path, String body, String token, Duration timeout)
            throws Failure, InterruptedException {
        String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new Failure(LedgerlineCli.EXIT_USAGE, "--api " + api + " is not a URL: " + e.getMessage());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure(LedgerlineCli.EXIT_FAILURE, "cannot reach the API at " + api + ": " + e);
        }
        JsonNode json;
        try {
            json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Failure(LedgerlineCli.EXIT_FAILURE, "HTTP " + response.statusCode() + " from " + base + path + " is not JSON");
        }
        if (response.statusCode() >= 400) {
            throw new Failure(LedgerlineCli.EXIT_FAILURE, json.path("error").asText("failed") + " (HTTP " + response.statusCode() + ")");
        }
        return new Answer(response.statusCode(), json);
    }
}
