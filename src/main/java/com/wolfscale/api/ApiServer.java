package com.wolfscale.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wolfscale.config.ApiSection;
import com.wolfscale.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API on {@code api.bind_address}: the JDK's HTTP server, one virtual thread per request.
 * For every request, in order: CORS preflight (only with {@code cors_enabled}), route (404/405), token
 * for mutating routes (403 when none is configured, 401 when missing or wrong — checked before the body
 * is read), body at most {@value #MAX_BODY_BYTES} bytes (413 from Content-Length alone, or after reading
 * one byte past the limit), handler, and forwarding to the leader when the handler says it must run there.
 */
public final class ApiServer implements AutoCloseable {

    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Names the node that produced an answer (a forwarded request's answer names the leader). */
    public static final String NODE_HEADER = "X-WolfScale-Node";
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final NodeApi api;
    private final Router router;
    private final ApiToken token;
    private final boolean cors;
    private final LeaderForwarder forwarder;

    private ApiServer(ApiSection config, NodeApi api) throws IOException {
        this.api = api;
        this.router = new Router(Routes.table(api));
        this.token = new ApiToken(config.token().map(Secret::value));
        this.cors = config.corsEnabled();
        this.forwarder = new LeaderForwarder(api.nodeId());
        this.server = HttpServer.create(new InetSocketAddress(config.bindAddress().host(), config.bindAddress().port()), 128);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    /** Binds and starts serving. @throws IOException when the address cannot be bound (says which) */
    public static ApiServer start(ApiSection config, NodeApi api) throws IOException {
        ApiServer s;
        try {
            s = new ApiServer(config, api);
        } catch (IOException e) {
            throw new IOException("cannot listen on api.bind_address " + config.bindAddress() + ": " + e.getMessage()
                    + " (another process uses it? change [api] bind_address or set enabled = false)", e);
        }
        s.server.start();
        if (config.token().isEmpty()) {
            LOG.warn("HTTP API on {} has no token: every POST endpoint is refused until [api] token (or {}) is set",
                    config.bindAddress(), ApiSection.TOKEN_ENV);
        }
        LOG.info("HTTP API listening on {}", s.address());
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public List<Route> routes() {
        return router.routes();
    }

    private void serve(HttpExchange ex) {
        long start = System.nanoTime();
        String routeName = "(unmatched)";
        ApiResponse resp;
        try {
            if (cors && ex.getRequestMethod().equals("OPTIONS")) {
                resp = new ApiResponse(204, ApiResponse.JSON, new byte[0]);
            } else {
                Router.Match m = router.match(ex.getRequestMethod(), ex.getRequestURI().getPath());
                routeName = m.route().path();
                resp = dispatch(ex, m);
            }
        } catch (ApiException e) {
            resp = ApiResponse.error(e.status(), e.code(), e.getMessage());
        } catch (Router.MethodNotAllowed e) {
            ex.getResponseHeaders().set("Allow", e.allow());
            resp = ApiResponse.error(405, "METHOD_NOT_ALLOWED", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("API {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            resp = ApiResponse.error(500, "INTERNAL", e.toString());
        }
        send(ex, resp);
        api.requestServed(ex.getRequestMethod(), routeName, resp.status(), System.nanoTime() - start);
    }

    private ApiResponse dispatch(HttpExchange ex, Router.Match m) {
        Route route = m.route();
        ApiToken.Verdict verdict = token.check(ex.getRequestHeaders().get("Authorization"));
        if (route.mutating()) {
            refuseUnauthorised(ex, verdict);
        }
        ApiRequest request = new ApiRequest(route.method(), ex.getRequestURI().getPath(), m.pathParams(),
                query(ex.getRequestURI().getRawQuery()), ex.getRequestHeaders(), readBody(ex),
                verdict == ApiToken.Verdict.OK);
        try {
            return route.handler().handle(request);
        } catch (LeaderRequiredException e) {
            return toLeader(ex, request, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void refuseUnauthorised(HttpExchange ex, ApiToken.Verdict verdict) {
        switch (verdict) {
            case OK -> { }
            case NOT_CONFIGURED -> throw new ApiException(403, "TOKEN_NOT_CONFIGURED", "this node has no API token, so "
                    + "it refuses every POST endpoint: set token = \"<long random string>\" in [api] (or the environment "
                    + "variable " + ApiSection.TOKEN_ENV + ") on every node, restart, and send Authorization: Bearer <token>");
            case MISSING -> {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new ApiException(401, "UNAUTHORIZED", "this endpoint needs the API token: send "
                        + "Authorization: Bearer <[api] token>");
            }
            case WRONG -> {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                throw new ApiException(401, "UNAUTHORIZED", "wrong API token: use the [api] token of the node");
            }
        }
    }

    private ApiResponse toLeader(HttpExchange ex, ApiRequest request, LeaderRequiredException e) {
        String from = ex.getRequestHeaders().getFirst(LeaderForwarder.FORWARDED_HEADER);
        if (from != null) {
            return ApiResponse.error(503, "NOT_LEADER", "forwarded by " + from + " to " + api.nodeId()
                    + ", which is not the leader either (" + e.getMessage() + "); the leadership is changing: retry");
        }
        if (e.leaderApi() == null) {
            return ApiResponse.error(503, "NO_LEADER", e.getMessage());
        }
        ApiRequest sent = e.forwardBody() == null ? request : new ApiRequest(request.method(), request.path(),
                request.pathParams(), request.query(), request.headers(), e.forwardBody(), request.authorized());
        return forwarder.forward(e.leaderApi(), sent, ex.getRequestURI().getRawQuery());
    }

    private static byte[] readBody(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("BAD_CONTENT_LENGTH", "Content-Length is not a number: " + length);
            }
            if (n > MAX_BODY_BYTES) {
                throw tooLarge(ex, n + " bytes");
            }
        }
        try {
            InputStream in = ex.getRequestBody();
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge(ex, "more than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("BAD_BODY", "cannot read the request body: " + e.getMessage());
        }
    }

    private static ApiException tooLarge(HttpExchange ex, String size) {
        ex.getResponseHeaders().set("Connection", "close"); // the rest of the body is never read
        return new ApiException(413, "BODY_TOO_LARGE", "the body is " + size + "; the API accepts at most "
                + MAX_BODY_BYTES + " bytes (1 MiB): send large data through the MySQL proxy instead");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private void send(HttpExchange ex, ApiResponse resp) {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", resp.contentType());
        h.set(NODE_HEADER, resp.servedBy() != null ? resp.servedBy() : api.nodeId());
        h.set("Cache-Control", "no-store");
        if (cors) {
            h.set("Access-Control-Allow-Origin", "*");
            h.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
            h.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        }
        try (OutputStream out = ex.getResponseBody()) {
            if (resp.stream() != null) {
                ex.sendResponseHeaders(resp.status(), 0); // chunked: the length is not known in advance
                writeStream(resp.stream(), out);
                return;
            }
            ex.sendResponseHeaders(resp.status(), resp.body().length == 0 ? -1 : resp.body().length);
            out.write(resp.body());
        } catch (IOException e) {
            LOG.debug("API client went away before the answer was sent: {}", e.getMessage());
        } finally {
            ex.close();
        }
    }

    /**
     * Runs a streamed body. A failure after the headers cannot become an error status any more: the body is
     * cut short (the receiver must check its own end marker, as the snapshot format has) and it is logged.
     */
    private static void writeStream(ApiResponse.BodyWriter writer, OutputStream out) throws IOException {
        try {
            writer.writeTo(out);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("streamed answer cut short: {}", e.toString());
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }
}
