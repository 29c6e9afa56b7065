package com.wolfscale.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The routing table, its OpenAPI document and the token check, without a node. */
class RoutesTest {

    private final List<Route> routes = Routes.table(null);

    @Test
    void openApiDocumentDescribesExactlyTheRoutingTable() throws Exception {
        JsonNode doc = ApiJson.strict().readTree(OpenApiDocument.render(routes));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        TreeSet<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties()
                .forEach(op -> documented.add(op.getKey().toUpperCase() + " " + p.getKey())));
        TreeSet<String> routed = new TreeSet<>();
        routes.forEach(r -> routed.add(r.method() + " " + r.path()));
        assertThat(documented).isEqualTo(routed);
        assertThat(routed).contains("GET /status", "GET /health", "GET /stats", "GET /cluster", "GET /cluster/nodes",
                "GET /cluster/nodes/{id}", "POST /sql", "POST /write/insert", "POST /write/update", "POST /write/delete",
                "POST /write/upsert", "POST /write/ddl", "POST /admin/promote", "POST /admin/demote", "POST /admin/reset",
                "GET /health/leader", "GET /health/replica", "GET /metrics", "GET /openapi.json", "POST /admin/log-level",
                "GET /dump", "GET /dump/info", "POST /admin/migrate", "GET /admin/migrate");
        for (Route r : routes) {
            JsonNode op = doc.get("paths").get(r.path()).get(r.method().toLowerCase());
            assertThat(op.has("security")).as(r.path()).isEqualTo(r.mutating());
            // every POST needs the token; of the GETs only the dump, which reveals all the data
            boolean dump = r.path().startsWith("/dump");
            assertThat(r.mutating()).as(r.path()).isEqualTo(r.method().equals("POST") || dump);
        }
        JsonNode update = doc.at("/components/schemas/WriteRequests_Update/properties");
        assertThat(update.has("where_key")).as("snake_case field names, as the JSON is written").isTrue();
        assertThat(doc.at("/components/schemas/StatusView/properties").has("last_applied_lsn")).isTrue();
    }

    @Test
    void routerAnswers404And405() {
        Router router = new Router(routes);
        assertThat(router.match("GET", "/cluster/nodes/node-b").pathParams()).containsEntry("id", "node-b");
        assertThatThrownBy(() -> router.match("GET", "/nope")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status()).isEqualTo(404);
        assertThatThrownBy(() -> router.match("DELETE", "/status")).isInstanceOf(Router.MethodNotAllowed.class)
                .extracting(e -> ((Router.MethodNotAllowed) e).allow()).isEqualTo("GET");
    }

    @Test
    void tokenCheckRefusesMissingWrongAndUnconfigured() {
        ApiToken token = new ApiToken(Optional.of("s3cret"));
        assertThat(token.check(List.of("Bearer s3cret"))).isEqualTo(ApiToken.Verdict.OK);
        assertThat(token.check(List.of("bearer s3cret"))).isEqualTo(ApiToken.Verdict.OK);
        assertThat(token.check(List.of("Bearer s3cre"))).isEqualTo(ApiToken.Verdict.WRONG);
        assertThat(token.check(List.of("Bearer s3cret2"))).isEqualTo(ApiToken.Verdict.WRONG);
        assertThat(token.check(List.of("Basic czNjcmV0"))).isEqualTo(ApiToken.Verdict.MISSING);
        assertThat(token.check(null)).isEqualTo(ApiToken.Verdict.MISSING);
        assertThat(new ApiToken(Optional.empty()).check(List.of("Bearer x"))).isEqualTo(ApiToken.Verdict.NOT_CONFIGURED);
    }

    @Test
    void originalNamesRoundTrip() {
        assertThat(OriginalNames.status(com.wolfscale.core.NodeStatus.NEEDS_MIGRATION)).isEqualTo("NeedsMigration");
        assertThat(OriginalNames.role(com.wolfscale.core.Role.LEADER)).isEqualTo("Leader");
        assertThat(OriginalNames.upper("NeedsMigration")).isEqualTo("NEEDS_MIGRATION");
    }
}
