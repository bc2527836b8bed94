package io.ledgerline.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server of JSON routes on Jetty's core API: {@code GET /accounts/{id}}-style patterns, no servlets.
 * Unknown paths answer 404 and failing routes 500, both as {@link HttpReply#error} unless a route maps errors itself.
 */
public final class JsonHttpServer implements AutoCloseable {

    /** Handles one call. */
    @FunctionalInterface
    public interface Route {
        HttpReply handle(HttpCall call) throws Exception;
    }

    /** Renders an unexpected exception of a route; the default is Ledgerline's JSON error. */
    @FunctionalInterface
    public interface ErrorRenderer {
        HttpReply render(int status, String message);
    }

    private record Binding(String method, List<String> pattern, Route route) {
    }

    private static final Logger log = LoggerFactory.getLogger(JsonHttpServer.class);

    private final String name;
    private final List<Binding> bindings = new ArrayList<>();
    private ErrorRenderer errors = HttpReply::error;
    private Server server;
    private ServerConnector connector;

    /** @param name for thread names and log lines, e.g. {@code ledgerline-api} */
    public JsonHttpServer(String name) {
        this.name = Objects.requireNonNull(name);
    }

    public JsonHttpServer route(String method, String pattern, Route route) {
        bindings.add(new Binding(method, segments(pattern), route));
        return this;
    }

    public JsonHttpServer errors(ErrorRenderer renderer) {
        this.errors = Objects.requireNonNull(renderer);
        return this;
    }

    /**
     * Starts listening.
     *
     * @param port 0 for a free port
     * @throws IllegalStateException naming host and port when the port cannot be bound
     */
    public JsonHttpServer start(String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName(name);
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                respond(dispatch(request), response, callback);
                return true;
            }
        });
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot start " + name + " on " + host + ":" + port + ": " + e.getMessage(),
                    e);
        }
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        return "http://" + connector.getHost() + ":" + port();
    }

    private HttpReply dispatch(Request request) {
        String path = request.getHttpURI().getPath(); // still percent-encoded: segments are decoded one by one
        List<String> actual = segments(path);
        boolean pathKnown = false;
        for (Binding binding : bindings) {
            Map<String, String> params = match(binding.pattern(), actual);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (!binding.method().equals(request.getMethod())) {
                continue;
            }
            try {
                return binding.route().handle(new HttpCall(request.getMethod(), path, params,
                        request.getHttpURI().getQuery(), headers(request), body(request)));
            } catch (Exception e) {
                log.error("{} {} {} failed", name, request.getMethod(), path, e);
                return errors.render(500, "Internal error: " + e.getMessage());
            }
        }
        return pathKnown ? errors.render(405, "Method " + request.getMethod() + " not allowed on " + path)
                : errors.render(404, "No such resource: " + path);
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach(field -> headers.putIfAbsent(field.getLowerCaseName(), field.getValue()));
        return headers;
    }

    private static String body(Request request) throws IOException {
        try (InputStream in = Request.asInputStream(request)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void respond(HttpReply reply, Response response, Callback callback) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    private static Map<String, String> match(List<String> pattern, List<String> actual) {
        if (pattern.size() != actual.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            String segment = URLDecoder.decode(actual.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), segment);
            } else if (!expected.equals(segment)) {
                return null;
            }
        }
        return params;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        return segments;
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("{} did not stop cleanly: {}", name, e.toString());
        }
    }
}
