package com.wolfscale.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a handler sees it: the body is already read (bounded) and, for mutating routes, the
 * token already checked.
 *
 * @param authorized the request carried the configured API token
 */
public record ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                         Map<String, List<String>> headers, byte[] body, boolean authorized) {

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).filter(s -> !s.isBlank());
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The body as {@code type}; 400 when it is missing or malformed, naming what was wrong. */
    public <T> T json(Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("MISSING_BODY", method + " " + path + " needs a JSON body ("
                    + type.getSimpleName() + "); see GET /openapi.json");
        }
        return parse(type);
    }

    /** The body as {@code type}, or {@code otherwise} when the body is empty. */
    public <T> T jsonOr(Class<T> type, T otherwise) {
        return body.length == 0 ? otherwise : parse(type);
    }

    private <T> T parse(Class<T> type) {
        T value;
        try {
            value = ApiJson.strict().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body of " + method + " " + path + " is not a valid "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "cannot read the body: " + e.getMessage());
        }
        if (value == null) { // the body is JSON null: handlers expect an object, and would fail with a 500
            throw ApiException.badRequest("MALFORMED_JSON", "the body of " + method + " " + path + " is null, not a "
                    + type.getSimpleName() + " object; see GET /openapi.json");
        }
        return value;
    }
}
