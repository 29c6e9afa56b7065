package com.wolfscale.mysql.binlog;

import java.util.ArrayList;
import java.util.List;

/**
 * A MariaDB global transaction id {@code domain-server-sequence}, e.g. {@code 0-1-42}.
 *
 * @param domainId replication domain (independent ordering streams)
 * @param serverId server that first committed the transaction
 * @param sequence per-domain sequence number
 */
public record Gtid(long domainId, long serverId, long sequence) {

    public static Gtid parse(String s) {
        String[] p = s.trim().split("-");
        if (p.length != 3) {
            throw new IllegalArgumentException("a MariaDB GTID is domain-server-sequence, not '" + s + "'");
        }
        return new Gtid(Long.parseUnsignedLong(p[0]), Long.parseUnsignedLong(p[1]), Long.parseUnsignedLong(p[2]));
    }

    /** Parses a GTID position such as {@code @@gtid_binlog_pos}: comma-separated GTIDs, possibly empty. */
    public static List<Gtid> parseList(String s) {
        List<Gtid> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    /** The inverse of {@link #parseList}. */
    public static String formatList(List<Gtid> gtids) {
        StringBuilder b = new StringBuilder();
        for (Gtid g : gtids) {
            b.append(b.isEmpty() ? "" : ",").append(g);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(domainId) + "-" + Long.toUnsignedString(serverId) + "-"
                + Long.toUnsignedString(sequence);
    }
}
