package io.ledgerline.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another Ledgerline instance (its {@code application.server}) for a resource it holds. Forwarded calls carry
 * {@code scope=local}, so the receiver answers from its own stores and never forwards again.
 */
final class PeerClient {

    static final String LOCAL_SCOPE = "scope=local";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * The peer's answer as is, or a 502 naming the peer when it cannot be reached.
     *
     * @param path the resource, with its encoded query string if any
     */
    HttpReply get(HostInfo peer, String path) throws InterruptedException {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + path + (path.contains("?") ? "&" : "?")
                + LOCAL_SCOPE);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse(HttpReply.JSON_TYPE);
            return new HttpReply(response.statusCode(), type, response.body(), Map.of());
        } catch (IOException e) {
            return HttpReply.error(502, "Instance " + peer.host() + ":" + peer.port() + " holding " + path
                    + " did not answer: " + e.getMessage());
        }
    }

    static boolean isForwarded(HttpCall call) {
        return "local".equals(call.queryParam("scope"));
    }
}
