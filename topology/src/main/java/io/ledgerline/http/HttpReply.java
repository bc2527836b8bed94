package io.ledgerline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response: status, content type, body, extra headers. */
public record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON_TYPE = "application/json";
    static final ObjectMapper JSON = new ObjectMapper();

    public static HttpReply json(int status, Object body) {
        return json(status, body, JSON_TYPE);
    }

    public static HttpReply json(int status, Object body, String contentType) {
        try {
            return new HttpReply(status, contentType, JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render a response as JSON", e);
        }
    }

    public static HttpReply text(int status, String contentType, String body) {
        return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Ledgerline's error shape: {@code {"error": "...", "status": N}}. */
    public static HttpReply error(int status, String message) {
        return json(status, Map.of("error", message, "status", status));
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new HttpReply(status, contentType, body, Map.copyOf(all));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
