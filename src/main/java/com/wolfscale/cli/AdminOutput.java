package com.wolfscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints an {@code /admin/*} answer: its message, or the JSON with {@code --json}. */
final class AdminOutput {

    private AdminOutput() {
    }

    static int print(Wolfctl root, PrintWriter out, JsonNode answer) {
        if (root.json) {
            Wolfctl.printJson(out, answer);
        } else {
            out.println(answer.path("message").asText());
        }
        return answer.path("success").asBoolean(false) ? 0 : 1;
    }
}
