package com.wolfscale.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends a request that must run on the leader to the leader's API, with the caller's token and body, and
 * returns the leader's answer unchanged. Marks it with {@value #FORWARDED_HEADER} so the leader never
 * forwards it again.
 */
final class LeaderForwarder {

    static final String FORWARDED_HEADER = "X-WolfScale-Forwarded-By";
    /** Longer than the slowest action (a leadership transfer waits up to ~15 s). */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String self;

    LeaderForwarder(String self) {
        this.self = self;
    }

    /** @param leaderApi {@code host:port} */
    ApiResponse forward(String leaderApi, ApiRequest r, String rawQuery) {
        URI uri = URI.create("http://" + leaderApi + r.path() + (rawQuery == null ? "" : "?" + rawQuery));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(r.method(), HttpRequest.BodyPublishers.ofByteArray(r.body()))
                .header(FORWARDED_HEADER, self);
        copy(r.headers(), "Authorization", b);
        copy(r.headers(), "Content-Type", b);
        try {
            HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = resp.headers().firstValue("Content-Type").orElse(ApiResponse.JSON);
            return new ApiResponse(resp.statusCode(), type, resp.body(),
                    resp.headers().firstValue(ApiServer.NODE_HEADER).orElse(leaderApi));
        } catch (IOException e) {
            return ApiResponse.error(502, "FORWARD_ERROR", "this node (" + self + ") is not the leader and cannot "
                    + "reach the leader's API at " + leaderApi + ": " + e + "; retry, or send the request to the leader");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.error(503, "INTERRUPTED", "the node is shutting down");
        }
    }

    private static void copy(Map<String, List<String>> headers, String name, HttpRequest.Builder b) {
        List<String> v = headers.get(name);
        if (v != null && !v.isEmpty()) {
            b.header(name, v.get(0));
        }
    }
}
