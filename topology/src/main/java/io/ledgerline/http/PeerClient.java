package io.ledgerline.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another Ledgerline instance (its {@code application.server}) for a resource it holds. Forwarded calls carry
 * {@code scope=local}, so the receiver answers from its own stores and never forwards again.
 */
final class PeerClient {

    static final String LOCAL_SCOPE = "scope=local";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final String scheme;

    /** @param tls HTTPS to the peers, trusting what this context trusts; null for plain HTTP */
    PeerClient(SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (tls != null) {
            builder.sslContext(tls);
        }
        http = builder.build();
        scheme = tls == null ? "http://" : "https://";
    }

    /**
     * The peer's answer as is (its {@code Retry-After} and {@code Ledgerline-*} headers too: which replica answered, how
     * far behind it is), or, when it cannot be reached (crashed, or gone in a
     * rebalance the metadata has not caught up with), a 503 with {@code Retry-After} naming the peer: the client asks
     * again once the group has moved its partitions, and never gets a wrong answer meanwhile.
     *
     * @param path the resource, with its encoded query string if any
     */
    HttpReply get(HostInfo peer, String path) throws InterruptedException {
        URI uri = URI.create(scheme + peer.host() + ":" + peer.port() + path + (path.contains("?") ? "&" : "?")
                + LOCAL_SCOPE);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse(HttpReply.JSON_TYPE);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty() && (name.equalsIgnoreCase("Retry-After") || name.regionMatches(true, 0, PASSED_ON, 0, PASSED_ON.length()))) {
                    headers.put(name, values.get(0));
                }
            });
            return new HttpReply(response.statusCode(), type, response.body(), headers);
        } catch (IOException e) {
            return StoreQueries.notReady("instance " + peer.host() + ":" + peer.port() + " holding " + path
                    + " did not answer (" + e.getMessage() + "); its partitions move to another instance");
        }
    }

    /** The prefix of the headers that say who answered; they reach the client whichever instance it asked. */
    static final String PASSED_ON = "Ledgerline-";

    static boolean isForwarded(HttpCall call) {
        return "local".equals(call.queryParam("scope"));
    }
}
