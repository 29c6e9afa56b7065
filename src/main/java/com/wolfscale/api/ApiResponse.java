package com.wolfscale.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.wolfscale.api.model.ErrorBody;
import java.nio.charset.StandardCharsets;

/**
 * A status, a content type and the bytes of the body.
 *
 * @param servedBy the node that produced it when that is not this node (a forwarded answer), else null
 */
public record ApiResponse(int status, String contentType, byte[] body, String servedBy, BodyWriter stream) {

    /** Writes a body of unknown length (sent chunked); an exception cuts the body short. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(java.io.OutputStream out) throws Exception;
    }

    public ApiResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, null, null);
    }

    public ApiResponse(int status, String contentType, byte[] body, String servedBy) {
        this(status, contentType, body, servedBy, null);
    }

    /** A streamed answer: {@code writer} runs once the headers are sent. */
    public static ApiResponse streamed(int status, String contentType, BodyWriter writer) {
        return new ApiResponse(status, contentType, new byte[0], null, writer);
    }

    public static final String JSON = "application/json";
    public static final String SQL = "application/sql; charset=utf-8";
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    public static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, JSON, ApiJson.strict().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static ApiResponse ok(Object value) {
        return json(200, value);
    }

    public static ApiResponse error(int status, String code, String message) {
        return json(status, ErrorBody.of(code, message));
    }

    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
