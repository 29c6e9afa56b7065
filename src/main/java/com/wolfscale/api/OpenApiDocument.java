package com.wolfscale.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wolfscale.api.model.ErrorBody;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * Renders the routing table as an OpenAPI 3.0 document. Paths, methods, parameters and security come
 * from the {@link Route}s, and the schemas from the request and answer records themselves (snake_case, as
 * the JSON is written), so neither can drift from what the server does.
 */
public final class OpenApiDocument {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private OpenApiDocument() {
    }

    public static byte[] render(List<Route> routes) {
        try {
            return ApiJson.strict().writerWithDefaultPrettyPrinter().writeValueAsBytes(build(routes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the OpenAPI document", e);
        }
    }

    static ObjectNode build(List<Route> routes) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "WolfScale HTTP API");
        info.put("version", "1");
        info.put("description", "Every POST, and GET /dump and /dump/info, need Authorization: Bearer <api.token>. Errors are "
                + "{\"error\": {\"code\", \"message\"}}.");
        ObjectNode schemas = F.objectNode();
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            path.set(r.method().toLowerCase(java.util.Locale.ROOT), operation(r, schemas));
        }
        schema(ErrorBody.class, schemas);
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas);
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearerAuth");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        return doc;
    }

    private static ObjectNode operation(Route r, ObjectNode schemas) {
        ObjectNode op = F.objectNode();
        op.put("summary", r.summary());
        op.put("operationId", r.method().toLowerCase(java.util.Locale.ROOT) + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
        if (!r.params().isEmpty()) {
            ArrayNode params = op.putArray("parameters");
            for (Route.Param p : r.params()) {
                ObjectNode n = params.addObject();
                n.put("name", p.name());
                n.put("in", p.in());
                n.put("required", p.required());
                n.put("description", p.description());
                n.putObject("schema").put("type", p.type());
            }
        }
        if (r.request() != null) {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", !r.path().equals("/admin/promote"));
            body.putObject("content").putObject(ApiResponse.JSON).set("schema", typeSchema(r.request(), schemas));
        }
        if (r.mutating()) {
            op.putArray("security").addObject().putArray("bearerAuth");
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "OK");
        if (r.response() == String.class) {
            ok.putObject("content").putObject("text/plain").putObject("schema").put("type", "string");
        } else {
            ok.putObject("content").putObject(ApiResponse.JSON).set("schema", typeSchema(r.response(), schemas));
        }
        for (int status : r.statuses()) {
            ObjectNode err = responses.putObject(Integer.toString(status));
            err.put("description", describe(status));
            Type body = r.path().startsWith("/health") && status == 503 ? r.response() : ErrorBody.class;
            err.putObject("content").putObject(ApiResponse.JSON).set("schema", typeSchema(body, schemas));
        }
        return op;
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "bad request (malformed JSON, unknown field, invalid value, SQL error)";
            case 401 -> "missing or wrong API token";
            case 403 -> "no API token is configured on this node";
            case 404 -> "no such node";
            case 409 -> "refused in the cluster's current state";
            case 413 -> "body larger than 1 MiB";
            case 502 -> "the leader could not be reached to forward the request";
            case 503 -> "no leader (or not healthy, for the health checks)";
            case 504 -> "the action did not complete in time";
            default -> "see the error message";
        };
    }

    /** A schema for a Java type: a $ref for records (added to {@code schemas}), inline otherwise. */
    static ObjectNode typeSchema(Type type, ObjectNode schemas) {
        ObjectNode s = F.objectNode();
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", typeSchema(p.getActualTypeArguments()[0], schemas));
            } else {
                s.put("type", "object");
                s.set("additionalProperties", typeSchema(p.getActualTypeArguments()[1], schemas));
            }
            return s;
        }
        if (type instanceof GenericArrayType g) {
            s.put("type", "array");
            s.set("items", typeSchema(g.getGenericComponentType(), schemas));
            return s;
        }
        Class<?> c = (Class<?>) type;
        if (c.isArray()) {
            s.put("type", "array");
            s.set("items", typeSchema(c.getComponentType(), schemas));
        } else if (c == String.class) {
            s.put("type", "string");
        } else if (c == boolean.class || c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            s.put("type", "integer");
            s.put("format", c == int.class || c == Integer.class ? "int32" : "int64");
        } else if (c == double.class || c == Double.class) {
            s.put("type", "number");
        } else if (Map.class.isAssignableFrom(c)) {
            s.put("type", "object");
        } else if (c.isRecord()) {
            s.put("$ref", "#/components/schemas/" + schema(c, schemas));
        } else if (c != Object.class) {
            throw new IllegalArgumentException("no schema mapping for " + c.getName());
        }
        return s; // Object: any JSON value
    }

    private static String schema(Class<?> record, ObjectNode schemas) {
        String name = record.getName().substring(record.getPackageName().length() + 1).replace('$', '_');
        if (schemas.has(name)) {
            return name;
        }
        ObjectNode s = schemas.putObject(name);
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        for (RecordComponent rc : record.getRecordComponents()) {
            props.set(SNAKE.translate(rc.getName()), typeSchema(rc.getGenericType(), schemas));
        }
        return name;
    }
}
