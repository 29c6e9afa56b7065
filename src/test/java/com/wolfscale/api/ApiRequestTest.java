package com.wolfscale.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.api.model.AdminRequests;
import com.wolfscale.api.model.WriteRequests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request bodies are read strictly: anything but exactly one JSON object of the right shape is a 400. */
class ApiRequestTest {

    private static ApiRequest request(String body) {
        return new ApiRequest("POST", "/write/insert", Map.of(), Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void aWellFormedBodyIsRead() {
        WriteRequests.Insert i = request("{\"table\": \"t\", \"values\": {\"id\": 1}}").json(WriteRequests.Insert.class);
        assertThat(i.table()).isEqualTo("t");
        assertThat(i.values()).containsEntry("id", 1);
    }

    @Test
    void anythingButOneJsonObjectIsMalformed() {
        for (String body : List.of("null", "  null  ", "not json", "{\"table\": \"t\",}",
                "{\"table\": \"t\", \"values\": {\"id\": 1}} trailing",
                "{\"table\": \"t\", \"values\": {\"id\": 1}}{\"table\": \"u\", \"values\": {\"id\": 2}}",
                "{\"table\": \"t\", \"table\": \"counter\", \"values\": {\"id\": 1}}",
                "{\"table\": \"t\", \"values\": {\"id\": 1, \"id\": 2}}",
                "{\"table\": \"t\", \"values\": " + "[".repeat(100_000) + "}")) {
            assertThatThrownBy(() -> request(body).json(WriteRequests.Insert.class)).as(body.length() > 80 ? "deep" : body)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("MALFORMED_JSON");
                    });
        }
        assertThatThrownBy(() -> request("null").jsonOr(AdminRequests.Promote.class, null))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void anEmptyBodyIsMissing() {
        assertThatThrownBy(() -> request("").json(WriteRequests.Insert.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("MISSING_BODY"));
        assertThat(request("").jsonOr(AdminRequests.Promote.class, null)).isNull();
    }
}
