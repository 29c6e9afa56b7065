package com.wolfscale.api;

import com.wolfscale.core.NodeStatus;
import com.wolfscale.core.Role;
import java.util.Locale;

/**
 * The original API's spelling of statuses and roles ({@code Active}, {@code NeedsMigration},
 * {@code Leader}), so scripts written against it keep working; wolfctl shows them upper-case
 * ({@code ACTIVE}, {@code NEEDS_MIGRATION}) as the original's CLI did.
 */
public final class OriginalNames {

    private OriginalNames() {
    }

    public static String status(NodeStatus s) {
        return pascal(s.name());
    }

    public static String role(Role r) {
        return pascal(r.name());
    }

    /** {@code NeedsMigration} → {@code NEEDS_MIGRATION}; null stays null. */
    public static String upper(String pascal) {
        if (pascal == null) {
            return null;
        }
        return pascal.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String pascal(String constant) {
        StringBuilder sb = new StringBuilder();
        for (String part : constant.split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
