package com.wolfscale.api;

import java.util.List;

/**
 * One entry of the routing table: what the router matches, what the handler does, and what the OpenAPI
 * document says about it — one definition, so the document cannot drift from the routes.
 *
 * @param path      a template such as {@code /cluster/nodes/{id}}
 * @param mutating  needs the API token (every POST)
 * @param request   the JSON body's type, or null
 * @param response  the JSON answer's type, or {@code String.class} for text
 * @param statuses  the HTTP statuses it can answer besides 200 (documented)
 */
public record Route(String method, String path, String summary, boolean mutating, List<Param> params,
                    Class<?> request, Class<?> response, List<Integer> statuses, Handler handler) {

    public Route withStatuses(List<Integer> s) {
        return new Route(method, path, summary, mutating, params, request, response, List.copyOf(s), handler);
    }

    /** The same route, needing the API token although it changes nothing (it reveals data). */
    public Route withToken() {
        return new Route(method, path, summary, true, params, request, response, statuses, handler);
    }

    public Route withParams(List<Param> p) {
        return new Route(method, path, summary, mutating, List.copyOf(p), request, response, statuses, handler);
    }

    /** A path or query parameter. */
    public record Param(String name, String in, String type, boolean required, String description) {

        public static Param path(String name, String description) {
            return new Param(name, "path", "string", true, description);
        }

        public static Param query(String name, String type, String description) {
            return new Param(name, "query", type, false, description);
        }
    }

    /** Turns a request into an answer; throws {@link ApiException} or {@link LeaderRequiredException}. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }
}
