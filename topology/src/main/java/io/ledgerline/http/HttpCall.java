package io.ledgerline.http;

import java.util.Map;

/** One request as a route sees it: method, path parameters, query string and body. */
public record HttpCall(String method, String path, Map<String, String> pathParams, String query, String body) {

    public String param(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no path parameter " + name);
        }
        return value;
    }
}
