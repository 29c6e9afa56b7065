package com.wolfscale.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.api.ApiJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * wolfctl's client of one node's HTTP API. Any answer other than 2xx, and any transport failure, becomes
 * a {@link CliFailure} naming the endpoint and the node's own error message (exit code 1).
 */
final class ApiClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final String baseUrl;
    private final Optional<String> token;

    /** @param baseUrl e.g. {@code http://10.0.0.1:8080} */
    ApiClient(String baseUrl, Optional<String> token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    String baseUrl() {
        return baseUrl;
    }

    Optional<String> token() {
        return token;
    }

    JsonNode get(String path) throws CliFailure {
        return send(request(path).GET());
    }

    <T> T get(String path, Class<T> type) throws CliFailure {
        return convert(get(path), type);
    }

    JsonNode post(String path, Object body) throws CliFailure {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : ApiJson.strict().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    static <T> T convert(JsonNode node, Class<T> type) throws CliFailure {
        try {
            return ApiJson.lenient().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new CliFailure("unexpected answer shape (" + type.getSimpleName() + "): " + e.getOriginalMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(45));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private JsonNode send(HttpRequest.Builder b) throws CliFailure {
        HttpRequest req = b.build();
        HttpResponse<String> resp;
        try {
            resp = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliFailure("cannot connect to " + baseUrl + " (is the node running, and is [api] enabled? "
                    + "use -e host:port or -c config)");
        } catch (IOException e) {
            throw new CliFailure(req.method() + " " + req.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        JsonNode json = parse(resp.body());
        if (resp.statusCode() / 100 != 2) {
            String code = json == null ? "" : json.at("/error/code").asText("");
            String message = json == null ? resp.body() : json.at("/error/message").asText(resp.body());
            String hint = resp.statusCode() == 401 && token.isEmpty()
                    ? " (wolfctl found no token: set [api] token in the config given with -c, or WOLFSCALE_API_TOKEN)" : "";
            throw new CliFailure(req.method() + " " + req.uri().getPath() + " on " + baseUrl + ": " + resp.statusCode()
                    + (code.isEmpty() ? "" : " " + code) + ": " + message + hint);
        }
        if (json == null) {
            throw new CliFailure(baseUrl + " answered something that is not JSON: " + abbreviate(resp.body()));
        }
        return json;
    }

    private static JsonNode parse(String body) {
        try {
            return ApiJson.lenient().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
