package io.ledgerline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.ops.ExceptionStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The filters and page of {@code GET /exceptions}: status, reason and account match exactly; the order is oldest
 * first ({@code firstSeen}, then {@code eventTime}) with the exception id as tie-breaker, so pages are stable while
 * the queue does not change. Works on the JSON rendering, the one shape local stores and peers have in common.
 */
record ExceptionQuery(String status, String reason, String account, int offset, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    static final Comparator<JsonNode> OLDEST_FIRST = Comparator
            .comparing((JsonNode e) -> instant(e, "firstSeen") != null ? instant(e, "firstSeen") : instant(e, "eventTime"),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> e.path("exceptionId").asText());

    /** @throws IllegalArgumentException naming the parameter that is wrong */
    static ExceptionQuery of(HttpCall call) {
        String given = blankToNull(call.queryParam("status"));
        String status = given == null ? null : given.toUpperCase(Locale.ROOT);
        if (status != null && Arrays.stream(ExceptionStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw new IllegalArgumentException("Unknown status " + status + "; one of "
                    + Arrays.toString(ExceptionStatus.values()));
        }
        int offset = number(call, "offset", 0);
        int limit = number(call, "limit", DEFAULT_LIMIT);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        // a forwarded call asks for offset + limit of the caller's page, which may be more than a client may
        if (limit < 1 || (limit > MAX_LIMIT && !PeerClient.isForwarded(call))) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return new ExceptionQuery(status, blankToNull(call.queryParam("reason")), blankToNull(call.queryParam("account")),
                offset, limit);
    }

    boolean matches(JsonNode exception) {
        return (status == null || status.equals(exception.path("status").asText()))
                && (reason == null || reason.equals(exception.path("reason").asText()))
                && (account == null || account.equals(exception.path("accountId").asText()));
    }

    /**
     * What to ask a peer for: the same filters and its first {@code offset + limit} matches, enough for this page
     * once merged with everyone else's.
     */
    ExceptionQuery forPeers() {
        return new ExceptionQuery(status, reason, account, 0, (int) Math.min((long) offset + limit, Integer.MAX_VALUE));
    }

    /** The query string of this query, encoded. */
    String queryString() {
        StringJoiner query = new StringJoiner("&");
        add(query, "status", status);
        add(query, "reason", reason);
        add(query, "account", account);
        add(query, "offset", Integer.toString(offset));
        add(query, "limit", Integer.toString(limit));
        return query.toString();
    }

    /** This query's page of {@code matches}, sorted; {@code matches} must already be filtered. */
    List<ObjectNode> page(List<ObjectNode> matches) {
        return matches.stream().sorted(OLDEST_FIRST).skip(offset).limit(limit).toList();
    }

    private static Instant instant(JsonNode exception, String field) {
        JsonNode value = exception.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static int number(HttpCall call, String name, int defaultValue) {
        String value = call.queryParam(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
