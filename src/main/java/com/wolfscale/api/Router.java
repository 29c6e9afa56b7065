package com.wolfscale.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Matches a method and path against the routing table: a route with its path parameters, or 404/405. */
public final class Router {

    /** A matched route and the values of its {@code {name}} segments. */
    public record Match(Route route, Map<String, String> pathParams) { }

    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /** @throws ApiException 404 when no route has this path, 405 (with the allowed methods) when none has this method */
    public Match match(String method, String path) {
        List<String> allowed = new ArrayList<>();
        for (Route r : routes) {
            Map<String, String> params = matchPath(r.path(), path);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method)) {
                return new Match(r, params);
            }
            allowed.add(r.method());
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("NOT_FOUND", "no endpoint " + path + "; GET /openapi.json lists them all");
        }
        throw new MethodNotAllowed(path, method, String.join(", ", new TreeSet<>(allowed)));
    }

    /** 405 with the methods the path does accept (for the Allow header). */
    public static final class MethodNotAllowed extends RuntimeException {
        private final String allow;

        MethodNotAllowed(String path, String method, String allow) {
            super(path + " does not accept " + method + "; use " + allow);
            this.allow = allow;
        }

        public String allow() {
            return allow;
        }
    }

    private static Map<String, String> matchPath(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                if (p[i].isEmpty()) {
                    return null;
                }
                params.put(t[i].substring(1, t[i].length() - 1), p[i]);
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }
}
