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

/** A read of a running Ledgerline's HTTP API for the operator commands that only look: the JSON, or why not. */
final class ApiGet {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Why a read failed, with the exit code it means. */
    static final class Failure extends Exception {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private ApiGet() {
    }

    static JsonNode get(String api, String path) throws Failure, InterruptedException {
        String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        } catch (IllegalArgumentException e) {
            throw new Failure(LedgerlineCli.EXIT_USAGE, "--api " + api + " is not a URL: " + e.getMessage());
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
        return json;
    }
}
