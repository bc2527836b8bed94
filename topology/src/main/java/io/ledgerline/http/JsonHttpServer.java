package io.ledgerline.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server of JSON routes on Jetty's core API: {@code GET /accounts/{id}}-style patterns, no servlets.
 * Every error is JSON in the server's {@link ErrorRenderer} shape ({@link HttpReply#error} by default): unknown paths
 * (404), a method a path does not serve (405, with {@code Allow}), failing routes (500), path segments that are not
 * UTF-8 (400) and what Jetty refuses before any route runs (ambiguous or malformed URIs 400, 414, 431, 505). HEAD is
 * answered wherever GET is.
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

    /** Decides from the request headers (lower-case names) whether a call may reach any route: null lets it pass. */
    @FunctionalInterface
    public interface Guard {
        HttpReply refusal(Map<String, String> headers);
    }

    private record Binding(String method, List<String> pattern, Route route) {
    }

    private static final Logger log = LoggerFactory.getLogger(JsonHttpServer.class);

    private final String name;
    private final List<Binding> bindings = new ArrayList<>();
    private ErrorRenderer errors = HttpReply::error;
    private Guard guard = headers -> null;
    private SSLContext tls;
    private boolean requireClientCertificate;
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

    /** Every call must pass {@code guard} first (e.g. basic auth); what it refuses reaches no route. */
    public JsonHttpServer guard(Guard guard) {
        this.guard = Objects.requireNonNull(guard);
        return this;
    }

    /** Serves HTTPS with {@code context}'s key material instead of plain HTTP; null for plain HTTP. Set before start. */
    public JsonHttpServer tls(SSLContext context) {
        return tls(context, false);
    }

    /**
     * As {@link #tls(SSLContext)}; with {@code requireClientCertificate} a client must present a certificate that
     * {@code context}'s trust accepts (mutual TLS), or the handshake fails.
     */
    public JsonHttpServer tls(SSLContext context, boolean requireClientCertificate) {
        this.tls = context;
        this.requireClientCertificate = requireClientCertificate;
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
        if (tls == null) {
            connector = new ServerConnector(server, 1, 1);
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            ssl.setNeedClientAuth(requireClientCertificate);
            connector = new ServerConnector(server, 1, 1, ssl);
        }
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
        server.setErrorHandler(new JsonErrorHandler());
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
        return (tls == null ? "http://" : "https://") + connector.getHost() + ":" + port();
    }

    private HttpReply dispatch(Request request) {
        // still percent-encoded, dot segments resolved: segments are decoded one by one
        String path = request.getHttpURI().getCanonicalPath();
        if (path == null) {
            return errors.render(400, "Invalid path: " + request.getHttpURI().getPath());
        }
        List<String> actual;
        try {
            actual = decodedSegments(path);
        } catch (IllegalArgumentException e) {
            return errors.render(400, e.getMessage());
        }
        String method = request.getMethod();
        HttpReply refused = guard.refusal(headers(request));
        if (refused != null) {
            return refused;
        }
        // HEAD is GET without the body: Jetty leaves the body out for HEAD requests
        String routeMethod = "HEAD".equals(method) ? "GET" : method;
        Set<String> allowed = new LinkedHashSet<>();
        for (Binding binding : bindings) {
            Map<String, String> params = match(binding.pattern(), actual);
            if (params == null) {
                continue;
            }
            if (!binding.method().equals(routeMethod)) {
                allowed.add(binding.method());
                if ("GET".equals(binding.method())) {
                    allowed.add("HEAD");
                }
                continue;
            }
            try {
                return binding.route().handle(new HttpCall(routeMethod, path, params,
                        request.getHttpURI().getQuery(), headers(request), body(request)));
            } catch (Exception e) {
                log.error("{} {} {} failed", name, method, path, e);
                return errors.render(500, "Internal error: " + e.getMessage());
            }
        }
        return allowed.isEmpty() ? errors.render(404, "No such resource: " + path)
                : errors.render(405, "Method " + method + " not allowed on " + path)
                        .withHeader("Allow", String.join(", ", allowed));
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
            String segment = actual.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), segment);
            } else if (!expected.equals(segment)) {
                return null;
            }
        }
        return params;
    }

    /** The path's segments, percent-decoded strictly: {@code +} stays itself, bytes must be UTF-8, no controls. */
    static List<String> decodedSegments(String path) {
        List<String> decoded = new ArrayList<>();
        for (String segment : segments(path)) {
            decoded.add(decodeSegment(segment));
        }
        return decoded;
    }

    private static String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("Invalid percent-encoding in path segment '" + segment + "'");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Path segment '" + segment + "' is not UTF-8");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Path segment '" + segment + "' holds a control character");
        }
        return text;
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

    /** What Jetty answers itself (bad URIs, oversized headers, ...), as JSON in this server's error shape. */
    private final class JsonErrorHandler extends ErrorHandler {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
            if (status < 400) {
                status = 500;
            }
            respond(errors.render(status, describe(status, (String) request.getAttribute(ERROR_MESSAGE))), response,
                    callback);
            return true;
        }

        // a request Jetty could not even parse (e.g. 414 URI too long, 431 headers too large) has no Request object
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            HttpReply reply = errors.render(status, describe(status, reason));
            fields.put(HttpHeader.CONTENT_TYPE, reply.contentType());
            return ByteBuffer.wrap(reply.body());
        }

        private static String describe(int status, String message) {
            String standard = HttpStatus.getMessage(status);
            return message == null || message.isBlank() || message.equals(standard) ? standard
                    : standard + ": " + message;
        }
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
