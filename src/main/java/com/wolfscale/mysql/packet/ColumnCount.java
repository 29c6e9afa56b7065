package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * The first packet of a result set.
 *
 * <pre>
 * size   | field             | present when
 * -------+-------------------+--------------------------------------------------------------------
 * lenenc | column count      | always
 * 1      | metadata follows  | MARIADB_CLIENT_CACHE_METADATA negotiated; 0 means the column
 *        |                   | definitions are omitted (the client kept them from an earlier
 *        |                   | execution of the same prepared statement)
 * </pre>
 *
 * @param count           number of columns
 * @param metadataFollows whether column definitions follow
 */
public record ColumnCount(long count, boolean metadataFollows) {

    public byte[] encode(long capabilities) {
        PayloadWriter w = new PayloadWriter(10).lenencInt(count);
        if (Capabilities.has(capabilities, Capabilities.MARIADB_CLIENT_CACHE_METADATA)) {
            w.u8(metadataFollows ? 1 : 0);
        } else if (!metadataFollows) {
            throw new IllegalArgumentException("omitting metadata needs MARIADB_CLIENT_CACHE_METADATA");
        }
        return w.toByteArray();
    }

    public static ColumnCount decode(byte[] payload, long capabilities) {
        PayloadReader r = new PayloadReader("column count", payload);
        long count = r.lenencInt();
        if (count <= 0) {
            throw r.fail("a result set has at least one column, not " + count);
        }
        boolean follows = true;
        if (Capabilities.has(capabilities, Capabilities.MARIADB_CLIENT_CACHE_METADATA) && r.hasRemaining()) {
            follows = r.u8() != 0;
        }
        return new ColumnCount(count, follows);
    }
}
