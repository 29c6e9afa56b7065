package com.wolfscale.capture;

import com.wolfscale.requirements.MariaDbRequirements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that a node's MariaDB can be captured and applied to, and lists every setting to change (with
 * how) in one message, instead of failing on the first. The rules live in {@link MariaDbRequirements}
 * (shared with wolfctl); this class reads what they need over a connection.
 */
public final class ServerRequirements {

    private ServerRequirements() {
    }

    /** @return the problems; empty when the server is ready */
    public static List<String> check(Connection c, long replicaServerId) throws SQLException {
        return MariaDbRequirements.problems(variables(c), grants(c), replicaServerId);
    }

    /** The problems as one message an operator can act on. */
    public static String describe(String server, List<String> problems) {
        return MariaDbRequirements.describe(server, problems);
    }

    private static Map<String, String> variables(Connection c) throws SQLException {
        Map<String, String> v = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MariaDbRequirements.VARIABLES_QUERY)) {
            while (rs.next()) {
                v.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        return v;
    }

    private static List<String> grants(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
