package io.ledgerline.http;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Ledgerline's HTTP API: {@code /health/live}, {@code /health/ready}, {@code /metrics} (Prometheus text),
 * {@code GET /accounts/{accountId}} and {@code GET /transactions/{correlationId}}. It starts before the Streams client
 * (whose {@code application.server} must name the bound port) and answers "not ready" until {@link #attach}.
 */
public final class LedgerlineApi implements AutoCloseable {

    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final JsonHttpServer server;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PeerClient peers = new PeerClient();
    private volatile KafkaStreams streams;
    private volatile StoreQueries queries;
    private KafkaStreamsMetrics streamsMetrics;

    private LedgerlineApi(String host, int port) {
        server = new JsonHttpServer("ledgerline-api")
                .route("GET", "/health/live", call -> HttpReply.json(200, Map.of("status", "UP")))
                .route("GET", "/health/ready", call -> ready())
                .route("GET", "/metrics", call -> HttpReply.text(200, PROMETHEUS_TYPE, metrics.scrape()))
                .route("GET", "/accounts/{accountId}", call -> queries == null ? notStarted() : queries.account(call))
                .route("GET", "/transactions/{correlationId}", call -> queries == null ? notStarted() : queries.transaction(call))
                .start(host, port);
    }

    /** Listens on {@code host:port} (0 for a free port). */
    public static LedgerlineApi start(String host, int port) {
        return new LedgerlineApi(host, port);
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return server.url();
    }

    /**
     * Serves {@code client}'s state and metrics from now on.
     *
     * @param self this instance's {@code application.server}, to tell local keys from remote ones
     */
    public synchronized void attach(KafkaStreams client, HostInfo self) {
        Objects.requireNonNull(client, "client");
        streamsMetrics = new KafkaStreamsMetrics(client);
        streamsMetrics.bindTo(metrics);
        queries = new StoreQueries(client, Objects.requireNonNull(self, "self"), peers);
        streams = client;
    }

    private HttpReply ready() {
        KafkaStreams client = streams;
        if (client == null) {
            return notStarted();
        }
        KafkaStreams.State state = client.state();
        if (state == KafkaStreams.State.RUNNING) {
            return HttpReply.json(200, Map.of("status", "UP", "state", state.name()));
        }
        return HttpReply.json(503, Map.of("error", "Kafka Streams is " + state, "status", 503, "state", state.name()));
    }

    private static HttpReply notStarted() {
        return HttpReply.error(503, "Kafka Streams is not started yet").withHeader("Retry-After", "1");
    }

    @Override
    public synchronized void close() {
        server.close();
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        metrics.close();
    }
}
